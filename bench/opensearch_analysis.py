"""Terms of the French chain in OpenSearch against the project's own chain, word by word.

Every distinct word of a corpus (a run of non-space characters, punctuation
included, so that the tokenizers are compared too) goes through
:func:`indexer.analysis.french_analyzer` and through the analyzer of
``opensearch/french-template.json`` on a running node (``make opensearch``);
a word counts as identical when both give the same list of terms.

Usage::

    python bench/opensearch_analysis.py [--corpus seeds] [--url http://127.0.0.1:9200] [--show 40]

The dev corpus (427 files of the Debian Reference in French) is built with
``python3 ../shared/eval-dev/build_dev.py build --out DIR``; pass ``--corpus DIR``.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import json
import os
import sys
import time
import urllib.request
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from indexer.analysis import french_analyzer  # noqa: E402
from indexer.opensearch_analysis import FRENCH_ANALYZER, french_index_template  # noqa: E402

DEFAULT_URL = "http://127.0.0.1:9200"
# Words per _analyze request: their tokens stay well under the node's
# index.analyze.max_token_count (10 000).
BATCH_WORDS = 2_000
# Seconds to wait for one HTTP answer from the node.
HTTP_TIMEOUT = 30


@dataclass(frozen=True)
class Comparison:
    """Words analysed by both chains, and those whose terms differ: (word, ours, OpenSearch's)."""

    words: int
    differences: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]

    @property
    def identical_share(self) -> float:
        """Share of the words with identical terms, from 0 to 1."""
        return 1.0 - len(self.differences) / self.words if self.words else 1.0


def request(url: str, method: str = "GET", body: Any = None) -> Any:
    """Send one JSON request to the node and return the decoded answer.

    :raises urllib.error.URLError: when the node does not answer or refuses the request.
    """
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=HTTP_TIMEOUT) as answer:
        return json.loads(answer.read().decode("utf-8"))


def distinct_words(texts: Iterable[str]) -> list[str]:
    """Return the distinct whitespace-separated words of *texts*, sorted."""
    return sorted({word for text in texts for word in text.split()})


def corpus_texts(corpus: Path) -> list[str]:
    """Return the text of every ``.txt`` and ``.md`` file under *corpus*."""
    paths = sorted(p for p in corpus.rglob("*") if p.suffix in {".txt", ".md"} and p.is_file())
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths]


def local_terms(words: Sequence[str]) -> list[tuple[str, ...]]:
    """Return the project's terms of each word."""
    analyzer = french_analyzer()
    return [tuple(token.text for token in analyzer(word)) for word in words]


def remote_terms(words: Sequence[str], url: str, index: str) -> list[tuple[str, ...]]:
    """Return the terms of each word from the French analyzer of *index* on the node at *url*.

    Words are sent in batches, one per line; each token goes back to its word
    by its start offset (a word holds no whitespace, so no token spans two).
    """
    terms: list[list[str]] = [[] for _ in words]
    for first in range(0, len(words), BATCH_WORDS):
        batch = words[first : first + BATCH_WORDS]
        starts, offset = [], 0
        for word in batch:
            starts.append(offset)
            offset += len(word) + 1
        answer = request(f"{url}/{index}/_analyze", "POST", {"analyzer": FRENCH_ANALYZER, "text": "\n".join(batch)})
        for token in answer["tokens"]:
            position = bisect.bisect_right(starts, token["start_offset"]) - 1
            terms[first + position].append(token["token"])
    return [tuple(t) for t in terms]


@contextlib.contextmanager
def scratch_index(url: str, body: dict[str, Any] | None = None) -> Iterator[str]:
    """Create an index for the comparison, yield its name, then delete it.

    :param body: settings and mappings; by default those of the French template.
    """
    index = f"fr-search-equivalence-{os.getpid()}-{time.monotonic_ns()}"
    request(f"{url}/{index}", "PUT", french_index_template()["template"] if body is None else body)
    try:
        yield index
    finally:
        request(f"{url}/{index}", "DELETE")


def compare(words: Sequence[str], url: str, index: str) -> Comparison:
    """Compare our chain with the French analyzer of *index* on *words*."""
    theirs = remote_terms(words, url, index)
    ours = local_terms(words)
    differences = tuple((w, o, t) for w, o, t in zip(words, ours, theirs) if o != t)
    return Comparison(words=len(words), differences=differences)


def main() -> None:
    """Print the share of identical words and the first differences."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("seeds"), help="folder of .txt/.md files")
    parser.add_argument("--url", default=DEFAULT_URL, help="OpenSearch node")
    parser.add_argument("--show", type=int, default=40, help="differences to print")
    args = parser.parse_args()
    words = distinct_words(corpus_texts(args.corpus))
    started = time.perf_counter()
    with scratch_index(args.url) as index:
        result = compare(words, args.url, index)
    seconds = time.perf_counter() - started
    print(f"{result.words} distinct words, {len(result.differences)} differ: "
          f"{100 * result.identical_share:.3f} % identical ({seconds:.1f} s)")
    for word, ours, theirs in result.differences[: args.show]:
        print(f"  {word!r}: ours {list(ours)} opensearch {list(theirs)}")


if __name__ == "__main__":
    main()
