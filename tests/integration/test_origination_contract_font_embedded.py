"""The contract PDF embeds its Chinese font (WenQuanYi Micro Hei, a TrueType subset: /FontFile2),
references no font a reader must supply for the Chinese text, and renders the same bytes from
the same facts in a fresh font registry (so its SHA-256 is stable)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfbase import pdfmetrics

from autolend.origination import testing as t
from autolend.origination.contract_facts import contract_facts
from autolend.origination.contract_pdf import SHIPPED_FONT, contract_pdf
from autolend.origination.services import offer_accept
from autolend.servicing.terms import LoanSetup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    t.configure(settings, tmp_path)
    t.seed_catalogue()


def test_the_chinese_font_is_embedded_and_the_bytes_are_stable() -> None:
    app = t.submit()
    offer = app.offers.order_by("rank").first()
    contract = offer_accept(app, offer, as_of=t.AS_OF)
    facts = contract_facts(app, offer, contract.number, t.AS_OF, LoanSetup.from_json(contract.loan_setup))
    pdf = contract_pdf(facts)

    assert SHIPPED_FONT.is_file() and SHIPPED_FONT.read_bytes()[:4] == b"\x00\x01\x00\x00"  # TrueType outlines
    assert pdf.count(b"/FontFile2") >= 1  # the TrueType font program is in the file
    names = set(re.findall(rb"/BaseFont /([A-Z]{6}\+[^\s/]+)", pdf))
    assert names and all(b"WenQuanYi" in name for name in names)  # a subset (XXXXXX+) of our font
    assert b"STSong" not in pdf and b"UniGB-UCS2-H" not in pdf  # no reader-supplied CID font
    assert hashlib.sha256(pdf).hexdigest() == contract.sha256

    # A new process registers the font afresh: the subset names and bytes must not change.
    pdfmetrics._fonts.pop("ContractCJK", None)
    assert hashlib.sha256(contract_pdf(facts)).hexdigest() == contract.sha256
