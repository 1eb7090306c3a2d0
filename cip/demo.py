"""Demonstration board governance records for the Leicestershire CIP (called by `load_demo`)."""


def load(partnership) -> None:
    """Nothing yet: the board governance issue fills it from the seed documents."""
