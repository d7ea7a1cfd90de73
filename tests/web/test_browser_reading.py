"""In Chromium, reading a long document: the same landing height for every link, occurrences one by one, its sections."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from .ui_browser import axe_violations, browser, open_page, page, server_url
from .ui_corpus import LONG_DOCUMENT, LONG_PARAGRAPHS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

# Where a linked paragraph's top lands: the CSS --landing-top, 5rem.
LANDING_TOP = 80
DOC = f"/doc/{LONG_DOCUMENT}"


def _top(page: Page, selector: str) -> float:
    return float(page.locator(selector).evaluate("node => node.getBoundingClientRect().top"))


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_every_link_lands_at_the_same_height(browser: Browser, server_url: str, javascript: bool) -> None:
    with open_page(browser, javascript=javascript) as page:
        for number in (40, 60, 12):
            page.goto(f"{server_url}{DOC}?q=reseau&p={number}#p{number}")
            page.wait_for_load_state("load")
            assert abs(_top(page, f"#p{number}") - LANDING_TOP) < 2, number
        # A link within the page (the fragment changes, no load) lands there too.
        page.locator('a.paragraph-number[href="#p30"]').click()
        page.wait_for_url(re.compile(r"#p30$"))
        page.wait_for_timeout(100)
        assert abs(_top(page, "#p30") - LANDING_TOP) < 2


def test_occurrences_one_by_one_with_buttons_and_keys(page: Page, server_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{server_url}{DOC}?q=reseau&p=40#p40")
    marks = page.locator(".paragraph mark")
    total = marks.count()
    assert total > 30
    status = page.locator(".occurrence-status")
    # It starts at the first occurrence of the paragraph the link pointed to.
    first = page.evaluate(
        "() => [...document.querySelectorAll('.paragraph mark')].findIndex(m => m.closest('#p40') ||"
        " (document.getElementById('p40').compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING)) + 1"
    )
    expect(status).to_have_text(f"occurrence {first}/{total}")
    page.keyboard.press("n")
    expect(status).to_have_text(f"occurrence {first + 1}/{total}")
    current = page.locator("mark.is-current")
    expect(current).to_have_count(1)
    expect(current).to_be_in_viewport()
    assert current.evaluate("(m, all) => [...document.querySelectorAll('.paragraph mark')].indexOf(m)", None) == first
    page.keyboard.press("p")
    page.keyboard.press("p")
    expect(status).to_have_text(f"occurrence {first - 1}/{total}")
    # The address follows the occurrence's paragraph: Back and shared links come here.
    holder = current.evaluate("m => m.closest('.paragraph').id")
    assert page.url.endswith("#" + holder)
    page.get_by_role("button", name="Occurrence suivante (touche n)").click()
    expect(status).to_have_text(f"occurrence {first}/{total}")
    # The last one leads round to the first.
    for _ in range(total - first + 1):
        page.keyboard.press("n")
    expect(status).to_have_text(f"occurrence 1/{total}")


def test_table_of_contents_lists_the_sections_and_lands_on_them(page: Page, server_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(f"{server_url}{DOC}?q=reseau")
    toc = page.locator("nav.toc")
    expect(toc.locator("summary")).to_have_text("Sommaire (6 sections)")
    toc.locator("summary").click()
    entries = toc.locator("a")
    assert entries.all_inner_texts() == [
        "1 Installation", "2 Réseau", "3 Sauvegarde", "4 Sécurité", "5 Dépannage", "6 Annexes",
    ]
    entries.nth(4).click()
    page.wait_for_timeout(100)
    heading = page.locator("h2.doc-section", has_text="5 Dépannage")
    assert abs(float(heading.evaluate("h => h.getBoundingClientRect().top")) - LANDING_TOP) < 2
    assert page.locator(".paragraph").count() == LONG_PARAGRAPHS


def test_back_link_returns_to_the_results_where_they_were(page: Page, server_url: str) -> None:
    page.goto(server_url + "/?q=reseau&tous=1&page=2")
    page.locator("li.hit").nth(6).evaluate("card => card.scrollIntoView({block: 'start'})")
    before = page.evaluate("window.scrollY")
    href = page.locator(".hit-title a").nth(6).get_attribute("href")
    page.locator(".hit-title a").nth(6).click()
    page.wait_for_url(re.compile(r"/doc/"))
    page.locator("a.back-link").click()
    page.wait_for_url(re.compile(r"/\?q=reseau&tous=1&page=2$"))
    page.wait_for_timeout(300)
    assert abs(page.evaluate("window.scrollY") - before) < 4
    assert page.evaluate("document.activeElement.getAttribute('href')") == href


def test_document_page_has_no_accessibility_violation(page: Page, server_url: str) -> None:
    page.goto(f"{server_url}{DOC}?q=reseau&p=40#p40")
    page.locator("nav.toc summary").click()
    assert axe_violations(page) == []


def test_copy_link_puts_the_paragraphs_deep_link_in_the_clipboard(page: Page, server_url: str) -> None:
    from playwright.sync_api import expect

    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server_url)
    page.goto(f"{server_url}{DOC}?q=reseau")
    button = page.get_by_role("button", name="Copier le lien du paragraphe 12")
    button.click()
    expect(button).to_have_text("lien copié")
    link = page.evaluate("navigator.clipboard.readText()")
    assert link == f"{server_url}{DOC}?p=12#p12"
    expect(page.locator("#annonce-copie")).to_have_text("Lien copié : " + link)
    page.goto(link)
    assert abs(_top(page, "#p12") - LANDING_TOP) < 2
