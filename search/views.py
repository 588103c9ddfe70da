from django.views.generic import TemplateView

from accounts.access import Capability, CapabilityRequiredMixin

from . import engine


class SearchView(CapabilityRequiredMixin, TemplateView):
    """/search/?q=: every kind the reader may read, a few hits each; with ``kind``, that kind's
    hits a page at a time."""

    # Every role may read the register; each kind is then searched only for those who may read
    # it, through its own access scope (``engine.kinds_for``, ``visible_to``).
    required_capability = Capability.VIEW_REGISTER
    template_name = "search/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET
        kinds = engine.kinds_for(self.request.user)
        kind = params.get("kind") or None
        if kind not in {k.key for k in kinds}:
            kind = None
        context.update(q=params.get("q", ""), kind=kind, kinds=kinds, results=None, error=None)
        if "q" not in params:
            return context
        try:
            context["results"] = engine.search(
                self.request.user, params["q"], kind=kind, page=params.get("page") or 1
            )
        except engine.SearchQueryError as error:
            context["error"] = error.message
        return context
