"""The command line: exit codes, messages, output formats, help."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.cli import cli


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_rebuild_then_search_and_stats(runner: CliRunner, seeds_copy: Path, tmp_path: Path) -> None:
    index_dir = str(tmp_path / "index")
    (seeds_copy / "vide.txt").write_text("", encoding="utf-8")
    built = runner.invoke(cli, ["rebuild", "--corpus", str(seeds_copy), "--index", index_dir])
    assert built.exit_code == 0, built.output
    assert "indexed 2 documents, 76 paragraphs" in built.output
    assert "skipped 1 files:" in built.output and "vide.txt: document vide (aucun texte)" in built.output

    found = runner.invoke(cli, ["search", "securite collective", "--index", index_dir, "--limit", "3"])
    assert found.exit_code == 0, found.output
    assert "1. " in found.output and "§" in found.output
    assert "[sécurité]" in found.output  # matched words emphasised (brackets off a terminal)
    assert "<mark>" not in found.output

    as_json = runner.invoke(cli, ["search", "securite", "--json", "--index", index_dir, "--limit", "2"])
    payload = json.loads(as_json.output)
    assert payload["query"] == "securite" and payload["total"] > 2 and len(payload["hits"]) == 2
    assert set(payload["hits"][0]) == {
        "source", "title", "paragraph", "score", "snippet", "other_paragraphs", "page", "section", "kind",
        "size", "mtime",
    }
    assert "<mark>sécurité</mark>" in payload["hits"][0]["snippet"]

    stats = runner.invoke(cli, ["stats", "--index", index_dir])
    assert stats.exit_code == 0
    for label in ("documents:  2", "paragraphs: 76", "terms:", "size:", "built at:"):
        assert label in stats.output


def test_missing_index_is_one_line_and_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    for command in (["search", "paix"], ["stats"]):
        result = runner.invoke(cli, [*command, "--index", str(tmp_path / "nulle-part")])
        assert result.exit_code == 1
        assert result.output.strip().splitlines() == [
            f"error: no index in {tmp_path / 'nulle-part'}; "
            f"run python -m indexer rebuild --index {tmp_path / 'nulle-part'}"
        ]
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_missing_corpus_is_one_line_and_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["rebuild", "--corpus", str(tmp_path / "absent"), "--index", str(tmp_path)])
    assert result.exit_code == 1
    assert "corpus directory" in result.output and "absent" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args", [["search", "paix", "--limit", "0"], ["search", "paix", "--limit", "abc"], ["rebuild", "--nope"]],
    ids=["limit-zero", "limit-text", "unknown-option"],
)
def test_bad_options_exit_2_with_usage(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert "Usage:" in result.output


@pytest.mark.parametrize("command", [[], ["rebuild"], ["search"], ["stats"]], ids=["group", "rebuild", "search", "stats"])
def test_every_command_has_help(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output and len(result.output.splitlines()) > 3
