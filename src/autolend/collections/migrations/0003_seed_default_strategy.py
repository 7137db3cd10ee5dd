"""Data: the default collection strategy (version 2026-01, in force from the start) and the two
ledger accounts the agency commission posts to (2245 payable, 6421 expense; see ledger/chart.py)."""

from datetime import date

from django.db import migrations

ROWS = {  # bucket → queue for the (high, medium, low) score bands, as in strategy.DEFAULT_ROWS
    "M1": ("auto_message", "auto_message", "phone"),
    "M2": ("phone", "phone", "phone"),
    "M3": ("phone", "field_visit", "field_visit"),
    "M4": ("field_visit", "field_visit", "repossession"),
    "M5": ("field_visit", "legal", "repossession"),
    "M6": ("legal", "repossession", "repossession"),
    "M7+": ("outside_agency", "outside_agency", "outside_agency"),
}
SLA_DAYS = {"auto_message": 3, "phone": 2, "field_visit": 5, "legal": 10, "repossession": 10, "outside_agency": 15}
START = date(2000, 1, 1)
ACCOUNTS = (
    ("2245", "Collection agency commission payable", "应付委外催收佣金", "liability", "agency_commission_payable"),
    ("6421", "Collection commission expense", "委外催收佣金支出", "expense", "collection_commission_expense"),
)


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    Strategy = apps.get_model("collections", "CollectionStrategy")
    Cell = apps.get_model("collections", "StrategyCell")
    strategy, created = Strategy.objects.get_or_create(version="2026-01", defaults={
        "effective_from": START, "status": "active", "sla_days": SLA_DAYS, "writeoff_after_dpd": 180,
        "note": "default table", "proposed_on": START, "decided_on": START})
    if created:
        Cell.objects.bulk_create([Cell(strategy=strategy, bucket=b, band=band, queue=q)
                                  for b, queues in ROWS.items() for band, q in zip(("high", "medium", "low"), queues)])
    Account = apps.get_model("ledger", "Account")
    AccountMapping = apps.get_model("ledger", "AccountMapping")
    for code, name, name_zh, kind, role in ACCOUNTS:
        account, _ = Account.objects.get_or_create(code=code, defaults={"name": name, "name_zh": name_zh, "type": kind})
        AccountMapping.objects.get_or_create(product_code="", role=role, defaults={"account": account})


def unseed(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("collections", "CollectionStrategy").objects.filter(version="2026-01").delete()


class Migration(migrations.Migration):
    dependencies = [("collections", "0002_strategy_versions_and_commission_entries"), ("ledger", "0002_default_chart")]
    operations = [migrations.RunPython(seed, unseed)]
