def populate(partnership) -> None:
    """One of each of this app's records, for the permission matrix."""
