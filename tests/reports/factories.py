def populate(partnership) -> None:
    """One of each report record, for the permission matrix."""
