"""A French corpus whose words Snowball or typo tolerance confuse: « comment » and « commentez », « fil » and
« file », « sécurité » and « secure », « installation » and « install », « e-mail » and « email »."""

from __future__ import annotations

from pathlib import Path

import indexer

from corpus_writing import write_corpus

__all__ = ["PRECISION_CORPUS", "build_precision_index"]

PRECISION_CORPUS = {
    "reseau.md": (
        "Configurer le réseau\n\n"
        "Comment configurer le réseau ? Ouvrez les paramètres et choisissez la connexion filaire.\n\n"
        "Le fil du câble réseau relie la carte à la prise murale.\n"
    ),
    "scripts.md": (
        "Écrire des scripts\n\n"
        "Commentez chaque ligne du script : un script commenté se relit sans peine.\n\n"
        "The install script needs a sane shell, a title and secure files.\n"
    ),
    "securite.md": (
        "Sécurité du poste\n\n"
        "La sécurité du poste dépend des mises à jour ; l'installation des correctifs est automatique.\n\n"
        "Une imprimante partagée demande aussi sa sécurité.\n"
    ),
    "paquets.md": (
        "Gestion des paquets\n\n"
        "Chaque paquet s'installe avec la commande apt ; le gestionnaire du paquet apt vérifie les signatures.\n\n"
        "Un paquet se compose de fichiers et de scripts.\n"
    ),
    "archives.md": (
        "Archives compressées\n\n"
        "Un paquet source est souvent une archive : tar -xvf archive.tar la décompresse.\n\n"
        "La commande tar crée aussi des archives.\n"
    ),
    "courrier.md": (
        "Le courrier électronique\n\n"
        "Envoyez un e-mail depuis le client de messagerie.\n\n"
        "Une adresse email se compose d'un nom et d'un domaine.\n"
    ),
    "sauvegarde.md": (
        "# Sauvegarde des données\n\n"
        "## Copies régulières\n\n"
        "Planifiez une copie de vos documents chaque semaine sur un disque externe.\n"
    ),
}


def build_precision_index(directory: Path) -> indexer.SearchIndex:
    """Build the index of :data:`PRECISION_CORPUS` under *directory* and return it opened."""
    indexer.build_index(write_corpus(directory / "corpus", dict(PRECISION_CORPUS)), directory / "index")
    return indexer.open_index(directory / "index")
