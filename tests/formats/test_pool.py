"""Extraction pool: results in input order; a file that hangs, crashes or exhausts memory is refused and the rest comes back."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from indexer.errors import UnreadableDocument
from indexer.formats import Extracted
from indexer.formats.pool import ExtractionPool, extract_all

from .hostile_readers import chatty, misbehaving
from .makers import make_docx, make_odt

TIMEOUT = 3.0
MEMORY = 2**30


def summary(result: Extracted | UnreadableDocument) -> str:
    return result.reason if isinstance(result, UnreadableDocument) else f"{result.kind}: {result.title}"


@pytest.mark.slow
def test_hostile_readers_are_refused_and_the_others_come_back_in_order() -> None:
    items = [
        ("guide.docx", make_docx()),
        ("bloque.pdf", b"hang"),
        ("plante.pdf", b"crash"),
        ("notes.txt", "Notes d’été\n\nUn café.\n".encode()),
        ("gourmand.pdf", b"memory"),
        ("sortie.pdf", b"exit"),
        ("réseau.odt", make_odt()),
        ("bruit.pdf", b"%PDF-1.4 pas vraiment"),
    ]
    started = time.monotonic()
    with ExtractionPool(2, timeout=TIMEOUT, memory_bytes=MEMORY, reader=misbehaving) as pool:
        results = [(name, summary(result)) for name, result in pool.extract_all(items)]
        assert len(pool.worker_pids) <= 2
    assert results == [
        ("guide.docx", "docx: Guide d’installation"),
        ("bloque.pdf", f"délai dépassé ({TIMEOUT:g} s)"),
        ("plante.pdf", "le lecteur s'est arrêté (signal SIGSEGV)"),
        ("notes.txt", "txt: Notes d’été"),
        ("gourmand.pdf", "mémoire dépassée"),
        ("sortie.pdf", "le lecteur s'est arrêté (code 3)"),
        ("réseau.odt", "odt: Guide réseau"),
        ("bruit.pdf", "PDF illisible (fichier endommagé ou pas un PDF)"),
    ]
    # The hanging file cost its time limit once, not the whole run.
    assert time.monotonic() - started < 4 * TIMEOUT + 10


def test_the_real_readers_in_workers_and_small_texts_in_process() -> None:
    items = [("a.md", b"# Titre\n\nUn paragraphe.\n"), ("b.odt", make_odt()), ("c.docx", b"pas un zip")]
    assert [(name, summary(result)) for name, result in extract_all(items, workers=1)] == [
        ("a.md", "md: Titre"),
        ("b.odt", "odt: Guide réseau"),
        ("c.docx", "DOCX illisible (pas une archive zip valide)"),
    ]


def test_a_worker_loads_only_the_readers_and_prints_nowhere(capfd: pytest.CaptureFixture[str]) -> None:
    with ExtractionPool(1, reader=chatty) as pool:
        results = [summary(result) for _, result in pool.extract_all([("a.pdf", b"%PDF"), ("b.odt", b"PK")])]
    assert results == ["txt: léger", "txt: léger"]
    assert "bavard" not in capfd.readouterr().out


def test_an_unknown_suffix_is_a_caller_error() -> None:
    with pytest.raises(ValueError, match="photo.jpg"):
        list(extract_all([("photo.jpg", b"\xff\xd8")], workers=1))


@pytest.mark.slow
def test_workers_die_with_their_parent(tmp_path: Path) -> None:
    script = tmp_path / "parent.py"
    script.write_text(
        textwrap.dedent(
            """
            import threading
            import time
            from formats.hostile_readers import misbehaving
            from indexer.formats.pool import ExtractionPool

            pool = ExtractionPool(2, reader=misbehaving)
            items = [("a.pdf", b"hang"), ("b.pdf", b"hang")]
            threading.Thread(target=lambda: list(pool.extract_all(items)), daemon=True).start()
            while len(pool.worker_pids) < 2:
                time.sleep(0.01)
            print(" ".join(map(str, pool.worker_pids)), flush=True)
            time.sleep(600)
            """
        )
    )
    tests_dir = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tests_dir), str(tests_dir.parent)])}
    with subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, env=env) as parent:
        assert parent.stdout is not None
        pids = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(pids) == 2 and all(alive(pid) for pid in pids)
        parent.kill()
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in pids)


def alive(pid: int) -> bool:
    """Tell whether *pid* runs (a zombie, dead but not yet reaped by init, counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"
