from django.urls import reverse

from cip.access import Capability, role_can

# The service navigation of a partnership: (label, URL name, capability needed, URL prefix).
# Each app adds its section here as it lands, while the row still fits 1024 px (the demand
# forecasts are reached from the placement measures and the dashboard).
SECTIONS = [
    ("Overview", "cip:partnership-detail", Capability.VIEW, ""),
    ("Dashboard", "dashboard:dashboard", Capability.VIEW, "dashboard/"),
    ("Briefs", "briefs:brief-list", Capability.VIEW, "briefs/"),
    ("Work packages", "workpackages:work-package-list", Capability.VIEW, "work-packages/"),
    (
        "Business cases",
        "workpackages:business-case-list",
        Capability.VIEW,
        "work-packages/business-cases/",
    ),
    ("Placements", "placements:episode-list", Capability.VIEW_CHILDREN, "placements/"),
    ("Placements", "placements:measures", Capability.VIEW, "placements/"),
    ("Members", "cip:membership-list", Capability.MANAGE, "members/"),
    ("Organisations", "cip:organisation-list", Capability.VIEW, "organisations/"),
    ("Board", "board:meeting-list", Capability.VIEW, "board/"),
    ("Funding", "funding:bid-list", Capability.VIEW, "funding/"),
    ("Reports", "reports:report-list", Capability.VIEW, "reports/"),
]


def navigation(request):
    membership = getattr(request, "membership", None)
    if membership is None:
        return {}
    partnership = membership.partnership
    base = partnership.get_absolute_url()
    here = request.path[len(base) :] if request.path.startswith(base) else None
    sections = [s for s in SECTIONS if role_can(membership.role, s[2])]
    # A section listed twice goes to the first page the role may open (the placement log,
    # else the placement figures).
    sections = [s for i, s in enumerate(sections) if s[0] not in {t[0] for t in sections[:i]}]
    matching = [
        prefix
        for *_, prefix in sections
        if here is not None and (here.startswith(prefix) if prefix else here == "")
    ]
    # The longest matching prefix is the current section: business cases live under work
    # packages' URLs but are a section of their own.
    current = max(matching, key=len, default=None)
    items = [
        {
            "text": label,
            "href": reverse(name, kwargs={"slug": partnership.slug}),
            "current": prefix == current,
        }
        for label, name, _, prefix in sections
    ]
    return {"nav_partnership": partnership, "nav_items": items}
