"""Crawl every page a role can reach and check each one in a real browser.

Used by ``scripts/axe-crawl`` against a running server with the demo data, for every demo
role (not part of ``make test``: a full crawl takes about 10 minutes; what it found is kept
as tests in ``tests/browser/test_crawl_fixes.py``).

From the start pages it follows every same-site GET link (and submits every GET form in the
main content once, with the values the form shows), breadth first, up to ``cap`` pages, and
at most ``per_route`` different URLs per Django route (so 277 social map offers cost three
visits, not 277). It never follows logout, the admin, the API, downloads and exports, or
unsubscribe links. For each page it records:

- the HTTP status (and any 5xx of a request the page makes itself, such as htmx fragments);
- uncaught JavaScript errors and Content Security Policy violations;
- a missing ``<title>`` (or one without the page's own part), ``<h1>`` or ``<html lang>``;
- axe-core violations of WCAG 2.0/2.1 A and AA (``conftest.axe_violations``);
- horizontal overflow at a 320 px wide viewport (``conftest.page_overflow``, WCAG 1.4.10).
"""

from __future__ import annotations

import re
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urldefrag, urlsplit

from tests.browser.conftest import (
    CODE_URL,
    axe_violations,
    enter_code,
    enter_password,
    page_overflow,
    totp_code,
)

#: Paths never visited: logging out, the Django admin, the API, language switch, probes, files.
SKIP_PREFIXES = (
    "/account/uitloggen/",
    "/beheer/",
    "/admin/",
    "/api/",
    "/i18n/",
    "/health/",
    "/static/",
    "/media/",
)
#: Files and downloads: exports, spreadsheets, documents, images, feeds.
SKIP_SUFFIXES = (
    ".csv",
    ".xlsx",
    ".xls",
    ".ods",
    ".pdf",
    ".zip",
    ".json",
    ".xml",
    ".ics",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".svg",
    ".txt",
)
#: Path parts of downloads (also a format as a path part: ``boekhouding/csv/``) and of links
#: that act on a GET (unsubscribe from an e-mail).
SKIP_PARTS = re.compile(r"/(export|download|afmelden|feed|voorbeeld|csv|xlsx|ods|pdf|zip)[/.]")

NARROW = {"width": 320, "height": 720}
WIDE = {"width": 1280, "height": 800}

LINKS_JS = """() => {
  const links = [], forms = [];
  for (const a of document.querySelectorAll('a[href]')) {
    if (!a.hasAttribute('download')) links.push(a.href);
  }
  for (const form of document.querySelectorAll('main form')) {
    if ((form.getAttribute('method') || 'get').toLowerCase() !== 'get') continue;
    const url = new URL(form.action || location.href);
    url.search = new URLSearchParams(new FormData(form)).toString();
    forms.push(url.href);
  }
  return {links, forms};
}"""

STRUCTURE_JS = """() => ({
  title: document.title.trim(),
  h1: document.querySelectorAll('h1').length,
  lang: document.documentElement.lang.trim(),
  html: (document.contentType || '').includes('html'),
  debug: !!document.querySelector('meta[name=robots][content="NONE,NOARCHIVE"]'),
})"""


@dataclass
class PageResult:
    """What was found on one page."""

    role: str
    url: str
    status: int
    seconds: float
    problems: list[str] = field(default_factory=list)

    @property
    def server_error(self) -> bool:
        return self.status >= 500 or any(p.startswith("5xx") for p in self.problems)


def route_key(path: str) -> str:
    """The Django route a path resolves to (``kennisbank/<slug:slug>/``), or the path itself."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path)
    except Resolver404:
        return path
    return match.route or match.view_name or path


def followable(url: str, origin: str) -> bool:
    """A same-site page without side effects that is not a download."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return False
    path = parts.path.lower()
    return not (
        path.startswith(SKIP_PREFIXES)
        or path.endswith(SKIP_SUFFIXES)
        or SKIP_PARTS.search(path + "/")
    )


def log_in(page: Any, username: str, password: str | None = None) -> None:
    """Log in through the real form; two-factor users type their current authenticator code.

    A code is accepted once: when it was just used (a crawl started twice within 30 seconds),
    wait for the next one.
    """
    enter_password(page, username, password)
    page.wait_for_load_state()
    for _attempt in range(3):
        if not CODE_URL.search(page.url):
            break
        enter_code(page, totp_code(username))
        page.wait_for_load_state()
        if CODE_URL.search(page.url):
            time.sleep(31 - time.time() % 30)
    if "/account/" in page.url:
        raise RuntimeError(f"{username} could not log in (still at {page.url})")


