"""Run the real server and drive Debian's Chromium: shared by the browser tests and bench/screenshot.py.

Chromium is the system one (``/usr/bin/chromium``), never a downloaded
build, started headless with a throwaway profile and without the features
that would reach the network.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    from playwright.sync_api import Page

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "SCREENSHOT_SIZE",
    "running_server",
    "chromium_page",
    "screenshot_results",
]

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOT_SIZE = (1280, 900)
SERVER_START_SECONDS = 30.0
_SERVING = re.compile(r"Serving on (http://\S+)")
_POLL_SECONDS = 0.05


def _wait_for_url(process: subprocess.Popen[bytes], log_path: Path, deadline: float) -> str:
    while time.monotonic() < deadline:
        match = _SERVING.search(log_path.read_text(encoding="utf-8", errors="replace"))
        if match:
            return match.group(1)
        if process.poll() is not None:
            break
        time.sleep(_POLL_SECONDS)
    raise RuntimeError(f"the server did not start; its output:\n{log_path.read_text(errors='replace')}")


def _wait_for_health(url: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(_POLL_SECONDS)
    raise RuntimeError(f"{url}/healthz did not answer")


@contextmanager
def running_server(
    index_dir: Path, log_path: Path, corpus_dir: Path | None = None, extra_args: tuple[str, ...] = ()
) -> Iterator[str]:
    """Run ``python -m webui`` on a free port of 127.0.0.1 and yield its base URL.

    The port is chosen by the system (``--port 0``) and read from the
    server's ``Serving on`` line, so two runs never race for a port.  The
    server's output goes to *log_path*; the server is stopped on exit.
    """
    command = [sys.executable, "-m", "webui", "--host", "127.0.0.1", "--port", "0", "--index", str(index_dir)]
    if corpus_dir is not None:
        command += ["--corpus", str(corpus_dir)]
    command += list(extra_args)
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        url = _wait_for_url(process, log_path, deadline)
        _wait_for_health(url, deadline)
        yield url
    finally:
        stop_process(process)


def stop_process(process: subprocess.Popen[Any]) -> None:
    """Stop *process* with SIGTERM, then SIGKILL if it is still there after 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def chromium_page(user_data_dir: Path, size: tuple[int, int] = SCREENSHOT_SIZE) -> Iterator[Page]:
    """Yield a page of a headless Chromium with a fresh profile in *user_data_dir*."""
    from playwright.sync_api import sync_playwright

    width, height = size
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(user_data_dir),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height},
            locale="fr-FR",
            color_scheme="light",
        )
        try:
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


def screenshot_results(page: Page, base_url: str, query: str, path: Path) -> None:
    """Open the results page of *query* and save what the window shows as a PNG."""
    page.goto(f"{base_url}/?q={quote(query)}")
    page.wait_for_selector(".hit mark")
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
