"""A French corpus shaped like the ones the search page must serve well: for the browser tests.

Some thirty short guides in folders, many about « réseau », several titled
« Avertissement » or « Astuce » in different folders (titles that do not
identify), and one long Markdown manual with sections where « réseau »
comes back dozens of times (landing, occurrences, table of contents).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["write_ui_corpus", "LONG_DOCUMENT", "LONG_PARAGRAPHS", "TWIN_TITLE"]

LONG_DOCUMENT = "manuel/administration.md"
TWIN_TITLE = "Avertissement"

_TOPICS = [
    ("Configurer le réseau sans fil", "reseau", [
        "Pour configurer le réseau sans fil, ouvrez les paramètres et choisissez le nom du réseau.",
        "Le mot de passe du réseau se trouve souvent sous la box, sur une étiquette blanche.",
        "Un réseau caché doit être saisi à la main, avec son nom exact et son type de sécurité.",
    ]),
    ("Câbler un bureau", "reseau", [
        "Chaque poste du bureau se branche au commutateur par un câble réseau de catégorie six.",
        "Étiquetez les deux bouts de chaque câble : le dépannage du réseau en sera plus rapide.",
    ]),
    ("Adresses et passerelles", "reseau", [
        "L'adresse de la passerelle est celle du routeur qui relie le réseau local à internet.",
        "Un serveur DHCP distribue les adresses aux appareils qui rejoignent le réseau.",
    ]),
    ("Sauvegarder ses fichiers", "sauvegarde", [
        "Une sauvegarde régulière protège vos fichiers contre les pannes et les erreurs.",
        "Gardez une copie de la sauvegarde hors du bureau, chez vous ou dans un coffre.",
        "Vérifiez chaque mois que la sauvegarde se restaure vraiment : une copie illisible ne sert à rien.",
    ]),
    ("Restaurer une sauvegarde", "sauvegarde", [
        "Pour restaurer une sauvegarde, choisissez la date puis les dossiers à récupérer.",
        "La restauration écrase les fichiers présents : copiez-les ailleurs avant de commencer.",
    ]),
    ("Mots de passe", "securite", [
        "Un bon mot de passe est long : une phrase de quatre mots vaut mieux qu'un mot compliqué.",
        "Ne réutilisez jamais le mot de passe de votre messagerie sur un autre site.",
    ]),
    ("Mises à jour", "securite", [
        "Les mises à jour corrigent des failles de sécurité : installez-les sans attendre.",
        "Redémarrez l'ordinateur après une mise à jour du système pour qu'elle prenne effet.",
    ]),
    ("Imprimer en réseau", "reseau", [
        "Une imprimante partagée sur le réseau apparaît d'elle-même dans la liste des appareils.",
        "Si l'imprimante n'apparaît pas, vérifiez qu'elle est sur le même réseau que l'ordinateur.",
    ]),
]

_WARNINGS = {
    "guides/reseau": "Couper le réseau pendant une mise à jour du routeur peut le rendre inutilisable.",
    "guides/sauvegarde": "Une sauvegarde sur le même disque que les données ne protège pas d'une panne du disque.",
    "guides/securite": "Un réseau public ne protège pas vos échanges : évitez d'y consulter votre banque.",
    "atelier/impression": "Débranchez l'imprimante avant d'ouvrir son capot, même si le réseau reste branché.",
}
_TIPS = {
    "guides/reseau": "Astuce : rapprochez la box du centre du logement pour que le réseau couvre toutes les pièces.",
    "atelier/impression": "Astuce : une imprimante en réseau peut envoyer un courriel quand le papier manque.",
}

_SECTIONS = ["Installation", "Réseau", "Sauvegarde", "Sécurité", "Dépannage", "Annexes"]
_LONG_SENTENCES = [
    "Le réseau de l'atelier relie les postes, l'imprimante et le serveur de fichiers.",
    "Chaque soir, le serveur copie les dossiers partagés vers le disque de sauvegarde.",
    "Notez dans le cahier de bord toute coupure du réseau, avec l'heure et sa durée.",
    "Les comptes des stagiaires expirent à la fin de leur stage, sans autre démarche.",
    "Quand un poste ne voit plus le réseau, vérifiez d'abord son câble puis le commutateur.",
    "Le pare-feu laisse passer la messagerie et la navigation, et refuse le reste.",
]
#: Paragraphs of :data:`LONG_DOCUMENT` (its first heading is its title, not a paragraph).
LONG_PARAGRAPHS = 85


def _long_manual() -> str:
    lines = ["# Manuel d'administration de l'atelier", ""]
    per_section = -(-LONG_PARAGRAPHS // len(_SECTIONS))
    written = 0
    for number, section in enumerate(_SECTIONS, start=1):
        lines += [f"## {number} {section}", ""]
        for _ in range(per_section):
            if written == LONG_PARAGRAPHS:
                break
            first = _LONG_SENTENCES[written % len(_LONG_SENTENCES)]
            second = _LONG_SENTENCES[(written * 5 + 1) % len(_LONG_SENTENCES)]
            lines += [f"{first} {second} (Consigne {written + 1}.)", ""]
            written += 1
    return "\n".join(lines)


def write_ui_corpus(root: Path) -> Path:
    """Write the corpus under *root* (created) and return it."""
    for number, (title, folder, sentences) in enumerate(_TOPICS):
        # Each topic twice, in two folders, with its sentences in another order: many results to scroll through.
        for copy, place in enumerate((f"guides/{folder}", f"archives/{2020 + number}")):
            body = sentences if copy == 0 else list(reversed(sentences))
            path = root / place / f"{folder}-{number}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"{title}\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
    for place, text in _WARNINGS.items():
        path = root / place / "avertissement.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{TWIN_TITLE}\n\n{text}\n", encoding="utf-8")
    for place, text in _TIPS.items():
        (root / place / "astuce.txt").write_text(f"Astuce\n\n{text}\n", encoding="utf-8")
    long_path = root / LONG_DOCUMENT
    long_path.parent.mkdir(parents=True, exist_ok=True)
    long_path.write_text(_long_manual(), encoding="utf-8")
    return root
