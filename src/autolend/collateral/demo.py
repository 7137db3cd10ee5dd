"""The demo book's collateral (演示押品): every disbursed demo loan's car, its mortgage, its tracker.

``CollateralDemo`` is a ``servicing.demo_book.DemoHook``: on each business date, before EOD, it
registers the cars of the loans disbursed that day (valid VIN from ``vehicles.vin``, an
appraisal, a mortgage request, a wired tracker), moves the mortgages on (submitted the next day,
registered at the office four days later; released after payoff or maturity, trackers removed),
sends the trackers' daily evening report (parked at home one day, at work the next) and runs the
REPOSSESSED loan's repossession (order at 40 days past due, agent, recovery, auction, sale,
settlement; see ``demo_plan.REPOSSESSION_STEPS``). EOD's ``collateral_daily`` step does the rest
(revaluation and LTV alerts, deadline alerts, the GPS sweep). Scripted on purpose: the most recent
ON_TIME loan's mortgage is still only requested, one LATE loan's filing is never registered (the
30-day alert), one in-collections car goes silent (offline alert), one tracker reports a tamper.
Every step is guarded, so a resumed seed repeats nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from autolend.collateral.models import (
    DeviceStatus,
    GpsDevice,
    MortgageRegistration,
    MortgageStatus,
    RepossessionOrder,
    Vehicle,
)
from autolend.collateral.services import (
    device_install,
    device_remove,
    listing_create,
    listing_sell,
    mortgage_poll,
    mortgage_release_request,
    mortgage_request,
    mortgage_submit,
    repossession_assign,
    repossession_cost_add,
    repossession_order,
    repossession_recover,
    repossession_settle,
    telemetry_ingest,
    valuation_appraise,
    vehicle_register,
)
from autolend.integrations.gps import TelemetryPoint
from autolend.servicing.demo_plan import DEMO_DATE, LoanPlan, Profile, repossession_dates
from autolend.vehicles.vin import make_vin

# WMI, VDS, make, model, energy, segment (valid VINs; WMIs of Chinese plants)
CARS = (
    ("LGX", "C16DF", "BYD", "Qin PLUS", "bev", "economy"),
    ("LSV", "AB2C1", "SAIC Volkswagen", "Lavida", "ice", "economy"),
    ("LFV", "2A1K9", "FAW-Volkswagen", "Sagitar", "ice", "midsize"),
    ("LSG", "UL83L", "SAIC-GM", "Buick GL8", "ice", "midsize"),
    ("LVG", "BE4EB", "GAC Toyota", "Camry", "hev", "midsize"),
    ("LHG", "CV165", "GAC Honda", "CR-V", "phev", "suv"),
)
CITY = (31.2304, 121.4737)  # Shanghai: the demo dealers' and borrowers' city
CST = timedelta(hours=8)
SETTLED = ("paid_off", "closed_repossessed")


def _cst(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), UTC) - CST


class CollateralDemo:
    """The demo hook (see the module docstring); ``counts`` feeds the progress line."""

    def __init__(self) -> None:
        self.counts = {"cars": 0, "registered": 0, "points": 0}
        self.pending_key: int | None = None
        self.overdue_key: int | None = None
        self.silent_key: int | None = None
        self.tamper_key: int | None = None
        self.repossession: dict[date, str] | None = None

    def summary(self) -> str:
        c = self.counts
        return f"{c['cars']} cars, {c['registered']} mortgages registered, {c['points']} GPS points"

    def _choose(self, plans: tuple[LoanPlan, ...]) -> None:
        if self.pending_key is not None:
            return
        disbursed = [p for p in plans if p.disbursed_on is not None]
        self.pending_key = max((p for p in disbursed if p.profile is Profile.ON_TIME),
                               key=lambda p: (p.disbursed_on, p.key)).key
        self.overdue_key = min(p.key for p in disbursed if p.profile is Profile.LATE)
        self.silent_key = min(p.key for p in disbursed if p.profile is Profile.COLLECTIONS_90)
        self.tamper_key = min(p.key for p in disbursed if p.profile is Profile.COLLECTIONS_30)

    # -- the hook --------------------------------------------------------------------------------

    def day(self, day: date, book: Any) -> None:
        from autolend.servicing.models import Loan

        self._choose(book.plans)
        actor = book.staff["operations"]
        ids = [loan.pk for loan in book.loans.values()]
        # three reads for the whole book; a service is called only when a car's next step is due
        cars = {v.loan_id: v for v in Vehicle.objects.filter(loan_id__in=ids)}
        regs = {r.vehicle_id: r for r in MortgageRegistration.objects.filter(vehicle__loan_id__in=ids).order_by("pk")}
        loans = {pk: (status, closed) for pk, status, closed in
                 Loan.objects.filter(pk__in=ids).values_list("pk", "status", "closed_on")}
        for plan in book.plans:
            loan = book.loans.get(plan.key)
            if loan is None or plan.disbursed_on is None or plan.disbursed_on > day:
                continue
            car = cars.get(loan.pk)
            if car is None:
                car = self._register(plan, loan, day, actor)
            self._mortgage(plan, car, regs.get(car.pk), loans[loan.pk], day, actor)
            if plan.profile is Profile.REPOSSESSED:
                self._repossession(car, day, book)
        self._telemetry(day, book)
        self.counts["cars"] = len(cars)
        self.counts["registered"] = sum(r.status == MortgageStatus.REGISTERED for r in regs.values())

    def _register(self, plan: LoanPlan, loan: Any, day: date, actor: Any) -> Vehicle:
        wmi, vds, make, model, energy, segment = CARS[plan.key % len(CARS)]
        used = plan.product == "USEDCAR" or plan.profile is Profile.REPOSSESSED
        year = day.year - (3 if used else 0)
        # the loan finances 70 % of a new car's price (a used car: about 70 % of its value today)
        new_price = (plan.principal / Decimal("0.7") / (Decimal("0.62") if used else 1)).quantize(Decimal("1000"))
        car = vehicle_register(
            vin=make_vin(wmi, vds, year, "S", f"{plan.key:06d}"), make=make, model=model, model_year=year,
            new_price=new_price, as_of=day, energy=energy, segment=segment, plate=f"沪A{plan.key:05d}",
            first_registered=date(year, 3, 1) if used else day, mileage_km=45_000 if used else 10,
            declared_province="310000", fence=(*CITY, 80_000.0), loan=loan, actor=actor)
        value = (plan.principal / Decimal("0.7")).quantize(Decimal("100"))
        valuation_appraise(car, day, value, value * Decimal("0.92"), value * Decimal("1.06"), actor,
                           note="dealer appraisal at disbursement")
        device_install(car, f"8640000{plan.key:08d}", "wired", day, technician="Demo Installer",
                       position="under the dashboard", fee="800.00", actor=actor)
        return car

    def _mortgage(self, plan: LoanPlan, car: Vehicle, reg: MortgageRegistration | None,
                  loan: tuple[str, date | None], day: date, actor: Any) -> None:
        status, closed_on = loan
        if reg is None:
            if status == "active":
                mortgage_request(car, day, actor)
            return
        age = (day - reg.requested_on).days
        if reg.status == MortgageStatus.REQUESTED and age >= 1 and plan.key != self.pending_key:
            mortgage_submit(reg, day, actor)
        elif reg.status == MortgageStatus.SUBMITTED and age >= 5 and plan.key != self.overdue_key:
            mortgage_poll(reg, day, actor)
        elif reg.status == MortgageStatus.REGISTERED and status in SETTLED and closed_on is not None \
                and day >= closed_on + timedelta(days=2):
            mortgage_release_request(reg, day, actor)
            for device in GpsDevice.objects.filter(vehicle=car, status=DeviceStatus.ACTIVE):
                device_remove(device, day, reason="loan settled, mortgage released", technician="Demo Installer",
                              actor=actor)
        elif reg.status == MortgageStatus.RELEASE_REQUESTED and day >= reg.release_requested_on + timedelta(days=3):
            mortgage_poll(reg, day, actor)

    def _repossession(self, car: Vehicle, day: date, book: Any) -> None:
        from autolend.servicing.models import DueKind, Installment
        from autolend.servicing.selectors import payoff_quote_for

        if self.repossession is None:
            dues = list(Installment.objects.filter(loan_id=car.loan_id, kind=DueKind.INSTALLMENT, version=1)
                        .order_by("due_date").values_list("due_date", flat=True))
            self.repossession = repossession_dates(dues)
        step = self.repossession.get(day)
        if step is None:
            return
        order = RepossessionOrder.objects.filter(vehicle=car).first()
        collector, finance = book.staff["collector"], book.staff["finance"]
        if step == "order" and order is None:
            repossession_order(car, day, "over 40 days past due, borrower unreachable (失联)", collector)
        elif order is None:
            return
        elif step == "assign" and order.status == "ordered":
            repossession_assign(order, "Shanghai Anxin Recovery Co.", day, collector)
        elif step == "recover" and order.status == "assigned":
            repossession_recover(order, day, condition="B", mileage_km=52_300, storage_location="Jiading yard",
                                 actor=collector)
            for kind, amount in (("agent_fee", "4000.00"), ("towing", "900.00"), ("storage", "600.00")):
                repossession_cost_add(order, kind, amount, day, actor=collector)
        elif step == "list" and not order.listings.exists():
            listing_create(order, "auction", day, "60000.00", actor=collector)
        elif step == "sell" and order.status != "sold":
            quote = payoff_quote_for(car.loan, day).total
            price = ((quote + Decimal("12000")) / 1000).quantize(Decimal("1")) * 1000  # above what is owed
            listing_sell(order.listings.get(), price, "Shanghai Used Car Auction Ltd.", day, "AUC-DEMO-1",
                         actor=collector)
        elif step == "settle" and order.status == "sold":
            repossession_settle(order, day, finance, refund_account="6222020000123456")

    def _telemetry(self, day: date, book: Any) -> None:
        """Each active tracker's evening report of ``day`` (none from the silent car in its last 10 days)."""
        keys = {loan.pk: key for key, loan in book.loans.items()}
        devices = GpsDevice.objects.filter(status=DeviceStatus.ACTIVE, installed_on__lte=day).values_list(
            "external_id", "vehicle__loan_id")
        points: list[TelemetryPoint] = []
        for external_id, loan_id in devices:
            key = keys.get(loan_id, 0)
            if key == self.silent_key and day >= DEMO_DATE - timedelta(days=10):
                continue
            home = (CITY[0] + (key % 9 - 4) * 0.01, CITY[1] + (key % 7 - 3) * 0.012)
            work = (CITY[0] + (key % 5 - 2) * 0.004, CITY[1] + (key % 3 - 1) * 0.005)
            tamper = key == self.tamper_key and day == DEMO_DATE - timedelta(days=3)
            where = home if day.toordinal() % 2 else work  # parked at home one evening, at work the next
            points.append(TelemetryPoint(external_id, _cst(day, 18, 40), *where, tamper=tamper))
        if points:
            telemetry_ingest(points, received_at=_cst(day, 23, 0))
            self.counts["points"] += len(points)
