"""The README's promises: its library example runs verbatim."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_library_example_runs_verbatim(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    example = next(block for block in blocks if "indexer.build_index" in block)
    shutil.copytree(seeds_dir, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(compile(example, "README.md", "exec"), namespace)  # noqa: S102 - the README's own code
    res = namespace["res"]
    assert res.total > 0 and res.hits  # type: ignore[attr-defined]
    assert "<mark>" in res.hits[0].snippet  # type: ignore[attr-defined]
    assert (tmp_path / "index" / "CURRENT").is_file()
