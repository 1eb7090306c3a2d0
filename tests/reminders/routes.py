from tests.routes import Route

ROUTES = [
    # A person's own choice, outside any partnership.
    Route("reminders:preferences", None, methods=("GET", "POST")),
]
