"""The project's URLs. Every partnership page lives under /p/<slug>/ and takes `slug`, plus
`pk` for one record: views fetch the partnership first and the record through it."""

from django.urls import include, path

urlpatterns = [
    path("", include("cip.auth_urls")),
    path("", include("cip.core_urls")),
    path("reminders/", include("reminders.urls")),
    path("p/<slug:slug>/board/", include("board.urls")),
    path("p/<slug:slug>/briefs/", include("briefs.urls")),
    path("p/<slug:slug>/work-packages/", include("workpackages.urls")),
    path("p/<slug:slug>/placements/", include("placements.urls")),
    path("p/<slug:slug>/funding/", include("funding.urls")),
    path("p/<slug:slug>/forecasts/", include("forecast.urls")),
    path("p/<slug:slug>/reports/", include("reports.urls")),
    path("p/<slug:slug>/dashboard/", include("dashboard.urls")),
]
