"""Writing test corpora: a module of its own, so that tests in subfolders import it by a unique name."""

from __future__ import annotations

from pathlib import Path

__all__ = ["SMALL_CORPUS", "write_corpus"]

# Small French texts written for the tests: hyphenated words, elisions with
# both apostrophes, a dotted acronym, a markdown title and a nested folder.
SMALL_CORPUS = {
    "climat.txt": (
        "Le climat en Asie-Pacifique\n\n"
        "Les pays d’Asie-Pacifique coopèrent sur l'adaptation au changement climatique.\n"
        "Les océans se réchauffent et les côtes reculent.\n\n"
        "L’O.N.U. publie chaque année un rapport sur les émissions.\n"
    ),
    # No "#" heading: a Markdown heading is a section, not a paragraph, and
    # the tests count this note's paragraphs from its first line.
    "notes/cuisine.md": (
        "Recettes de cuisine\n\n"
        "Le bœuf bourguignon mijote lentement ; il est peut-être meilleur le lendemain.\n\n"
        "Les crêpes demandent de la farine, des œufs et du lait.\n"
    ),
    "notes/archives/ecole.txt": (
        "Souvenirs d'école\n\n"
        "Les élèves développaient leurs connaissances ; le développement de l’enfant était suivi.\n\n"
        "Jusqu’à présent, aucune école n’avait fermé.\n"
    ),
}


def write_corpus(directory: Path, files: dict[str, str | bytes]) -> Path:
    """Write *files* (relative path -> text or bytes) under *directory* and return it."""
    for name, content in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return directory
