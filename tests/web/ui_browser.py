"""Shared by the search-page browser tests: one Chromium per module, a context per test, axe-core in the page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import indexer

from .browser import CHROMIUM, CHROMIUM_ARGS, running_server
from .ui_corpus import write_ui_corpus

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

__all__ = [
    "serve_ui_corpus", "launch_chromium", "open_page", "axe_violations", "DESKTOP", "PHONE",
    "server_url", "browser", "page",
]

# Fetched from npm by `make test` (see the Makefile).
AXE = Path(__file__).resolve().parents[2] / ".cache" / "axe-core" / "axe.min.js"
DESKTOP = (1280, 720)
PHONE = (360, 740)


@contextmanager
def serve_ui_corpus(base: Path) -> Iterator[str]:
    """Build :mod:`ui_corpus` under *base* and serve it; yield the server's URL."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests")
    corpus = write_ui_corpus(base / "corpus")
    indexer.build_index(corpus, base / "index")
    with running_server(base / "index", base / "server.log", corpus_dir=corpus) as url:
        yield url


@contextmanager
def launch_chromium() -> Iterator[Browser]:
    """Start one headless Debian Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def open_page(browser: Browser, size: tuple[int, int] = DESKTOP, javascript: bool = True) -> Iterator[Page]:
    """Yield a page in a fresh context (no shared history, cookies or cache) of *size*."""
    width, height = size
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="fr-FR", color_scheme="light",
        java_script_enabled=javascript,
    )
    problems: list[str] = []
    page = context.new_page()
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        yield page
        # Console errors include CSP violations: the pages must run without any.
        assert problems == [], problems
    finally:
        context.close()


@pytest.fixture(scope="module")
def server_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a server of :mod:`ui_corpus` of the test module's own, in ``ui-<topic>``."""
    # test_browser_search.py builds in ui-search: a failed run's files are found by the module's name.
    topic = request.module.__name__.rpartition(".")[2].removeprefix("test_browser_")
    with serve_ui_corpus(tmp_path_factory.mktemp(f"ui-{topic}")) as url:
        yield url


@pytest.fixture(scope="module")
def browser(server_url: str) -> Iterator[Browser]:
    """One Chromium for the module, started once its server answers."""
    with launch_chromium() as started:
        yield started


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A desktop page with JavaScript, in a context of the test's own."""
    with open_page(browser) as opened:
        yield opened


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core in *page* and return its violations (id, impact, nodes), [] when none.

    The script is evaluated through the debugging protocol, which the page's
    CSP does not govern: the page itself still loads nothing but its own files.
    """
    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: make test fetches axe-core from npm")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))"
    )
    assert isinstance(found, list), json.dumps(found)
    return found
