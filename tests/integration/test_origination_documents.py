"""Document upload: the file's content (magic bytes) must be PDF, JPEG or PNG and agree with its
name and declared type, within the size limit; a good file is stored by its SHA-256 and makes
the stipulation of its type "received". Refusals are a 422 naming the file, nothing stored."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from autolend.integrations.storage import LocalFileStorage
from autolend.origination import testing as t
from autolend.origination.models import Document
from autolend.origination.services import partner_token_issue

pytestmark = pytest.mark.django_db
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()


@pytest.fixture
def partner() -> tuple[Any, str]:
    return partner_token_issue("Partner")


def upload(client: Client, raw: str, app_id: int, name: str, content: bytes, kind: str, doc_type: str = "id_card",
           language: str = "en") -> Any:
    return client.post(f"/api/v1/applications/{app_id}/documents",
                       {"doc_type": doc_type, "file": SimpleUploadedFile(name, content, content_type=kind)},
                       HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE=language)


def mine(token: Any) -> Any:
    app = t.submit()
    app.partner_token = token
    app.save(update_fields=["partner_token"])
    return app


def test_a_good_file_is_stored_and_receives_the_stipulation(client: Client, partner: tuple[Any, str],
                                                             settings: Any) -> None:
    token, raw = partner
    app = mine(token)
    response = upload(client, raw, app.pk, "id-front.jpg", JPEG, "image/jpeg")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["content_type"] == "image/jpeg" and data["stipulation_status"] == "received"
    assert data["sha256"] == hashlib.sha256(JPEG).hexdigest()
    stored = Document.objects.get(pk=data["id"])
    assert LocalFileStorage(settings.AUTOLEND_DOCUMENTS_DIR).get(stored.storage_key) == JPEG


@pytest.mark.parametrize(("name", "content", "kind", "code"), [
    ("payslip.pdf", JPEG, "application/pdf", "document_content_mismatch"),
    ("id.png", JPEG, "image/png", "document_content_mismatch"),
    ("tool.exe", b"MZ\x90\x00\x03", "application/octet-stream", "document_kind_not_allowed"),
    ("note.pdf", b"", "application/pdf", "document_empty"),
])
def test_a_mismatched_or_unknown_file_is_refused(client: Client, partner: tuple[Any, str], name: str,
                                                 content: bytes, kind: str, code: str) -> None:
    token, raw = partner
    app = mine(token)
    response = upload(client, raw, app.pk, name, content, kind)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert [(d["loc"][-1], d["code"]) for d in detail] == [("file", code)]
    assert not Document.objects.exists()


def test_a_file_over_the_limit_is_refused_naming_the_limit(client: Client, partner: tuple[Any, str],
                                                           settings: Any) -> None:
    settings.AUTOLEND_DOCUMENT_MAX_BYTES = 1024 * 1024
    token, raw = partner
    app = mine(token)
    response = upload(client, raw, app.pk, "statement.pdf", PDF + b"0" * (1024 * 1024), "application/pdf")
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "The file is too large. (at most 1 MB)"
    chinese = upload(client, raw, app.pk, "statement.pdf", PDF + b"0" * (1024 * 1024), "application/pdf",
                     language="zh-hans")
    assert chinese.json()["detail"][0]["msg"] == "文件过大。（最大1MB）"


def test_an_unknown_document_type_is_refused(client: Client, partner: tuple[Any, str]) -> None:
    token, raw = partner
    app = mine(token)
    response = upload(client, raw, app.pk, "a.pdf", PDF, "application/pdf", doc_type="selfie")
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "doc_type"
