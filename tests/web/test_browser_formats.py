"""In Chromium: a PDF hit shows its page, and its link lands on the paragraph beside the page mark."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import indexer

from formats_corpus import write_documents

from .browser import CHROMIUM, chromium_page, running_server

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests")
    base = tmp_path_factory.mktemp("formats-browser")
    corpus = write_documents(base / "corpus")
    indexer.build_index(corpus, base / "index")
    with running_server(base / "index", base / "server.log", corpus_dir=corpus) as url:
        yield url


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Page]:
    with chromium_page(tmp_path / "profile") as opened:
        yield opened


def test_a_pdf_hit_shows_its_page_and_opens_on_its_paragraph(server_url: str, page: Page) -> None:
    from playwright.sync_api import expect

    page.goto(server_url + "/?q=messagerie+electronique")
    hit = page.locator("li.hit").first
    expect(hit.locator(".hit-page")).to_have_text("p.\u00a03")
    expect(hit.locator(".kind-badge")).to_have_text("PDF")
    expect(hit.locator(".hit-section")).to_have_text("2 Configuration › 2.1 Réseau")
    expect(hit.locator(".hit-file")).to_have_attribute("href", "/file/manuel/guide.pdf#page=3")

    hit.locator(".hit-title a").click()
    page.wait_for_url(re.compile(r"/doc/manuel/guide\.pdf\?.*p=3#p3$"))
    target = page.locator("#p3")
    expect(target).to_be_in_viewport()
    expect(target.locator("mark").first).to_be_visible()
    expect(page.locator("#page-3")).to_have_text("— page 3 —")
    expect(page.locator(".doc-section").last).to_have_text("2 Configuration › 2.1 Réseau")
