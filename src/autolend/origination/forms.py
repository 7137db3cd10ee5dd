"""Back-office forms: manual review and stipulations."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from autolend.origination.models import DocumentType


class ReviewForm(forms.Form):
    action = forms.ChoiceField(label=_("Decision"), choices=[("approve", _("Approve")), ("decline", _("Decline")),
                                                             ("refer", _("Refer"))])
    reason = forms.CharField(label=_("Reason (required)"), min_length=5, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Write the reason for this decision."),
                                             "min_length": _("Write the reason for this decision.")})


class StipulationRequestForm(forms.Form):
    doc_type = forms.ChoiceField(label=_("Document"), choices=DocumentType.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class StipulationActionForm(forms.Form):
    action = forms.ChoiceField(choices=[("clear", _("Clear")), ("waive", _("Waive"))])
    note = forms.CharField(required=False, max_length=200)
