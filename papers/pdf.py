"""PDF rendering with WeasyPrint, offline.

A paper is rendered from HTML that this project writes, with the project's own stylesheets read
from disk (static/: css/paper-pdf.css in place of Bootstrap, and css/print.css) and the system's
fonts (fontconfig). Nothing is fetched from the network: the URL fetcher reads only files under the
static folders and data: URIs, and refuses every other URL (http, https, ftp, or a file elsewhere
on the server). A refused resource is left out of the PDF and logged; the rendering goes on.

Links: the HTML's links are site paths ("/scorecard/indicators/16/"). In a PDF they are written as
full addresses of the site the paper was generated on, so a reader online can follow them; links
are never fetched.
"""

import logging
import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from core.collecting import fewer_collections

logger = logging.getLogger(__name__)

# WeasyPrint warns about every Bootstrap rule it does not apply to paper (screen widths, animations).
# Those warnings are expected on every rendering; errors still show.
logging.getLogger("weasyprint").setLevel(logging.ERROR)

# Not Bootstrap: css/paper-pdf.css holds only the rules the papers use, which WeasyPrint applies far faster.
STYLESHEETS = ["css/paper-pdf.css", "css/site.css", "css/print.css"]

_SITE_LINK = re.compile(r'(\shref=")/(?!/)')


class OfflineFetchRefused(ValueError):
    """A paper asked for a resource that is not one of the project's static files."""


def static_roots():
    """The folders a paper may read files from: the static sources and the collected static files."""
    roots = [Path(entry[1] if isinstance(entry, tuple | list) else entry) for entry in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


def static_file_uri(path):
    """The file:// address of one static file, found as the static files app finds it."""
    found = finders.find(path)
    if not found:
        try:
            found = staticfiles_storage.path(path)
        except NotImplementedError:  # pragma: no cover - storage without local paths
            found = None
    if not found or not Path(found).is_file():
        raise FileNotFoundError(f"Static file {path!r} not found: run collectstatic or check STATICFILES_DIRS.")
    return Path(found).resolve().as_uri()


class OfflineURLFetcher(URLFetcher):
    """Reads the project's static files from disk and data: URIs; refuses everything else.

    `fetched` and `refused` list the URLs asked for, so a caller (or a test) can see what happened.
    """

    def __init__(self):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, fail_on_errors=False)
        self.roots = static_roots()
        self.fetched = []
        self.refused = []

    def fetch(self, url, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            self.fetched.append(url[:40])
            return super().fetch(url, headers)  # decoded in memory by urllib's DataHandler
        if scheme == "file":
            path = Path(url2pathname(unquote(urlsplit(url).path))).resolve()
            if any(path.is_relative_to(root) for root in self.roots) and path.is_file():
                self.fetched.append(url)
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})
        self.refused.append(url)
        logger.info("Refused to fetch %s while rendering a PDF: papers use local static files only.", url)
        raise OfflineFetchRefused(f"Refused {url}: papers are rendered from the project's static files only.")


def absolute_links(html, origin):
    """Site paths in href attributes written as full addresses on `origin` (such as "https://sscb.example")."""
    if not origin:
        return html
    return _SITE_LINK.sub(lambda match: f"{match[1]}{origin.rstrip('/')}/", html)


def render_pdf(body_html, *, title, origin="", fetcher=None):
    """The PDF of a paper whose content is `body_html`, styled as the printable pages are.

    `origin` is the site's address, used for links; `fetcher` defaults to a new OfflineURLFetcher.
    """
    fetcher = fetcher or OfflineURLFetcher()
    document = render_to_string(
        "papers/pdf_document.html",
        {
            "title": title,
            "stylesheets": [static_file_uri(path) for path in STYLESHEETS],
            "body": absolute_links(body_html, origin),
        },
    )
    base_url = Path(settings.BASE_DIR).resolve().as_uri() + "/"
    # PDF/UA-1: a tagged PDF, so that screen readers find its headings, lists and tables. The layout's million
    # objects all live until the PDF is written: the garbage collector is run less often meanwhile.
    with fewer_collections():
        return HTML(string=document, base_url=base_url, url_fetcher=fetcher).write_pdf(pdf_variant="pdf/ua-1")
