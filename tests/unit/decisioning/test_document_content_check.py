"""A document's kind is read from its first bytes and must agree with its name and declared type."""

from __future__ import annotations

import pytest

from autolend.origination.documents_check import document_check

PDF, JPEG, PNG = b"%PDF-1.7\n...", b"\xff\xd8\xff\xe0\x00\x10JFIF", b"\x89PNG\r\n\x1a\n\x00\x00"


@pytest.mark.parametrize(("name", "content", "declared", "expected"), [
    ("payslip.pdf", PDF, "application/pdf", ("application/pdf", None)),
    ("ID.JPG", JPEG, "", ("image/jpeg", None)),
    ("licence.png", PNG, "application/octet-stream", ("image/png", None)),
    ("payslip.pdf", JPEG, "application/pdf", (None, "document_content_mismatch")),  # a renamed photo
    ("photo.jpg", JPEG, "image/png", (None, "document_content_mismatch")),
    ("macro.docm", b"PK\x03\x04", "", (None, "document_kind_not_allowed")),
    ("evil.pdf", b"MZ\x90\x00", "application/pdf", (None, "document_kind_not_allowed")),  # an executable
    ("scan", PDF, "", (None, "document_kind_not_allowed")),  # no extension
    ("empty.pdf", b"", "", (None, "document_empty")),
])
def test_kind_name_and_type_must_agree(name: str, content: bytes, declared: str,
                                       expected: tuple[str | None, str | None]) -> None:
    assert document_check(name, content, declared) == expected


def test_the_size_limit() -> None:
    assert document_check("a.pdf", PDF + b"0" * 100, max_bytes=50) == (None, "document_too_large")
    assert document_check("a.pdf", PDF, max_bytes=len(PDF)) == ("application/pdf", None)