def check_page(
    page: Any, role: str, url: str, *, axe: bool = True, via_form: bool = False
) -> tuple[PageResult, list[tuple[str, bool]]]:
    """Open one page; return its result and the URLs it leads to (``(url, via_form)``).

    A 4xx is a broken link, except for a GET form sent with the values it showed: a 400 is
    then the form telling what to fill in (and the page is checked like any other).
    """
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    errors: list[str] = []

    def on_response(response: Any) -> None:
        if response.status >= 500 and response.url.startswith(origin):
            errors.append(f"5xx: {response.request.method} {response.url} -> {response.status}")

    def on_page_error(error: Any) -> None:
        errors.append(f"JavaScript error: {error}")

    def on_console(message: Any) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            errors.append(f"CSP: {message.text[:200]}")

    page.on("response", on_response)
    page.on("pageerror", on_page_error)
    page.on("console", on_console)
    started = time.perf_counter()
    try:
        try:
            response = page.goto(url, wait_until="load")
        except Exception as error:  # a download starting, a timeout, a dropped connection
            message = str(error).splitlines()[0]
            if "Download is starting" in message:
                return PageResult(role, url, 0, time.perf_counter() - started, []), []
            return PageResult(
                role, url, 0, time.perf_counter() - started, [f"failed: {message}"]
            ), []
        status = response.status if response is not None else 0
        result = PageResult(role, page.url, status, 0.0)
        structure = page.evaluate(STRUCTURE_JS)
        if not structure["html"]:
            result.seconds = time.perf_counter() - started
            return result, []
        if status >= 500 or (status >= 400 and not (via_form and status == 400)):
            result.problems.append(f"HTTP {status}")
        if structure["debug"]:  # Django's technical 404/500 page (DEBUG): not one of ours
            result.problems.extend(dict.fromkeys(errors))
            result.seconds = time.perf_counter() - started
            return result, []
        title = structure["title"]
        if not title or title[0] in "–-|:":
            result.problems.append(f"no page title ({title!r})")
        if structure["h1"] == 0:
            result.problems.append("no <h1>")
        if not structure["lang"]:
            result.problems.append("no <html lang>")
        if axe:
            for violation in axe_violations(page):
                targets = [node["target"] for node in violation["nodes"]][:4]
                result.problems.append(
                    f"axe {violation['id']} ({violation['impact']}): {violation['help']} "
                    f"at {targets}"
                )
        viewport = page.viewport_size or WIDE
        page.set_viewport_size(NARROW)
        overflow = page_overflow(page)
        if overflow > 0:
            culprit = page.evaluate(WIDEST_JS)
            result.problems.append(f"overflow {overflow} px at 320 px wide ({culprit})")
        page.set_viewport_size(viewport)
        found = page.evaluate(LINKS_JS)
        links = [(urldefrag(link).url, False) for link in found["links"]]
        links += [(urldefrag(form).url, True) for form in found["forms"]]
        page.wait_for_load_state()  # requests the page made while it was checked
        result.problems.extend(dict.fromkeys(errors))
        result.seconds = time.perf_counter() - started
        return result, links
    finally:
        page.remove_listener("response", on_response)
        page.remove_listener("pageerror", on_page_error)
        page.remove_listener("console", on_console)


#: What sticks out to the right of a 320 px viewport, as a CSS-like path: the deepest element,
#: else the element around a text that does (a long word in a block). Content that scrolls
#: inside its own box (a table in ``.table-wrap``) does not widen the page and is left out.
WIDEST_JS = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    }
    return false;
  };
  let found = null;
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && box.width > 0 && !clipped(el)) found = el;
  }
  if (!found) {
    const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
      range.selectNodeContents(node);
      if (range.getBoundingClientRect().right > width + 1 && !clipped(node)) {
        found = node.parentElement;
      }
    }
  }
  if (!found) return 'no element found';
  const path = [];
  for (let el = found; el && el !== document.body && path.length < 4; el = el.parentElement) {
    let part = el.tagName.toLowerCase();
    if (el.id) part += '#' + el.id;
    else if (el.classList.length) part += '.' + Array.from(el.classList).slice(0, 2).join('.');
    path.unshift(part);
  }
  return path.join(' > ');
}"""


def crawl(
    page: Any,
    start: Iterable[str],
    *,
    role: str,
    cap: int = 150,
    per_route: int = 3,
    axe: bool = True,
    report: Callable[[PageResult], None] | None = None,
) -> list[PageResult]:
    """Visit the pages reachable from ``start`` (absolute URLs), breadth first."""
    queue = deque((urldefrag(url).url, False) for url in start)
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(queue[0][0]))
    seen: set[str] = {url for url, _form in queue}
    visited: set[str] = set()
    per_key: Counter[str] = Counter()
    results: list[PageResult] = []
    while queue and len(results) < cap:
        url, via_form = queue.popleft()
        key = route_key(urlsplit(url).path)
        if per_key[key] >= per_route:
            continue
        per_key[key] += 1
        result, links = check_page(page, role, url, axe=axe, via_form=via_form)
        if result.url != url and result.url in visited:
            continue  # a redirect to a page already checked (/ to the start page)
        visited.add(result.url)
        seen.add(result.url)
        results.append(result)
        if report is not None:
            report(result)
        for link, form in links:
            if link not in seen and followable(link, origin):
                seen.add(link)
                queue.append((link, form))
    return results


def summary(results: list[PageResult]) -> str:
    """The problems, one page a block ("" when every page is clean)."""
    return "\n".join(
        f"[{r.role}] {r.url} (HTTP {r.status}):\n  " + "\n  ".join(r.problems)
        for r in results
        if r.problems
    )
