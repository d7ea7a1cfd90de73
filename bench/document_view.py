"""Time the document page and ``/api/doc`` on two hostile files: one 9 MB line, 200 000 paragraphs.

Builds (once) a corpus of those two files from the seed texts in
``/tmp/frsearch-bench/docview``, indexes it, then asks the real application
(Flask test client, no network) for each document page with the query
``paix``, printing the best of three times and the size of each answer.

    .venv/bin/python bench/document_view.py [--work /tmp/frsearch-bench/docview]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import indexer  # noqa: E402
from webui import create_app  # noqa: E402

ONE_LINE_BYTES = 9_000_000
MANY_PARAGRAPHS = 200_000
# Each answer is timed this many times; the best is printed.
RUNS = 3
URLS = (
    "/doc/oneline9m.txt?q=paix",
    "/doc/oneline9m.txt?q=paix&p=400",
    "/doc/many.txt?q=paix",
    "/doc/many.txt?q=paix&p=150000",
    "/api/doc/oneline9m.txt",
    "/api/doc/many.txt?p=150000",
)


def _seed_sentences() -> list[str]:
    text = " ".join(path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt")))
    return [s.strip() + "." for s in " ".join(text.split()).split(". ") if len(s.strip()) > 20]


def make_corpus(corpus: Path) -> None:
    """Write the two files into *corpus*."""
    corpus.mkdir(parents=True, exist_ok=True)
    sentences = _seed_sentences()
    line: list[str] = []
    size = 0
    while size < ONE_LINE_BYTES:
        sentence = sentences[len(line) % len(sentences)]
        line.append(sentence)
        size += len(sentence.encode("utf-8")) + 1
    (corpus / "oneline9m.txt").write_text("Une seule ligne\n\n" + " ".join(line) + "\n", encoding="utf-8")
    words = " ".join(sentences).split()
    paragraphs = [" ".join(words[i % len(words) : i % len(words) + 4]) for i in range(MANY_PARAGRAPHS)]
    (corpus / "many.txt").write_text("Deux cent mille paragraphes\n\n" + "\n\n".join(paragraphs) + "\n",
                                     encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/frsearch-bench/docview"))
    args = parser.parse_args()
    corpus, index_dir = args.work / "corpus", args.work / "index"
    if not (index_dir / "CURRENT").exists():
        make_corpus(corpus)
        report = indexer.build_index(corpus, index_dir)
        print(f"built: {report.documents} documents, {report.paragraphs} paragraphs in {report.seconds:.1f} s")
    client = create_app({"INDEX_DIR": str(index_dir)}).test_client()
    client.get("/healthz")
    for url in URLS:
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        seconds = min(times)
        print(f"{url:40} {response.status_code} {seconds:6.2f} s {len(response.data) / 1e6:7.2f} MB")


if __name__ == "__main__":
    main()
