"""Reads of the decisioning app: the policy in force, anti-fraud signals and blacklist, decisions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.db.models import Q

from autolend.decisioning.engine.inputs import FraudSignals
from autolend.decisioning.models import BlacklistEntry, DecisionRecord, PolicyVersion
from autolend.refcache import refcache_get

# Statuses in which a car already secures an application (its VIN cannot secure another).
FINANCED = ("offer_accepted", "contract_signed", "booked")
BLACKLIST_ORDER = ("resident_id", "mobile", "device", "vin")


def policy_in_force(on: date) -> PolicyVersion | None:
    """The policy version in force on ``on`` (latest start wins); None if there is none.
    (Cached per process outside transactions: ``autolend.refcache``; read it, never change it.)"""
    return refcache_get(("policy", on), lambda: (
        PolicyVersion.objects.filter(Q(effective_from__lte=on) & (Q(effective_to__isnull=True) | Q(effective_to__gt=on)))
        .order_by("-effective_from", "-version")
        .first()
    ))


# One statement for the anti-fraud counts: it runs on every decision, and written by hand it is
# parsed once by the database and not rebuilt by the ORM each time. Plain SQL for PostgreSQL and
# SQLite alike; {app}, {borrower}, {blacklist} are the table names, {financed} the ``FINANCED``
# statuses. The last four columns are the blacklist hits by kind (``BLACKLIST_ORDER``).
FRAUD_SQL = """
SELECT
  COUNT(DISTINCT CASE WHEN a.borrower_id = %(me)s AND a.mobile <> %(mobile)s THEN a.mobile END),
  COUNT(DISTINCT CASE WHEN a.device_id = %(device)s AND a.device_id <> '' AND a.borrower_id <> %(me)s
                      THEN a.borrower_id END),
  COUNT(CASE WHEN a.borrower_id = %(me)s AND a.applied_on > %(since)s THEN 1 END),
  COUNT(CASE WHEN a.dealer_id = %(dealer)s AND a.applied_on = %(today)s THEN 1 END),
  COUNT(CASE WHEN a.vin = %(vin)s AND a.status IN ({financed}) THEN 1 END),
  (SELECT COUNT(*) FROM (SELECT b.id FROM {borrower} b WHERE b.mobile = %(mobile)s AND b.id <> %(me)s
                         UNION SELECT o.borrower_id FROM {app} o WHERE o.mobile = %(mobile)s
                         AND o.borrower_id <> %(me)s) people),
  (SELECT COUNT(*) FROM {blacklist} x WHERE x.removed_at IS NULL AND x.kind = 'resident_id' AND x.value = %(rid)s),
  (SELECT COUNT(*) FROM {blacklist} x WHERE x.removed_at IS NULL AND x.kind = 'mobile' AND x.value = %(mobile)s),
  (SELECT COUNT(*) FROM {blacklist} x WHERE x.removed_at IS NULL AND x.kind = 'device' AND x.value = %(device)s
                                      AND x.value <> ''),
  (SELECT COUNT(*) FROM {blacklist} x WHERE x.removed_at IS NULL AND x.kind = 'vin' AND x.value = %(vin)s)
FROM {app} a
WHERE a.id <> %(pk)s AND (a.mobile = %(mobile)s OR a.borrower_id = %(me)s OR a.vin = %(vin)s
      OR (a.device_id = %(device)s AND a.device_id <> '') OR (a.dealer_id = %(dealer)s AND a.applied_on = %(today)s))
"""


def fraud_signals(application: Any, as_of: date) -> FraudSignals:
    """Counts of our own books about this application's identifiers (the anti-fraud queries):
    other people giving its mobile number or applying from its device, other mobiles given with
    its resident ID, applications of the person in 30 days and of the dealer today, the car
    already financed (``FINANCED``), the blacklist: one statement."""
    from autolend.origination.models import Application
    from autolend.parties.models import Borrower

    sql = FRAUD_SQL.format(app=connection.ops.quote_name(Application._meta.db_table),
                           borrower=connection.ops.quote_name(Borrower._meta.db_table),
                           blacklist=connection.ops.quote_name(BlacklistEntry._meta.db_table),
                           financed=", ".join(f"'{status}'" for status in FINANCED))
    params = {"pk": application.pk, "me": application.borrower_id, "mobile": application.mobile,
              "device": application.device_id or "", "dealer": application.dealer_id, "vin": application.vin,
              "today": as_of, "since": as_of - timedelta(days=30), "rid": application.borrower.resident_id}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        mobiles, device, velocity_id, velocity_dealer, financed, same_mobile, *listed = cursor.fetchone()
    return FraudSignals(
        other_borrowers_same_mobile=int(same_mobile or 0), other_mobiles_same_id=int(mobiles or 0),
        other_borrowers_same_device=int(device or 0), applications_same_id_30d=int(velocity_id or 0),
        applications_dealer_today=int(velocity_dealer or 0), vin_financed=bool(financed),
        blacklist=tuple(kind for kind, hits in zip(BLACKLIST_ORDER, listed) if hits),
    )


def decision_latest(application_id: int) -> DecisionRecord | None:
    return DecisionRecord.objects.filter(application_id=application_id).order_by("-created_at", "-pk").first()


def decisions_of(application_id: int) -> list[DecisionRecord]:
    return list(DecisionRecord.objects.filter(application_id=application_id).order_by("created_at", "pk"))
