"""Every role (signed out + the ten roles) × every page in the URLConf and every operation in the
OpenAPI schema → allowed or refused as each view declares (``permission_required`` → the role
table in ``identity.permissions``; the portals' ``borrower_required`` / ``dealer_required``; the
API's permission-carrying auth or ``require(request, "…")``). Pages and operations added later are
enumerated too: one this test cannot classify fails it by name. Plus: no one reads another
borrower's or dealer's application or loan by changing an id, and an auditor's writes never succeed.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from ninja.constants import NOT_SET

from autolend.api.routers import api
from autolend.audit.models import AuditEvent
from autolend.dealer_portal.testing import booked, dealer_user, disburse
from autolend.identity.models import Role
from autolend.identity.permissions import PERMISSIONS, STAFF_ROLES
from autolend.identity.testing import login
from autolend.origination import testing as t
from autolend.servicing.models import Loan

pytestmark = pytest.mark.django_db

ROLES: list[Role | None] = [None, *Role]  # None: signed out
SIGN_IN_PAGES = ("/accounts/login/", "/accounts/two-factor/", "/portal/login/", "/admin/login/")
# Pages anyone may open (sign-in steps, language, the public calculator, the demo's SMS outbox).
PUBLIC_PAGES = {"web:home", "web:calculator", "login", "logout", "two_factor", "two_factor_setup",
                "set_language", "portal:register", "portal:login", "portal:verify", "portal:logout",
                "portal:sms_outbox"}
# Operations without a session: public reads and quotes, HMAC-signed webhooks, borrower sign-up.
PUBLIC_OPERATIONS = {"health", "quote_schedule", "quote_apr", "catalogue", "product_detail",
                     "regulatory_caps", "borrower_create"}
SIGNED_WEBHOOKS = {"payment_event", "telemetry"}
MISSING = 999_999


@dataclass(frozen=True)
class Rule:
    """Who passes the guard: ``public``, ``perm`` (a permission), ``role`` (one role),
    ``writer`` (staff but the auditor), ``signed_in`` (anyone signed in; objects filtered), ``signed``."""

    kind: str
    value: str = ""

    def allows(self, role: Role | None) -> bool:
        if self.kind == "public":
            return True
        if role is None or self.kind == "signed":
            return False
        if self.kind == "perm":
            return role in PERMISSIONS[self.value]
        if self.kind == "role":
            return role.value == self.value
        if self.kind == "writer":
            return role in STAFF_ROLES and role is not Role.AUDITOR
        return self.kind == "signed_in"


# --- classification ---------------------------------------------------------------------------

def _chain(view: Callable[..., Any]) -> Iterator[Callable[..., Any]]:
    while view is not None:
        yield view
        view = getattr(view, "__wrapped__", None)


def page_rule(name: str, view: Callable[..., Any]) -> Rule | None:
    if name in PUBLIC_PAGES:
        return Rule("public")
    for layer in _chain(view):
        if getattr(layer, "required_permission", None):
            return Rule("perm", layer.required_permission)
        qualname = getattr(getattr(layer, "__code__", None), "co_qualname", "")
        if qualname.startswith("dealer_required."):
            return Rule("role", Role.DEALER.value)
        if qualname.startswith("borrower_required."):
            return Rule("role", Role.BORROWER.value)
    return None


def pages() -> Iterator[tuple[str, str, Callable[..., Any]]]:
    """(route, name, view) of every page; the API and the admin site are checked apart."""
    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[tuple[str, str, Callable[..., Any]]]:
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern),
                                namespace + (f"{p.namespace}:" if p.namespace else ""))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern), namespace + (p.name or ""), p.callback
    for route, name, view in walk(get_resolver().url_patterns, "", ""):
        if not route.startswith(("api/", "^api/", "admin/")):
            yield route, name, view


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    op_id: str
    name: str  # the view function's
    auth: list[Any]  # the operation's own auth, else its router's
    source: str


def operations() -> Iterator[Operation]:
    """Every operation in the OpenAPI schema, with the auth it runs under."""
    by_id = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for op in path_view.operations:
                auth = op.auth_callbacks or ([] if router.auth is NOT_SET else router.auth)
                auth = list(auth) if isinstance(auth, list | tuple) else [auth]
                by_id[op.operation_id or api.get_openapi_operation_id(op)] = (op, auth)
    for path, methods in api.get_openapi_schema()["paths"].items():
        for method, spec in methods.items():
            op, auth = by_id[spec["operationId"]]
            yield Operation(method.upper(), path, spec["operationId"], op.view_func.__name__, auth,
                            inspect.getsource(op.view_func))


def operation_rule(op: Operation) -> Rule | None:
    if op.name in SIGNED_WEBHOOKS:
        return Rule("signed")
    if op.name in PUBLIC_OPERATIONS and not op.auth:
        return Rule("public")
    for auth in op.auth:
        if getattr(auth, "permission", None):
            return Rule("perm", auth.permission)
    kinds = {type(auth).__name__ for auth in op.auth}
    if kinds == {"StaffSession"}:
        return Rule("writer")  # parties: staff who may write (not the auditor)
    if kinds in ({"PartnerTokenAuth", "SessionAuth"}, {"SessionAuth"}):
        return Rule("signed_in")  # object-level: applications_visible_to, the borrower's own
    declared = re.findall(r'require\(request, "([\w.]+)"\)', op.source)
    if kinds == {"Session"} and len(set(declared)) == 1:
        return Rule("perm", declared[0])
    if kinds == {"Session"} and "APPROVE_PERMISSION[" in op.source:
        return Rule("signed_in")  # the request's kind names the permission (maker-checker tests)
    return None


# --- the world --------------------------------------------------------------------------------

@dataclass
class World:
    users: dict[Role, Any]
    app: Any  # the borrower's and north dealer's application (booked)
    loan: Loan
    other_app: Any  # another borrower's, through the south dealer
    other_borrower: Any
    other_dealer: Any
    approval_id: int

    def client(self, role: Role | None) -> Client:
        client = Client(headers={"Accept-Language": "en"}, raise_request_exception=False)
        return client if role is None else login(client, self.users[role])

    def fill(self, route: str, role: Role | None, *, missing: bool = False) -> str:
        """The route with real objects (the role's own where it has any) for its parameters, or
        with ids of no object (``missing``: an allowed action then answers 404 and writes nothing)."""
        values = {"number": self.loan.number, "pk": self.app.pk, "application_id": self.app.pk,
                  "offer_id": self.app.offers.order_by("rank").first().pk,
                  "borrower_id": self.app.borrower_id, "code": "NEWCAR", "request_id": self.approval_id,
                  "step": "identity", "kind": "instalment", "action": "submit",
                  "document_id": _first_id("origination.Document"),
                  "stipulation_id": _first_id("origination.Stipulation"),
                  "vehicle_id": _first_id("collateral.Vehicle"), "reg_id": _first_id("collateral.MortgageRegistration"),
                  "pledge_id": _first_id("collateral.Pledge"), "alert_id": _first_id("collateral.CollateralAlert"),
                  "order_id": _first_id("collateral.RepossessionOrder"), "device_id": _first_id("collateral.GpsDevice"),
                  "listing_id": _first_id("collateral.RemarketingListing"), "case_id": _first_id("collections.CollectionCase"),
                  "agency_id": _first_id("collections.Agency"), "strategy_id": MISSING, "transaction_id": MISSING}

        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in values:
                raise KeyError(f"no value for the path parameter {name!r} in {route!r}")
            return str(MISSING if missing and isinstance(values[name], int) else values[name])

        path = re.sub(r"<(?:\w+:)?(\w+)>", value, route)
        path = re.sub(r"\{(\w+)\}", value, path)
        return path if path.startswith("/") else f"/{path}"


def _first_id(label: str) -> int:
    row = apps.get_model(label).objects.order_by("pk").values_list("pk", flat=True).first()
    return row or MISSING


@pytest.fixture
def world(settings: Any, tmp_path: Path) -> World:
    t.configure(settings, tmp_path)
    settings.AUTOLEND_GPS_WEBHOOK_SECRET = "matrix-test-secret"  # required without debug
    t.seed_catalogue()
    north, south = t.dealer("North Motors"), t.dealer("South Motors")
    users = {role: t.user(role.value, role) for role in Role if role is not Role.DEALER}
    users[Role.DEALER] = dealer_user(north, "dealer")
    users[Role.ADMIN].is_staff = users[Role.ADMIN].is_superuser = True  # as the demo's admin
    users[Role.ADMIN].save(update_fields=["is_staff", "is_superuser"])
    app, loan = booked(north)
    other = t.submit(dealer_row=south)
    other_borrower = t.user("borrower-b", Role.BORROWER)
    for party, user in ((app.borrower, users[Role.BORROWER]), (other.borrower, other_borrower)):
        party.user = user
        party.save(update_fields=["user"])
    Loan.objects.filter(pk=loan.pk).update(borrower=users[Role.BORROWER])
    approval = disburse(loan, t.AS_OF, approve=False)
    return World(users, app, loan, other, other_borrower, dealer_user(south, "dealer-south"), approval.pk)


# --- checks -----------------------------------------------------------------------------------

def refused(response: Any, role: Role | None) -> bool:
    if response.status_code in (401, 403):
        return True
    location = response.get("Location", "") if response.status_code == 302 else ""
    return role is None and location.startswith(SIGN_IN_PAGES)


def page_request(client: Client, path: str, action_path: str) -> Any:
    """GET the page; an action (GET refused with 405) is POSTed to ``action_path``."""
    response = client.get(path)
    return client.post(action_path) if response.status_code == 405 else response


def test_every_page_by_every_role(world: World) -> None:
    problems: list[str] = []
    checked = 0
    for route, name, view in pages():
        rule = page_rule(name, view)
        if rule is None:
            problems.append(f"unclassified page /{route} ({name}): add it to the matrix")
            continue
        for role in ROLES:
            path = world.fill(route, role)
            # Roles the guard lets in POST actions about no object, so the matrix writes nothing.
            action = world.fill(route, role, missing=rule.allows(role))
            response = page_request(world.client(role), path, action)
            checked += 1
            if response.status_code >= 500:
                problems.append(f"{path} as {role}: {response.status_code}")
            elif rule.kind != "public" and rule.allows(role) == refused(response, role):
                problems.append(f"{path} as {role}: {response.status_code} but {rule} "
                                f"{'allows' if rule.allows(role) else 'refuses'} it")
    assert not problems, "\n".join(problems)
    assert checked >= 11 * 60


def test_every_api_operation_by_every_role(world: World) -> None:
    problems: list[str] = []
    for op in operations():
        rule = operation_rule(op)
        if rule is None:
            problems.append(f"unclassified operation {op.method} {op.path} ({op.op_id}): add it to the matrix")
            continue
        declared_by_auth = any(getattr(a, "permission", None) for a in op.auth) or rule.kind == "writer"
        for role in ROLES:
            url = world.fill(op.path, role, missing=op.method != "GET" and rule.allows(role))
            if op.method != "GET" and not (role is None or declared_by_auth):
                continue  # a body check runs before `require(...)`: see the auditor test for writes
            client = world.client(role)
            response = (client.get(url) if op.method == "GET"
                        else client.generic(op.method, url, "{}", "application/json"))
            if response.status_code >= 500:
                problems.append(f"{op.method} {url} as {role}: {response.status_code}")
            elif rule.kind in ("public",):
                continue
            elif rule.allows(role) == (response.status_code in (401, 403)):
                problems.append(f"{op.method} {url} as {role}: {response.status_code} but {rule} "
                                f"{'allows' if rule.allows(role) else 'refuses'} it")
    assert not problems, "\n".join(problems)


def test_the_admin_site_is_for_the_admin_only(world: World) -> None:
    for role in ROLES:
        response = world.client(role).get("/admin/")
        assert (response.status_code == 200) == (role is Role.ADMIN), role
        if role is not Role.ADMIN:
            assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_an_auditor_never_writes(world: World) -> None:
    auditor = world.client(Role.AUDITOR)
    before = AuditEvent.objects.count()
    problems = []
    # Actions: pages that refuse GET (405), and every API write.
    targets = [(path, "POST") for path in (world.fill(route, Role.AUDITOR) for route, name, _view in pages()
                                           if name not in PUBLIC_PAGES)
               if auditor.get(path).status_code == 405]
    targets += [(world.fill(op.path, Role.AUDITOR), op.method) for op in operations()
                if op.method in ("POST", "PUT", "PATCH", "DELETE") and op.name not in SIGNED_WEBHOOKS]
    for url, method in targets:
        response = auditor.generic(method, url, "{}", "application/json") if url.startswith("/api/") \
            else auditor.post(url, {"amount": "100", "reason": "x", "date": "2025-03-03"})
        if 200 <= response.status_code < 300 or response.status_code >= 500:
            problems.append(f"{method} {url}: {response.status_code}")
    assert not problems, "\n".join(problems)
    assert AuditEvent.objects.count() == before
    assert len(targets) > 40


def test_no_one_reads_anothers_application_or_loan_by_its_id(world: World) -> None:
    theirs = world.other_app.pk
    borrower, stranger = world.client(Role.BORROWER), login(Client(), world.other_borrower)
    assert borrower.get(f"/portal/applications/{world.app.pk}/").status_code == 200
    for path in (f"/portal/applications/{theirs}/", f"/portal/applications/{theirs}/contract.pdf",
                 f"/portal/applications/{theirs}/sign/", f"/api/v1/applications/{theirs}"):
        assert borrower.get(path).status_code in (403, 404), path
    assert stranger.get(f"/portal/loans/{world.loan.number}/").status_code == 404
    assert stranger.get(f"/api/v1/loans/{world.loan.number}").status_code == 403

    dealer, other_dealer = world.client(Role.DEALER), login(Client(), world.other_dealer)
    assert dealer.get(f"/dealer/applications/{world.app.pk}/").status_code == 200
    assert other_dealer.get(f"/dealer/applications/{world.app.pk}/").status_code == 404
    assert other_dealer.get(f"/api/v1/applications/{world.app.pk}").status_code == 404
    assert dealer.get(f"/dealer/applications/{theirs}/").status_code == 404
