"""Public pages. Pages with business data call selectors; none holds business logic."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from autolend.web.calculator import loan_hint, present, quote_for
from autolend.web.forms import DEFAULTS, CalculatorForm


class HomeView(TemplateView):
    """The home page: an entry point per audience (borrowers, dealers, staff), the calculator and
    the API docs; in the demo, how each demo account signs in (the borrower by mobile number)."""

    template_name = "web/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from django.conf import settings

        from autolend.portal.demo import borrower_demo_mobile

        context = super().get_context_data(**kwargs)
        context["borrower_mobile"] = borrower_demo_mobile() if settings.AUTOLEND_DEMO else ""
        return context


class CalculatorView(View):
    """贷款计算器 at /calculator/: a GET form, so every result has a shareable URL.

    Missing query parameters take the defaults (the disbursement date defaults to today, the only
    use of the clock, here in the view). Invalid input re-renders the form with translated errors
    and status 400; the kernel's objections become errors on the matching field.
    """

    template_name = "web/calculator.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        data = {**DEFAULTS, "disbursed": timezone.localdate().isoformat()}
        data.update({key: request.GET[key] for key in data if key in request.GET})
        form = CalculatorForm(data=data)
        result = None
        if form.is_valid():
            quote = quote_for(form)
            if quote is not None:
                result = present(form.cleaned_data, quote)
        status = 200 if result is not None else 400
        context = {"form": form, "result": result, "loan_hint": loan_hint(form)}
        return render(request, self.template_name, context, status=status)

