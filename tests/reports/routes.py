from cip.access import Capability
from tests.routes import Route

VIEW, EXPORT = Capability.VIEW, Capability.EXPORT
SECTION = {"record": "cip.ReportSection", "through": "report__partnership"}

ROUTES = [
    Route("reports:report-list", VIEW),
    Route("reports:report-create", EXPORT),
    Route("reports:report-detail", VIEW, record="cip.Report"),
    Route("reports:report-edit", EXPORT, record="cip.Report"),
    Route("reports:section-create", EXPORT, record="cip.Report"),
    Route("reports:report-finalise", EXPORT, record="cip.Report"),
    Route("reports:report-new-draft", EXPORT, record="cip.Report", methods=("POST",)),
    Route("reports:report-export", EXPORT, record="cip.Report", methods=("POST",)),
    Route("reports:report-word", EXPORT, record="cip.Report"),
    Route("reports:section-edit", EXPORT, **SECTION),
    Route("reports:section-delete", EXPORT, **SECTION),
    Route("reports:section-prefill", EXPORT, methods=("POST",), **SECTION),
    Route("reports:export-detail", EXPORT, record="cip.Export"),
    Route("reports:export-download", EXPORT, record="cip.Export"),
    Route("reports:final-pdf", VIEW, record="cip.FinalVersion", through="report__partnership"),
]
