"""The audit trail is a hash chain: any altered or removed event is found, and the CLI says where."""

from __future__ import annotations

import pytest
from django.db import transaction

from autolend.audit.models import AuditEvent
from autolend.audit.selectors import audit_verify
from autolend.audit.services import audit_record
from autolend.cli import main

pytestmark = pytest.mark.django_db


def _three_events() -> list[AuditEvent]:
    with transaction.atomic():
        return [
            audit_record("loan.book", "loan", "AL00000001", after={"principal": "100000.00"}),
            audit_record("loan.disburse", "loan", "AL00000001", before={"status": "pending"}, after={"status": "active"}),
            audit_record("repayment.post", "loan", "AL00000001", after={"amount": "3555.87"}),
        ]


def test_intact_chain_verifies_and_links_each_event_to_the_previous() -> None:
    events = _three_events()
    assert events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash
    report = audit_verify()
    assert report.ok and report.events_checked == 3


def test_an_altered_event_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    events = _three_events()
    AuditEvent.objects.filter(seq=events[1].seq).update(after={"status": "written_off"})
    report = audit_verify()
    assert not report.ok and report.first_broken_seq == events[1].seq
    assert main(["audit", "verify"]) == 1
    assert f"#{events[1].seq}" in capsys.readouterr().err


def test_a_deleted_event_breaks_the_next_link() -> None:
    events = _three_events()
    AuditEvent.objects.filter(seq=events[1].seq).delete()
    report = audit_verify()
    assert not report.ok and report.first_broken_seq == events[2].seq


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused() -> None:
    with pytest.raises(RuntimeError):
        audit_record("loan.book", "loan", "AL1")


def test_cli_reports_intact_chain(capsys: pytest.CaptureFixture[str]) -> None:
    _three_events()
    assert main(["audit", "verify", "--json"]) == 0
    assert '"ok": true' in capsys.readouterr().out


def test_removing_the_last_events_of_a_stream_is_found_at_its_head() -> None:
    events = _three_events()
    AuditEvent.objects.filter(seq=events[2].seq).delete()
    report = audit_verify()
    assert not report.ok and report.first_broken_seq == events[1].seq
    assert "removed" in report.problem


@pytest.mark.django_db(transaction=True)
def test_writers_on_other_threads_append_to_their_own_streams_and_all_verify() -> None:
    import threading

    from autolend.audit.services import stream_for_writer

    streams: list[int] = []

    def write(n: int) -> None:
        with transaction.atomic():
            event = audit_record("test.write", "thing", n)
        streams.append(event.stream)
        assert event.stream == stream_for_writer()

    for n in range(6):
        thread = threading.Thread(target=write, args=(n,))
        thread.start()
        thread.join()
    _three_events()
    assert audit_verify().ok and audit_verify().events_checked == 9
    assert all(1 <= s <= 16 for s in streams)
