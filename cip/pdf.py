"""PDFs with WeasyPrint, for any paper of the product (reports, minutes, the forward plan):
tagged PDF/UA-1, rendered against a made-up origin.

WeasyPrint's default fetcher follows any URL: an `<img>` in injected HTML would make the
server request it, and `<link rel=attachment href=file:///etc/passwd>` would embed the file.
Text is always escaped, and on top of that `StaticOnlyFetcher` serves only the app's own
static files (read from disk through the staticfiles finders) and `data:` URLs, and refuses
everything else before any connection or file is opened.
"""

import logging
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

log = logging.getLogger("cip.pdf")

# Documents are rendered against this made-up origin, so that "/static/…" resolves to a URL
# the fetcher recognises; ".invalid" can never resolve (RFC 2606).
BASE_URL = "https://cip-report.invalid/"
PDF_VARIANT = "pdf/ua-1"


class RefusedURL(ValueError):
    pass


class StaticOnlyFetcher(URLFetcher):
    """Serves the app's static files and data: URLs; refuses everything else."""

    def __init__(self):
        super().__init__(timeout=1, allow_redirects=False, fail_on_errors=False)
        self.refused: list[str] = []
        self.served: list[str] = []

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            self.served.append(url[:40])
            return super().fetch(url, headers)
        parts = urlsplit(url)
        static_prefix = urlsplit(settings.STATIC_URL).path
        origin = urlsplit(BASE_URL)
        if (
            parts.scheme == origin.scheme
            and parts.netloc == origin.netloc
            and parts.path.startswith(static_prefix)
            and not parts.query
        ):
            relative = unquote(parts.path[len(static_prefix) :])
            found = finders.find(relative) if ".." not in relative.split("/") else None
            if found:
                with open(found, "rb") as handle:
                    body = handle.read()
                self.served.append(url)
                return URLFetcherResponse(url, body, {"Content-Type": _mime(found)})
        self.refused.append(url)
        log.warning("report PDF: refused to fetch %s", url[:200])
        raise RefusedURL(f"Refused: {url[:80]}")


def _mime(path: str) -> str:
    import mimetypes

    return mimetypes.guess_type(path)[0] or "application/octet-stream"


def write_pdf(html: str, *, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    fetcher = fetcher or StaticOnlyFetcher()
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf(
        pdf_variant=PDF_VARIANT
    )
