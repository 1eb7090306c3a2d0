from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Cabinet, Scrutiny and board-pack reports: the top floor, reading the apps' figure
    readers. Its models keep the `cip` app label (tables cip_report, migrations in cip)."""

    name = "reports"
    verbose_name = "Reports"

    def ready(self):
        from reports.services import register_papers

        register_papers()
