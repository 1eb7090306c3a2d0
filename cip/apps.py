from django.apps import AppConfig


class CipConfig(AppConfig):
    name = "cip"
    verbose_name = "Partnership core"

    def ready(self):
        # The board's own decision kinds, and reports as agenda papers; the other apps
        # register theirs in their own ready().
        from cip.board.services import register_board_kinds
        from cip.reports.services import register_papers

        register_board_kinds()
        register_papers()
