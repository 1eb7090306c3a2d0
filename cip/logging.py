import logging
import time


class UTCFormatter(logging.Formatter):
    """Timestamps in UTC, ISO 8601, so that security events line up across servers."""

    converter = time.gmtime

    def formatTime(self, record, datefmt=None):
        return time.strftime("%Y-%m-%dT%H:%M:%S", self.converter(record.created)) + (
            f".{int(record.msecs):03d}Z"
        )
