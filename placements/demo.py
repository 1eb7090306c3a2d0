"""Demonstration records for the Leicestershire CIP (called by `load_demo`; idempotent)."""


def load(partnership) -> None:
    """Nothing yet: this app's issue fills it from the seed documents."""
