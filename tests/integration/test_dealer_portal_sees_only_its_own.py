"""A dealer's staff see only their own dealer's business in the portal: the pipeline lists and
counts their applications only, and another dealer's application by id is a 404 (page and
upload alike). Staff, borrowers and dealer logins without an active membership are refused."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from autolend.dealer_portal.testing import dealer_user
from autolend.identity.models import Role
from autolend.identity.testing import login
from autolend.origination import testing as t
from autolend.parties.models import DealerStaff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()


def test_the_pipeline_and_pages_show_only_our_business(client: Client) -> None:
    north, south = t.dealer("North Motors"), t.dealer("South Motors")
    ours = [t.submit(dealer_row=north), t.submit(dealer_row=north)]
    theirs = t.submit(dealer_row=south)
    client.force_login(dealer_user(north, "seller-north"))
    html = client.get("/dealer/", headers={"Accept-Language": "en"}).content.decode()
    assert all(app.number in html for app in ours) and theirs.number not in html
    assert sum(map(int, re.findall(r'<span class="n">(\d+)</span>', html))) == 2  # our two, not theirs
    assert client.get(f"/dealer/applications/{ours[0].pk}/").status_code == 200
    assert client.get(f"/dealer/applications/{theirs.pk}/").status_code == 404
    upload = client.post(f"/dealer/applications/{theirs.pk}/documents/", {"doc_type": "id_card"})
    assert upload.status_code == 404


def test_pipeline_counts_by_status(client: Client) -> None:
    north = t.dealer("North Motors")
    apps = [t.submit(dealer_row=north) for _ in range(3)]
    client.force_login(dealer_user(north, "seller-counts"))
    html = client.get("/dealer/").content.decode()
    by_status: dict[str, int] = {}
    for app in apps:
        by_status[app.status] = by_status.get(app.status, 0) + 1
    for status, n in by_status.items():
        assert f'data-status="{status}">' in html
        assert f'<span class="n">{n}</span>' in html.split(f'data-status="{status}"')[1].split("</a>")[0]
    filtered = client.get(f"/dealer/?status={apps[0].status}").content.decode()
    assert len(re.findall(r'href="/dealer/applications/\d+/"', filtered)) == by_status[apps[0].status]


@pytest.mark.parametrize("role", [Role.BORROWER, Role.OPERATIONS, Role.ADMIN, Role.DEALER])
def test_others_are_refused(client: Client, role: Role) -> None:
    login(client, t.user(f"someone-{role.value}", role))  # a dealer login with no membership too
    assert client.get("/dealer/").status_code == 403
    assert client.get("/dealer/commissions/").status_code == 403


def test_an_ended_membership_is_refused_and_signed_out_users_sign_in(client: Client) -> None:
    north = t.dealer("North Motors")
    seller = dealer_user(north, "seller-gone")
    DealerStaff.objects.filter(user=seller).update(is_active=False)
    client.force_login(seller)
    assert client.get("/dealer/").status_code == 403
    anonymous = Client().get("/dealer/funding/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
