"""End to end in Chromium: type a query, read highlighted results, open the paragraph."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .browser import CHROMIUM, chromium_page, running_server, screenshot_results
from .conftest import SEED_IDS

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Page

pytestmark = pytest.mark.browser

PHONE_SIZE = (360, 740)


@pytest.fixture(scope="module")
def server_url(web_index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests")
    log = tmp_path_factory.mktemp("server") / "server.log"
    with running_server(web_index_dir, log) as url:
        yield url


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Page]:
    with chromium_page(tmp_path / "profile") as opened:
        yield opened


def watch_console(page: Page) -> list[str]:
    """Collect console errors and uncaught exceptions (CSP violations are console errors)."""
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def sources_with_marks(page: Page) -> set[str]:
    """Return the document ids of the results on the page that show a ``<mark>``."""
    cards = page.locator("li.hit")
    return {
        cards.nth(i).locator(".hit-source").inner_text()
        for i in range(cards.count())
        if cards.nth(i).locator(".hit-snippet mark").count()
    }


def test_search_and_open_a_result(server_url: str, page: Page, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    problems = watch_console(page)
    page.goto(server_url + "/")
    search_box = page.get_by_label("Rechercher dans les textes")
    expect(search_box).to_be_focused()
    page.keyboard.type("securite")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/\?q=securite$"))

    # Results come one per document: both seed documents, highlighted, on page one.
    expect(page.locator(".summary")).to_contain_text("documents trouvés")
    marks = page.locator(".hit-snippet mark")
    expect(marks.first).to_be_visible()
    assert {mark.lower() for mark in marks.all_inner_texts()} == {"sécurité"}
    assert set(SEED_IDS) <= sources_with_marks(page)
    first_link = page.locator(".hit-title a").first.get_attribute("href")

    # Every paragraph, ten a page, is one click away.
    page.get_by_role("link", name="Voir tous les paragraphes").click()
    page.wait_for_url(re.compile(r"tous=1"))
    expect(page.locator(".summary")).to_contain_text("paragraphes trouvés")
    page.locator("a.page-next").click()
    page.wait_for_url(re.compile(r"page=2"))
    expect(page.locator(".hit-snippet mark").first).to_be_visible()
    page.go_back()
    page.go_back()
    page.wait_for_url(re.compile(r"/\?q=securite$"))

    page.locator(".hit-title a").first.click()
    # ?p= opens the page of the document that holds the paragraph.
    page.wait_for_url(re.compile(r"/doc/.+\?q=securite&p=(\d+)#p\1$"))
    assert first_link is not None and page.url.endswith(first_link)
    anchor = page.url.rsplit("#", 1)[1]
    paragraph = page.locator(f"#{anchor}")
    expect(paragraph).to_have_class(re.compile(r"\bis-target\b"))
    assert paragraph.evaluate("element => element.matches(':target')")
    expect(paragraph).to_be_in_viewport()
    expect(paragraph.locator("mark").first).to_be_visible()
    page.screenshot(path=str(tmp_path / "document.png"))
    assert problems == []


def test_phone_width_layout_and_screenshot(server_url: str, tmp_path: Path) -> None:
    with chromium_page(tmp_path / "profile", size=PHONE_SIZE) as page:
        problems = watch_console(page)
        screenshot_results(page, server_url, "securite", tmp_path / "phone.png")
        # Nothing is wider than the screen: no sideways scrolling.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_SIZE[0]
        assert page.locator(".search-button").is_visible()
        page.keyboard.press("Tab")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"
        assert (tmp_path / "phone.png").stat().st_size > 0
        assert problems == []
