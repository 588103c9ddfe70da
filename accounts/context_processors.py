"""The navigation a signed-in user sees, decided by their capabilities."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .access import Capability, capabilities_of

# (label, URL name, capability needed). Entries whose page does not exist yet are skipped.
NAVIGATION = [
    (_("Dashboard"), "reports:dashboard", Capability.VIEW_DASHBOARD),
    (_("Monthly submissions"), "cooperatives:submission-index", Capability.EDIT_OWN_PROVINCE),
    (_("Submissions"), "cooperatives:completeness", Capability.VIEW_ALL_SUBMISSIONS),
    (_("Cooperatives"), "cooperatives:cooperative-list", Capability.VIEW_REGISTER),
    (_("Meetings"), "meetings:meeting-list", Capability.VIEW_WORK),
    (_("Documents"), "meetings:document-list", Capability.VIEW_WORK),
    (_("Tasks"), "tasks:task-list", Capability.VIEW_WORK),
    (_("Inspections"), "inspections:inspection-list", Capability.VIEW_INSPECTIONS),
    (_("Complaints"), "inspections:complaint-list", Capability.VIEW_INSPECTIONS),
    (_("Reports"), "reports:report-list", Capability.VIEW_REPORTS),
    (_("Administration"), "admin:index", Capability.ADMINISTER),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    allowed = capabilities_of(user)
    items = []
    for label, url_name, capability in NAVIGATION:
        if capability not in allowed:
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"label": label, "url": url, "active": request.path.startswith(url)})
    return {"navigation": items}
