"""Regulatory caps as effective-dated data (DOMAIN.md, "Regulatory caps"). Literal rows: a
migration must not change meaning when the app's code does. Ranges are half-open [from, to)."""

from datetime import date

from django.db import migrations

AUTO_LOAN_RULES = (
    "《汽车贷款管理办法》 (PBoC/CBRC Order 2017 No.2), in force 2018-01-01: car loans at most 5 years, "
    "used-car loans at most 3 years, dealer loans at most 1 year (extensions included)."
)
LTV_2018 = (
    "PBoC/CBRC notice on adjusting car-loan policies, in force 2018-01-01: maximum loan-to-value "
    "self-use conventional 80%, commercial conventional 70%, self-use new-energy 85%, commercial "
    "new-energy 75%, used car 70%."
)
LTV_2024 = (
    "PBoC/NFRA notice on adjusting car-loan policies, 2024-04-03: the maximum loan-to-value of self-use "
    "conventional and self-use new-energy cars is set by each institution; commercial conventional 70%, "
    "commercial new-energy 75%, used car 70% unchanged."
)
INSTITUTION = " Institution-set: the lender's policy value (kept at the former cap) applies."
APR_GUARDRAIL = (
    "Platform APR guardrail, a configured limit, not a legal cap for licensed lenders: courts protected "
    "private lending up to 24% from 2015-09-01 and up to 4 × the one-year LPR since 2020-08-20; platforms "
    "commonly cap the APR at 24%. Pricing never exceeds it."
)

D2018, D2024 = date(2018, 1, 1), date(2024, 4, 3)

# kind, scope, value (None: institution-set), policy value, effective from, effective to, source
CAPS = (
    ("max_term_months", "new_car", "60", None, D2018, None, AUTO_LOAN_RULES),
    ("max_term_months", "used_car", "36", None, D2018, None, AUTO_LOAN_RULES),
    ("max_term_months", "dealer_loan", "12", None, D2018, None, AUTO_LOAN_RULES),
    ("max_ltv", "self_use_conventional", "80", None, D2018, D2024, LTV_2018),
    ("max_ltv", "commercial_conventional", "70", None, D2018, D2024, LTV_2018),
    ("max_ltv", "self_use_nev", "85", None, D2018, D2024, LTV_2018),
    ("max_ltv", "commercial_nev", "75", None, D2018, D2024, LTV_2018),
    ("max_ltv", "used", "70", None, D2018, D2024, LTV_2018),
    ("max_ltv", "self_use_conventional", None, "80", D2024, None, LTV_2024 + INSTITUTION),
    ("max_ltv", "commercial_conventional", "70", None, D2024, None, LTV_2024),
    ("max_ltv", "self_use_nev", None, "85", D2024, None, LTV_2024 + INSTITUTION),
    ("max_ltv", "commercial_nev", "75", None, D2024, None, LTV_2024),
    ("max_ltv", "used", "70", None, D2024, None, LTV_2024),
    ("max_apr", "all", None, "24", date(2015, 9, 1), None, APR_GUARDRAIL),
)


def seed_caps(apps, schema_editor):  # type: ignore[no-untyped-def]
    RegulatoryCap = apps.get_model("products", "RegulatoryCap")
    for kind, scope, value, policy, start, end, source in CAPS:
        RegulatoryCap.objects.get_or_create(
            kind=kind, scope=scope, effective_from=start,
            defaults={"value": value, "policy_value": policy, "effective_to": end, "source": source},
        )


def remove_caps(apps, schema_editor):  # type: ignore[no-untyped-def]
    RegulatoryCap = apps.get_model("products", "RegulatoryCap")
    for kind, scope, _value, _policy, start, _end, _source in CAPS:
        RegulatoryCap.objects.filter(kind=kind, scope=scope, effective_from=start).delete()


class Migration(migrations.Migration):
    dependencies = [("products", "0001_initial")]
    operations = [migrations.RunPython(seed_caps, remove_caps)]
