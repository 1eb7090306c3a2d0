def populate(partnership) -> None:
    """One of each board governance record, for the permission matrix."""
