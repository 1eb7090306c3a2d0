"""gunicorn settings for a web node (`gunicorn -c deploy/gunicorn.conf.py cip.wsgi`).

Synchronous workers behind nginx, which buffers requests and responses so a slow client never
holds one. A worker serves one request at a time with one database connection, so a
PostgreSQL restart costs a worker at most the one request it had in flight (the database
backend waits for the server to come back rather than failing the next; see cip/db).
A node holds WEB_CONCURRENCY database connections.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
# Import the application once, before the workers fork: a faster start, and the code's
# memory shared between workers. No database connection is opened at import.
preload_app = True
timeout = 60
graceful_timeout = 30
# Behind nginx on the same host or network: trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
# Worker pid, status, microseconds, request line: enough to count requests per worker.
access_log_format = '%(p)s %(s)s %(D)s "%(r)s"'
