"""Uploads larger than settings.UPLOAD_MAX_MB are counted to the end but not stored whole."""

from django.conf import settings
from django.core.files.uploadhandler import TemporaryFileUploadHandler


def upload_limit() -> int:
    """The largest upload accepted, in bytes."""
    return settings.UPLOAD_MAX_MB * 1024 * 1024


class LimitedTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Django's temporary-file handler, writing at most the upload limit to disk.

    Every byte is still counted, so the file's `size` is the size that was sent and the form
    refuses it naming the limit; a huge upload cannot fill the disk on the way.
    Small files never reach here: MemoryFileUploadHandler keeps them in memory.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.written = 0

    def receive_data_chunk(self, raw_data, start):
        room = upload_limit() - self.written
        if room > 0:
            self.file.write(raw_data[:room])
            self.written += min(room, len(raw_data))

    def file_complete(self, file_size):
        self.file.seek(0)
        self.file.size = file_size
        return self.file
