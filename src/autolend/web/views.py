"""Public pages. Pages with business data call selectors; none holds business logic."""

from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "web/home.html"
