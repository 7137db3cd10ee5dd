"""Every KYC and parties message has the same Chinese text in the code and in the catalog, so the
API (gettext) and the pure validators (message_zh) never disagree."""

from __future__ import annotations

import pytest
from django.utils import translation

from autolend.parties.errors import MESSAGES as PARTY_MESSAGES
from autolend.parties.kyc import MESSAGES as KYC_MESSAGES


@pytest.mark.parametrize(("code", "english", "chinese"),
                         [(code, en, zh) for code, (en, zh) in {**KYC_MESSAGES, **PARTY_MESSAGES}.items()])
def test_catalog_translation_equals_the_code(code: str, english: str, chinese: str) -> None:
    with translation.override("zh-hans"):
        assert translation.gettext(english) == chinese, code
    with translation.override("en"):
        assert translation.gettext(english) == english
