"""Finding accounts: by code, or by the role they play for a product (cached per process)."""

from __future__ import annotations

from collections.abc import Iterable

from autolend.ledger.chart import AccountRole
from autolend.ledger.models import Account, AccountMapping

_ids: dict[str, int] = {}
_roles: dict[str, dict[AccountRole, str]] = {}


def account_ids(codes: Iterable[str]) -> dict[str, int]:
    """Primary keys of the accounts with these codes; unknown codes raise a LedgerError."""
    wanted = set(codes)
    missing = wanted - _ids.keys()
    if missing:
        _ids.update(Account.objects.filter(code__in=missing).values_list("code", "id"))
        unknown = missing - _ids.keys()
        if unknown:
            from autolend.ledger.services import LedgerError

            raise LedgerError(f"unknown account {sorted(unknown)[0]}", "account")
    return {code: _ids[code] for code in wanted}


def role_accounts(product_code: str = "") -> dict[AccountRole, str]:
    """Account code for each role: the product's own mapping over the default one.

    Cached per process: every posting asks, and mappings change only through migrations and
    ``chart_ensure`` (which clears the cache).
    """
    cached = _roles.get(product_code)
    if cached is not None:
        return dict(cached)
    rows = AccountMapping.objects.filter(product_code__in=["", product_code]).values_list(
        "product_code", "role", "account__code"
    )
    mapping: dict[AccountRole, str] = {}
    for product, role, code in sorted(rows, key=lambda row: row[0] != ""):  # default first
        if product in ("", product_code):
            mapping[AccountRole(role)] = code
    _roles[product_code] = mapping
    return dict(mapping)


def clear_cache() -> None:
    """Forget cached ids and role mappings (tests that recreate the chart)."""
    _ids.clear()
    _roles.clear()
