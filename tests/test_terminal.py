"""What the command line prints holds no escape sequence from the corpus (file names, titles, text)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from corpus_writing import write_corpus
from indexer.cli import _terminal_snippet, cli
from indexer.terminal import terminal_json, terminal_line, terminal_text

WINDOW_TITLE = "\x1b]0;PWNED\x07"
CLEAR_SCREEN = "\x1b[2J"
# Any control character but newline, and the 8-bit CSI.
RAW_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
HOSTILE_CORPUS = {
    "piège.txt": (
        f"{WINDOW_TITLE}Titre{CLEAR_SCREEN} piégé\x9b31m\n\n"
        f"Le jardin{WINDOW_TITLE} des tomates\x1b[1;31m rouges\x08\x08\x08\x08\x08\x08 vertes\r et des courgettes.\n"
    ),
    f"fenêtre{WINDOW_TITLE}.txt": "Jardin\n\nUn jardin de tomates.\n",
    "retour\rchariot.txt": "Jardin\n\nUn jardin de tomates.\n",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{WINDOW_TITLE}Titre", "Titre"),
        (f"a{CLEAR_SCREEN}b", "ab"),
        ("rouge\x1b[1;31m vif\x1b[0m", "rouge vif"),
        ("osc sans fin\x1b]2;titre", "osc sans fin"),
        ("osc avec ST\x1b]2;titre\x1b\\ suite", "osc avec ST suite"),
        ("échappement seul \x1b", "échappement seul "),
        ("deux caractères \x1bc fin", "deux caractères  fin"),
        ("csi 8 bits \x9b2J fin", "csi 8 bits  fin"),
        ("c1 \x85 \x9c", "c1  "),
        ("retour\rchariot\x08\x7f", "retourchariot"),
        ("ligne\n\ttabulée", "ligne\n\ttabulée"),
        ("« Été » — œuvre", "« Été » — œuvre"),
    ],
    ids=["window-title", "clear-screen", "colours", "unterminated-osc", "osc-st", "lone-esc", "two-char",
         "8-bit-csi", "c1", "cr-backspace-del", "newline-tab-kept", "french-untouched"],
)
def test_terminal_text(text: str, expected: str) -> None:
    assert terminal_text(text) == expected


def test_terminal_line_shows_controls_escaped() -> None:
    assert terminal_line(f"ligne\nbrisée{WINDOW_TITLE}\t\r.txt") == "ligne\\nbrisée\\x1b]0;PWNED\\x07\\t\\r.txt"
    assert terminal_line("droite\u202egauche\x9b") == "droite\\u202egauche\\x9b"
    assert terminal_line("notes d’été/carnet.md") == "notes d’été/carnet.md"


def test_terminal_json_is_json_without_raw_controls() -> None:
    payload = {"title": f"{WINDOW_TITLE}Titre\x9b\x7f\u202e", "text": "ligne\nsuivante été"}
    printed = terminal_json(payload)
    assert not RAW_CONTROL.search(printed.replace("\n", ""))
    assert "été" in printed and json.loads(printed) == payload


def test_snippet_colours_are_the_only_escape_sequences() -> None:
    html = f"avant{CLEAR_SCREEN} <mark>tomates{WINDOW_TITLE}</mark> après &lt;b&gt;"
    assert _terminal_snippet(html, color=False) == "avant [tomates] après <b>"
    coloured = _terminal_snippet(html, color=True)
    assert click.unstyle(coloured) == "avant tomates après <b>"
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == "avant tomates après <b>"


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    base = tmp_path_factory.mktemp("terminal")
    corpus = write_corpus(base / "corpus", dict(HOSTILE_CORPUS))
    built = CliRunner().invoke(cli, ["rebuild", "--corpus", str(corpus), "--index", str(base / "index")])
    assert built.exit_code == 0, built.output
    return corpus, base / "index", built.output


def test_rebuild_names_files_without_their_escapes(hostile_index: tuple[Path, Path, str]) -> None:
    output = hostile_index[2]
    assert not RAW_CONTROL.search(output)
    assert "  fenêtre\\x1b]0;PWNED\\x07.txt: nom de fichier avec un caractère de contrôle ; renommez le fichier" in output
    assert "  retour\\rchariot.txt: nom de fichier avec un caractère de contrôle ; renommez le fichier" in output


@pytest.mark.parametrize("args", [["jardin"], ["tomates", "--json"], ["courgettes", "--limit", "1"]],
                         ids=["text", "json", "one"])
def test_search_prints_titles_and_text_without_escapes(hostile_index: tuple[Path, Path, str], args: list[str]) -> None:
    result = CliRunner().invoke(cli, ["search", *args, "--index", str(hostile_index[1])])
    assert result.exit_code == 0, result.output
    assert not RAW_CONTROL.search(result.output)
    assert "piège.txt" in result.output
    # JSON keeps the text as written, its controls escaped; the terminal text drops them.
    assert ("PWNED" in result.output) == ("--json" in args)


def test_stats_and_update_print_no_escapes(hostile_index: tuple[Path, Path, str]) -> None:
    corpus, index_dir, _ = hostile_index
    for args in (["stats", "--index", str(index_dir)], ["update", "--corpus", str(corpus), "--index", str(index_dir)]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        assert not RAW_CONTROL.search(result.output)


def test_error_messages_print_no_escapes(tmp_path: Path) -> None:
    missing = tmp_path / f"absent{WINDOW_TITLE}"
    result = CliRunner().invoke(cli, ["search", "paix", "--index", str(missing)])
    assert result.exit_code == 1
    assert result.output.startswith("error: ") and not RAW_CONTROL.search(result.output)
