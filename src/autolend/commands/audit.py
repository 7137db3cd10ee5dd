"""`autolend audit verify`: recompute the audit trail's hash chain; exit 1 naming the first broken link."""

from __future__ import annotations

import argparse
import json
import sys

from autolend.commands.base import Subparsers, django_setup


def register(subparsers: Subparsers) -> None:
    parser = subparsers.add_parser("audit", help="audit trail tools", description=__doc__)
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help="verify the hash chain of every audit event")
    verify.add_argument("--json", action="store_true", help="print the report as JSON")
    verify.set_defaults(handler=handle_verify)


def handle_verify(args: argparse.Namespace) -> int:
    django_setup()
    from autolend.audit.selectors import audit_verify

    report = audit_verify()
    if args.json:
        print(json.dumps({"ok": report.ok, "events_checked": report.events_checked,
                          "first_broken_seq": report.first_broken_seq, "problem": report.problem}))
    elif report.ok:
        print(f"audit trail intact: {report.events_checked} events verified")
    if not report.ok:
        where = f" at event #{report.first_broken_seq}" if report.first_broken_seq is not None else ""
        print(f"audit trail broken{where}: {report.problem}", file=sys.stderr)
        return 1
    return 0
