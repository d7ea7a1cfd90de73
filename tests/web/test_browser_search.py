"""In Chromium, on a corpus of folders and look-alike titles: the search page (issue 13), its filters, its accessibility."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pytest

from .ui_browser import PHONE, axe_violations, browser, open_page, page, server_url
from .ui_corpus import TWIN_TITLE

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

SEED_WORDS = ("paix", "Chine", "Vietnam", "histoire")


def _scroll_to_result(page: Page, rank: int) -> float:
    """Scroll so that the result of *rank* (from 1) is at the top; return the scroll position."""
    page.locator("li.hit").nth(rank - 1).evaluate("card => card.scrollIntoView({block: 'start'})")
    return float(page.evaluate("window.scrollY"))


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_back_returns_to_the_same_place(browser: Browser, server_url: str, javascript: bool) -> None:
    from playwright.sync_api import expect

    with open_page(browser, javascript=javascript) as page:
        page.goto(server_url + "/?q=reseau&tous=1")
        expect(page.locator("li.hit")).to_have_count(10)
        before = _scroll_to_result(page, 8)
        assert before > 500
        eighth = page.locator(".hit-title a").nth(7)
        href = eighth.get_attribute("href")
        eighth.click()
        page.wait_for_url(re.compile(r"/doc/"))
        page.go_back()
        page.wait_for_url(re.compile(r"/\?q=reseau&tous=1$"))
        page.wait_for_load_state("load")
        # Chromium puts the scroll back after the load; nothing on the page may move it since.
        page.wait_for_timeout(300)
        assert abs(page.evaluate("window.scrollY") - before) < 4
        assert page.evaluate("document.activeElement.id") != "q"
        if javascript:
            assert page.evaluate("document.activeElement.getAttribute('href')") == href


def test_back_link_keeps_the_results_page_and_view(page: Page, server_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(server_url + "/?q=reseau&tous=1&page=3")
    page.locator(".hit-title a").first.click()
    page.wait_for_url(re.compile(r"/doc/"))
    back = page.locator("a.back-link")
    assert parse_qs(urlsplit(back.get_attribute("href") or "").query) == {
        "q": ["reseau"], "tous": ["1"], "page": ["3"],
    }
    back.click()
    page.wait_for_url(re.compile(r"/\?q=reseau&tous=1&page=3$"))
    expect(page.locator(".pagination a[aria-current=page]").first).to_have_text("3")


def test_help_examples_come_from_the_index_and_find_something(page: Page, server_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(server_url + "/")
    examples = page.locator("a.example-link")
    assert examples.count() >= 4
    texts = examples.all_inner_texts()
    assert not any(word.lower() in text.lower() for text in texts for word in SEED_WORDS)
    # Each example says how many documents it finds, and finds that many.
    for i in range(examples.count()):
        link = page.locator("a.example-link").nth(i)
        claimed = int(re.search(r"\((\d+) documents?\)", link.locator("xpath=../following-sibling::dd[1]").inner_text()).group(1))
        link.click()
        expect(page.locator(".summary strong")).to_have_text(str(claimed))
        page.go_back()


def test_twin_titles_show_their_folder_and_what_tells_them_apart(page: Page, server_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(server_url + "/?q=avertissement")
    cards = page.locator("li.hit")
    expect(cards.first).to_be_visible()
    titles = page.locator(".hit-title a")
    names = titles.all_inner_texts()
    assert len(names) >= 3 and all(name.startswith(TWIN_TITLE) for name in names)
    # Every link's name differs, and says where it is.
    assert len(set(names)) == len(names)
    assert all(re.search(r" — \w+/avertissement\.txt$", name) for name in names)
    paths = page.locator(".hit-source").all_inner_texts()
    assert {"guides/reseau/avertissement.txt", "guides/securite/avertissement.txt"} <= set(paths)
    # The query's word is marked in the titles too.
    expect(page.locator(".hit-title mark").first).to_have_text(TWIN_TITLE)


def _tab_stops_between(page: Page, first: str, second: str) -> int:
    """Press Tab from the element *first* until *second* has the focus; return the presses."""
    page.locator(first).focus()
    for presses in range(1, 40):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement === document.querySelector(selector)", second):
            return presses
    raise AssertionError(f"{second} never got the focus")


def test_keyboard_reaches_and_opens_the_second_result(page: Page, server_url: str) -> None:
    page.goto(server_url + "/?q=reseau")
    # A result with other passages is three stops: title, original file, the passages' disclosure.
    assert page.locator("li.hit").first.locator("details.hit-others").count() == 1
    assert _tab_stops_between(page, "li.hit:nth-child(1) .hit-title a", "li.hit:nth-child(2) .hit-title a") <= 3
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = page.locator(".hit-title a").nth(1).get_attribute("href")
    assert second and page.evaluate("document.activeElement.getAttribute('href')") == second
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/doc/"))
    assert page.url.endswith(second)


def test_phone_shows_the_query_and_the_first_result_without_scrolling(browser: Browser, server_url: str) -> None:
    query = "comment configurer le réseau"
    with open_page(browser, size=PHONE) as page:
        page.goto(server_url + "/?q=" + query.replace(" ", "+"))
        box = page.locator("#q")
        assert box.evaluate("input => input.scrollWidth <= input.clientWidth"), "the query does not fit in the box"
        height = PHONE[1]
        first = page.locator("li.hit").first
        title_box = first.locator(".hit-title").bounding_box()
        snippet_box = first.locator(".hit-snippet").bounding_box()
        assert title_box is not None and snippet_box is not None
        # The title and the first lines of the snippet are on the first screen.
        assert snippet_box["y"] + 3 * 24 < height, (title_box, snippet_box)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
        assert page.locator(".search-button").get_attribute("type") == "submit"
        assert page.get_by_role("button", name="Rechercher").is_visible()


@pytest.mark.parametrize("path", ["/", "/?q=reseau", "/?q=xylophonique"], ids=["home", "results", "none"])
def test_no_accessibility_violation(page: Page, server_url: str, path: str) -> None:
    page.goto(server_url + path)
    if "q=reseau" in path:
        page.locator("details.hit-others").first.locator("summary").click()
    assert axe_violations(page) == []


def test_filters_change_the_results_and_the_address(page: Page, server_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(server_url + "/?q=reseau")
    total = int(page.locator(".summary strong").inner_text())
    facets = page.locator("details.facets")
    facets.locator("summary").click()
    folder = facets.locator("#facette-dossier ~ ul a", has_text="guides")
    count = int(folder.locator("xpath=following-sibling::span[1]").inner_text())
    assert 0 < count < total
    folder.click()
    page.wait_for_url(re.compile(r"/\?q=reseau&dossier=guides$"))
    expect(page.locator(".summary strong")).to_have_text(str(count))
    assert all(source.startswith("guides/") for source in page.locator(".hit-source").all_inner_texts())
    # Filters combine, and a new query typed in the box keeps them.
    page.locator("#facette-format ~ ul a", has_text="TXT").click()
    page.wait_for_url(re.compile(r"/\?q=reseau&dossier=guides&format=txt$"))
    box = page.locator("#q")
    box.fill("")
    box.focus()
    page.keyboard.type("imprimante", delay=20)
    expect(page).to_have_url(re.compile(r"/\?q=imprimante&dossier=guides&format=txt$"))
    expect(page.locator("#resultats-titre")).to_have_text("Résultats pour « imprimante »")
    assert all(source.startswith("guides/") for source in page.locator(".hit-source").all_inner_texts())
    expect(page.locator("details.facets")).to_have_attribute("open", "")
    # The sort by date, and removing the folder.
    page.locator("#facette-tri ~ ul a", has_text="date").click()
    page.wait_for_url(re.compile(r"tri=date"))
    page.get_by_role("link", name="Retirer le filtre du dossier guides").click()
    page.wait_for_url(re.compile(r"/\?q=imprimante&format=txt&tri=date$"))
    assert any(source.startswith("archives/") for source in page.locator(".hit-source").all_inner_texts())
    assert axe_violations(page) == []
    # Typed again: the live results' links lead to documents whose way back keeps the filters.
    page.locator("#q").fill("")
    page.locator("#q").focus()
    page.keyboard.type("imprimante reseau", delay=20)
    expect(page).to_have_url(re.compile(r"/\?q=imprimante\+reseau&format=txt&tri=date$"))
    page.locator(".hit-title a").first.click()
    page.wait_for_url(re.compile(r"/doc/"))
    back = parse_qs(urlsplit(page.locator("a.back-link").get_attribute("href") or "").query)
    assert back == {"q": ["imprimante reseau"], "format": ["txt"], "tri": ["date"]}
