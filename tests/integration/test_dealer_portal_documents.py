"""A dealer uploads a document for a stipulation: the file is checked and stored, the
stipulation becomes received. A refused file re-renders with the reason (422), nothing stored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from autolend.dealer_portal.testing import dealer_user
from autolend.origination import testing as t
from autolend.origination.models import Document
from autolend.origination.services import stipulation_request

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()


def test_an_upload_answers_the_stipulation(client: Client) -> None:
    north = t.dealer("North Motors")
    app = t.submit(dealer_row=north)
    stipulation = stipulation_request(app, "income_proof", note="last 6 months")
    client.force_login(dealer_user(north, "seller-docs"))
    page = client.get(f"/dealer/applications/{app.pk}/", headers={"Accept-Language": "en"}).content.decode()
    assert 'data-stipulation="income_proof"' in page and "last 6 months" in page
    response = client.post(f"/dealer/applications/{app.pk}/documents/",
                           {"doc_type": "income_proof",
                            "file": SimpleUploadedFile("salary.pdf", PDF, content_type="application/pdf")})
    assert response.status_code == 302
    stipulation.refresh_from_db()
    document = Document.objects.get(application=app)
    assert (stipulation.status, document.stipulation, document.size, document.content_type) == (
        "received", stipulation, len(PDF), "application/pdf")
    assert "salary.pdf" in client.get(f"/dealer/applications/{app.pk}/").content.decode()


def test_a_file_that_is_not_what_it_claims_is_refused(client: Client) -> None:
    north = t.dealer("North Motors")
    app = t.submit(dealer_row=north)
    client.force_login(dealer_user(north, "seller-badfile"))
    response = client.post(f"/dealer/applications/{app.pk}/documents/",
                           {"doc_type": "id_card", "file": SimpleUploadedFile("id.png", b"MZ\x90\x00 not an image")},
                           headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert 'id="error-file"' in response.content.decode()
    assert not Document.objects.exists()
