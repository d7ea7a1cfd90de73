"""In Chromium: the search box as one types — the length cap said, live results in order, completions by keyboard."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from .ui_browser import axe_violations, browser, page, server_url

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

pytestmark = pytest.mark.browser


def test_typing_past_the_length_cap_is_said(page: Page, server_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(server_url + "/")
    box = page.locator("#q")
    box.focus()
    page.keyboard.insert_text("réseau " * 80)
    assert len(box.input_value()) == 500
    message = page.locator("#limite-requete")
    expect(message).to_contain_text("500 caractères au plus")
    assert message.get_attribute("aria-live") == "polite"
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    expect(message).to_contain_text("498 caractères sur 500")


def test_results_come_as_one_types_in_order_and_in_the_address(page: Page, server_url: str) -> None:
    from playwright.sync_api import expect

    requests: list[str] = []
    held: list[Route] = []

    def hold_first(route: Route) -> None:
        requests.append(route.request.url)
        # The first answer is held back until a later one has been shown: it must not replace it.
        if len(requests) == 1:
            held.append(route)
        else:
            route.continue_()

    page.route(re.compile(r"/api/search\?"), hold_first)
    page.goto(server_url + "/")
    box = page.locator("#q")
    box.focus()
    page.keyboard.type("imprimante", delay=30)
    page.wait_for_timeout(400)
    page.keyboard.type(" reseau", delay=30)
    expect(page.locator("#annonce-resultats")).to_contain_text("trouvé")
    expect(page).to_have_url(re.compile(r"/\?q=imprimante\+reseau$"))
    # Debounced: far fewer requests than keys.
    assert 1 < len(requests) < len("imprimante reseau") // 2
    for route in held:
        route.continue_()
    page.wait_for_timeout(300)
    assert page.locator("#resultats-titre").inner_text() == "Résultats pour « imprimante reseau »"
    titles = page.locator(".hit-title a").all_inner_texts()
    assert titles and "Imprimer en réseau" in titles[0]
    assert page.locator(".hit-title mark").count() >= 1
    # The page stayed the same page: no navigation, the box keeps the focus.
    assert page.evaluate("document.activeElement.id") == "q"
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    # What the address says is what the server draws, the line under each title included.
    lines = page.locator(".hit-path").all_inner_texts()
    assert all(re.search(r" · modifié le \d{1,2} \w+ 20\d\d · [\d,]+ K?o$", line) for line in lines), lines
    page.reload()
    assert page.locator(".hit-title a").all_inner_texts() == titles
    assert page.locator(".hit-path").all_inner_texts() == lines


def test_clearing_the_box_brings_back_the_help(page: Page, server_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(server_url + "/")
    page.locator("#q").fill("sauvegarde")
    expect(page.locator("li.hit").first).to_be_visible()
    page.locator("#q").fill("")
    expect(page.locator("a.example-link").first).to_be_visible()
    expect(page).to_have_url(server_url + "/")


def test_completions_as_one_types_chosen_by_keyboard(page: Page, server_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(server_url + "/")
    box = page.get_by_role("combobox", name="Rechercher dans les textes")
    box.focus()
    page.keyboard.type("imprimante sauveg", delay=20)
    options = page.get_by_role("option")
    expect(options).to_have_text(["sauvegarde", "sauvegarder"])
    expect(box).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "completion-1")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    expect(box).to_have_value("imprimante sauvegarder")
    expect(box).to_have_attribute("aria-expanded", "false")
    # Choosing a word searches with it; the page did not reload.
    expect(page).to_have_url(re.compile(r"/\?q=imprimante\+sauvegarder$"))
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    # Accents come from the corpus; Escape closes the list.
    box.fill("")
    page.keyboard.type("secu", delay=20)
    expect(options.first).to_have_text("sécurité")
    assert axe_violations(page) == []
    page.keyboard.press("Escape")
    expect(page.locator("#completions")).to_be_hidden()
