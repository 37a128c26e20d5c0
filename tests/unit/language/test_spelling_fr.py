"""Title spelling in French: typos fixed and left-out accents put back (issue 14)."""

from __future__ import annotations

from bot.language.offline.accents import fold, loose
from bot.language.offline.spelling import correct


def test_french_typos_and_missing_accents_are_fixed_in_titles() -> None:
    assert correct("Poubelles de tri a chaque etage", "fr").endswith("chaque étage")
    assert correct("Deuxieme ecran pour le service client", "fr") == (
        "Deuxième écran pour le service client"
    )
    assert correct("Formaton excel", "fr") == "Formation excel"


def test_names_and_english_are_left_alone() -> None:
    assert correct("Badges pour Karim", "fr") == "Badges pour Karim"
    assert correct("Recyling bins on evry flor", "en") == "Recycling bins on every floor"


def test_a_language_without_a_dictionary_keeps_its_spelling() -> None:
    assert correct("Fahrradstander", "xx") == "Fahrradstander"


def test_fold_keeps_offsets_and_loose_patterns_read_accents() -> None:
    import re

    assert fold("Réservée à l'équipe") == "Reservee a l'equipe"
    assert len(fold("Bœuf épicé")) == len("Bœuf épicé")
    pattern = re.compile(loose(r"\bje (?:suis|travaille) a l'(?P<x>\w+)"), re.I)
    match = pattern.search("Je travaille à l'entrepôt de Lille")
    assert match is not None and match.group("x") == "entrepôt"
    assert re.fullmatch(loose(r"[^,]+ (?P<n>ete)"), "un été") is not None
