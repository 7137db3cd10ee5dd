"""``{% load servicing_labels %}`` then ``{{ code|label:"loan_status" }}``: a servicing code
(status, class, transaction kind …) in the active language (web/backoffice/forms.LABELS)."""

from __future__ import annotations

from typing import Any

from django import template

from autolend.web.backoffice.forms import label as code_label

register = template.Library()


@register.filter
def label(code: Any, kind: str) -> Any:
    return code_label(kind, str(code))
