"""HTML templates to PDF with WeasyPrint: reports, decision letters, printable cards.

The page is rendered by Django's templates and laid out by WeasyPrint (CSS paged media, SVG
charts as vectors). Static files (style sheets, logos) are read from disk through the
staticfiles finders, never fetched over the network; any other URL is refused, so a template
cannot make the server fetch remote content. WeasyPrint is imported on first use only.

Every PDF is tagged for assistive technology: WeasyPrint's PDF/UA-1 variant (ISO 14289-1,
PDF 1.7) writes the structure tree (headings, paragraphs, lists, tables with their header
cells, figures), ``/MarkInfo /Marked true``, the document language (``/Lang``, from
``<html lang>``), the title in the metadata and ``DisplayDocTitle``. Before the layout
:func:`prepare` fills what the tags need and a template may lack: the language (the active
one), a title (the first heading) and, for each inline SVG chart, a ``<title>`` from its
``aria-label`` (WeasyPrint takes a figure's alternative text from the SVG's ``<title>``).
"""

from __future__ import annotations

import mimetypes
from typing import Any
from xml.etree import ElementTree

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

#: Base URL the HTML is resolved against; relative and /static/ URLs map onto static files.
BASE_URL = "http://wegwijs.invalid/"
#: WeasyPrint's variant: tagged PDF 1.7 with the PDF/UA-1 identification in its metadata.
PDF_VARIANT = "pdf/ua-1"
SVG = "{http://www.w3.org/2000/svg}"


def _static_file(url: str) -> tuple[bytes, str] | None:
    """The bytes and media type of a /static/ URL under :data:`BASE_URL`, if it exists."""
    static_prefix = BASE_URL.rstrip("/") + settings.STATIC_URL
    if not url.startswith(static_prefix):
        return None
    relative = url[len(static_prefix) :].split("?", 1)[0].split("#", 1)[0]
    found = finders.find(relative)
    if not found:
        return None
    path = found[0] if isinstance(found, list) else found
    with open(path, "rb") as handle:
        data = handle.read()
    mime, _encoding = mimetypes.guess_type(path)
    return data, mime or "application/octet-stream"


def _url_fetcher(url: str) -> Any:
    """Static files from disk and data: URLs; anything else is refused."""
    from weasyprint.urls import URLFetcherResponse

    static = _static_file(url)
    if static is not None:
        data, mime = static
        return URLFetcherResponse(url, data, {"Content-Type": mime})
    if url.startswith("data:"):
        from urllib.request import urlopen

        with urlopen(url) as handle:  # noqa: S310 - data: URLs only, checked above
            return URLFetcherResponse(
                url, handle.read(), {"Content-Type": handle.headers.get_content_type()}
            )
    raise ValueError(f"PDF rendering does not fetch {url!r}")


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            return _url_fetcher(url)

    return LocalOnlyFetcher()


def _text(element: ElementTree.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def prepare(root: ElementTree.Element) -> None:
    """Fill in, on the parsed HTML (``root``: the ``<html>`` element), what a tagged PDF
    needs and the template left out: ``lang`` (the active language), a ``<title>`` (the
    first heading's text) and a ``<title>`` inside each ``<svg>`` that has an
    ``aria-label`` but no title (its alternative text in the PDF). An ``<svg>`` with
    ``aria-hidden="true"`` is decoration and gets none."""
    if not (root.get("lang") or "").strip():
        root.set("lang", translation.get_language() or "nl")
    head = root.find("head")
    if head is None:
        head = ElementTree.Element("head")
        root.insert(0, head)
    title = head.find("title")
    if title is None or not _text(title):
        heading = next((h for tag in ("h1", "h2") for h in root.iter(tag) if _text(h)), None)
        if heading is not None:
            if title is None:
                title = ElementTree.SubElement(head, "title")
            title.text = _text(heading)
    for svg in root.iter(f"{SVG}svg"):
        label = " ".join((svg.get("aria-label") or "").split())
        if not label or svg.get("aria-hidden") == "true":
            continue
        existing = svg.find(f"{SVG}title")
        if existing is not None and (existing.text or "").strip():
            continue
        if existing is None:
            existing = ElementTree.Element(f"{SVG}title")
            svg.insert(0, existing)
        existing.text = label


def html_to_pdf(html: str) -> bytes:
    """The tagged PDF (PDF/UA-1) of an HTML page."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher())
    prepare(document.etree_element)
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def render_pdf(
    template_name: str, context: dict[str, Any], request: HttpRequest | None = None
) -> bytes:
    """Render ``template_name`` with ``context`` and lay it out as a PDF document."""
    return html_to_pdf(render_to_string(template_name, context, request=request))


def pdf_response(
    template_name: str,
    context: dict[str, Any],
    filename: str,
    request: HttpRequest | None = None,
    *,
    inline: bool = False,
) -> HttpResponse:
    body = render_pdf(template_name, context, request)
    response = HttpResponse(body, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
