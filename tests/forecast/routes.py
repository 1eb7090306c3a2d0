from cip.access import Capability
from tests.routes import Route

ROUTES = [
    Route("forecast:list", Capability.VIEW),
    Route("forecast:create", Capability.EDIT),
    Route("forecast:detail", Capability.VIEW, record="forecast.Forecast"),
]
