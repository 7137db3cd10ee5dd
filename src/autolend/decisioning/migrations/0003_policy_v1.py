"""Policy version 1 (授信政策 v1), in force from 2015-01-01: the lender's own conventions.

Frozen here as data (not imported from the engine), so a later change of the engine's defaults
never rewrites what v1 was. Regulatory limits are not here: they are products' regulatory caps.
"""

from datetime import date

from django.db import migrations
from django.utils import timezone

RULES_V1 = {
    "min_age": 18, "max_age_at_maturity": "65", "min_bureau_score": 450, "max_delinquencies_24m": 5,
    "max_pd": "0.20", "fraud_mobile_decline": 3, "fraud_device_decline": 3,
    "refer_pd": "0.10", "refer_delinquencies_24m": 3, "refer_inquiries_6m": 6, "refer_thin_file": True,
    "refer_min_employment_years": "0.5", "refer_dti": "0.55", "fraud_mobile_refer": 1, "fraud_device_refer": 1,
    "refer_other_mobiles_same_id": 2, "refer_applications_same_id_30d": 3, "refer_applications_dealer_day": 200,
    "refer_price_valuation_gap": "0.30",
    "max_pti": "0.40", "max_dti": "0.65", "min_amount": "10000", "amount_step": "100", "max_offers": 3,
    "extra_down_payment_pct": ["10"], "balloon_pct": "30", "offer_validity_days": 30,
    "pricing": {"funding_cost_pct": "3.20", "operating_cost_pct": "1.50", "margin_pct": "2.00", "lgd": "0.45",
                "pd_window_months": 12, "term_premium_pct_per_year": "0.10", "rate_step_pct": "0.01"},
    "stipulations": {"always": ["id_card", "driving_licence"], "used": ["vehicle_registration"],
                     "refer": ["income_proof"]},
}


def add_policy(apps, schema_editor):
    PolicyVersion = apps.get_model("decisioning", "PolicyVersion")
    PolicyVersion.objects.get_or_create(version=1, defaults={
        "effective_from": date(2015, 1, 1), "rules": RULES_V1, "note": "initial policy", "created_at": timezone.now(),
    })


def remove_policy(apps, schema_editor):
    apps.get_model("decisioning", "PolicyVersion").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("decisioning", "0002_initial")]
    operations = [migrations.RunPython(add_policy, remove_policy)]
