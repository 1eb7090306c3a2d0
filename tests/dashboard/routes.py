from cip.access import Capability
from tests.routes import Route

ROUTES = [
    Route("dashboard:dashboard", Capability.VIEW),
]
