from django.apps import AppConfig


class BoardConfig(AppConfig):
    """The board's governance. Its models keep the `cip` app label, so their tables and
    migrations stay where they were (cip_meeting, cip/migrations)."""

    name = "board"
    verbose_name = "Board governance"

    def ready(self):
        from board.services import register_board_kinds

        register_board_kinds()
