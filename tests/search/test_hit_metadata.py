"""Hits carry their file's size and modification time, as the corpus had them at the build."""

from __future__ import annotations

import os
from pathlib import Path

import indexer

MTIME = 1_700_000_000  # 14 November 2023


def test_hits_carry_size_and_mtime(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "notes").mkdir(parents=True)
    path = corpus / "notes" / "jardin.txt"
    path.write_text("Le jardin\n\nLes tomates du jardin mûrissent en août.\n", encoding="utf-8")
    os.utime(path, (MTIME, MTIME))
    indexer.build_index(corpus, tmp_path / "index")
    index = indexer.open_index(tmp_path / "index")
    for group in (False, True):
        (hit,) = index.search("tomates", group=group).hits
        assert (hit.source, hit.size, hit.mtime) == ("notes/jardin.txt", path.stat().st_size, MTIME)
    index.close()
