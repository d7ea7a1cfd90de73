"""Save the README's screenshot: the results page for ``securite`` on the seed corpus.

Builds a fresh index of ``seeds/`` in a temporary directory, serves it with
``python -m webui`` and photographs the page in Debian's Chromium at
1280x900, with the same helpers as the browser tests.

Usage::

    python bench/screenshot.py [--out docs/screenshot-results.png]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import urllib.request
from urllib.parse import quote
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import indexer  # noqa: E402
from tests.web.browser import CHROMIUM, chromium_page, running_server, screenshot_results  # noqa: E402

QUERY = "securite"
DEFAULT_OUT = ROOT / "docs" / "screenshot-results.png"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="PNG file to write.")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"error: {CHROMIUM} is missing; install Debian's chromium package")
    with tempfile.TemporaryDirectory(prefix="frsearch-screenshot-") as work:
        work_dir = Path(work)
        indexer.build_index(ROOT / "seeds", work_dir / "index")
        with running_server(work_dir / "index", work_dir / "server.log") as url:
            # One search first: the time shown is then that of a running
            # server, not of the very first search competing with Chromium's start.
            with urllib.request.urlopen(f"{url}/?q={quote(QUERY)}") as warm_up:
                warm_up.read()
            with chromium_page(work_dir / "profile") as page:
                screenshot_results(page, url, QUERY, args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
