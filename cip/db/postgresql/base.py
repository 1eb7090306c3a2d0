"""Django's PostgreSQL backend, waiting for the server when it restarts or fails over.

A restart (or a managed database's failover) refuses new connections for a second or more.
Django would fail every request in that gap; this backend instead retries the connection for
up to DATABASE_CONNECT_WAIT seconds, so a request that arrives during the gap is served late
rather than refused. Only the request whose query was running when the server went away
fails (CONN_HEALTH_CHECKS then replaces that worker's dead connection on its next request).
Wrong credentials or a missing database are reported at once: they will not come right by
waiting.
"""

import time

from django.conf import settings
from django.db.backends.postgresql import base

# SQLSTATE classes worth waiting on: 08 connection exception, 57 operator intervention
# (57P01 admin shutdown, 57P03 the server is starting up or shutting down).
_TRANSIENT_CLASSES = ("08", "57")


def _transient(error) -> bool:
    state = getattr(error, "sqlstate", None)
    # No SQLSTATE: no server answered (connection refused or reset).
    return state is None or state[:2] in _TRANSIENT_CLASSES


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        deadline = time.monotonic() + settings.DATABASE_CONNECT_WAIT
        delay = 0.05
        while True:
            try:
                return super().get_new_connection(conn_params)
            except self.Database.OperationalError as error:
                if not _transient(error) or time.monotonic() + delay > deadline:
                    raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
