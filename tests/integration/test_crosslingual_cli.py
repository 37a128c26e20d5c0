"""Cross-lingual similar ideas through `ideabot similar`, as a user runs it: a French
idea finds its English twin and the reverse, with every connection beyond this
machine refused for the whole process (no model is fetched from anywhere)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.test_cli import ideabot

# Written for this test (not taken from the benchmark sets): ideas in one language,
# and the same proposals worded independently in the other.
ENGLISH = [
    (
        "e1",
        "Rainwater tank for the plant watering",
        "Collect rain from the roof in a tank "
        "and use it for the garden and the lorry wash instead of tap water.",
    ),
    (
        "e2",
        "Night-shift taxi after 11 pm",
        "People finishing after the last bus should get a taxi home paid by the company.",
    ),
    (
        "e3",
        "Sign-language basics course",
        "Offer a short course so staff can greet and help our deaf visitors and colleagues.",
    ),
    (
        "e4",
        "Lockable bike storage",
        "A covered bike cage with a badge reader so bikes are not stolen or soaked.",
    ),
    (
        "e5",
        "Quarterly hackathon",
        "Two days every quarter where teams build whatever prototype they want.",
    ),
    (
        "e6",
        "Standing meeting tables",
        "High tables without chairs in two meeting rooms so quick meetings stay quick.",
    ),
]
FRENCH_QUERIES = {
    "e1": "récupérer l'eau de pluie du toit dans une cuve pour arroser les espaces verts "
    "et laver les camions",
    "e2": "un taxi payé par la boîte pour rentrer chez soi quand on finit après le dernier bus",
    "e3": "Initiation à la langue des signes | Une formation courte pour savoir accueillir "
    "nos visiteurs et collègues sourds.",
}
FRENCH = [
    (
        "f1",
        "Covoiturage entre collègues",
        "Une appli interne pour trouver des collègues "
        "qui font le même trajet le matin et partager la voiture.",
    ),
    (
        "f2",
        "Fontaine à eau filtrée",
        "Remplacer les bouteilles en plastique par des fontaines à eau filtrée à chaque étage.",
    ),
    (
        "f3",
        "Journée portes ouvertes pour les familles",
        "Une fois par an, les enfants des "
        "salariés visitent l'usine et découvrent le métier de leurs parents.",
    ),
    (
        "f4",
        "Formation aux gestes qui sauvent",
        "Apprendre à tout le monde le massage cardiaque et l'utilisation du défibrillateur.",
    ),
    (
        "f5",
        "Cantine : réduire le gaspillage",
        "Peser les restes chaque jour et afficher les chiffres pour que chacun se serve moins.",
    ),
]
ENGLISH_QUERIES = {
    "f1": "an internal app to find colleagues with the same commute so we can share cars",
    "f3": "Family open day | Once a year employees' children come to see the factory and "
    "what their parents do.",
    "f5": "weigh the canteen's leftover food every day and post the numbers to cut waste",
}

# Imported first by every Python process started with this folder on PYTHONPATH.
NO_INTERNET = """
import ipaddress, socket

_connect = socket.socket.connect

def _guarded(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0]
        try:
            local = ipaddress.ip_address(host).is_loopback
        except ValueError:
            local = host == "localhost"
        if not local:
            raise OSError(f"test: connection to {address!r} refused (no network allowed)")
    return _connect(self, address)

socket.socket.connect = _guarded
"""


@pytest.fixture
def offline_env(env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(NO_INTERNET, encoding="utf-8")
    root = Path(__file__).resolve().parents[2]
    return {
        **env,
        "PYTHONPATH": f"{guard}:{root}",
        "HF_HUB_OFFLINE": "1",
        "IDEABOT_MULTILINGUAL_EMBEDDINGS": "use-multilingual-v3",
    }


def _write(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    lines = [
        json.dumps({"id": i, "title": t, "description": d}, ensure_ascii=False) for i, t, d in rows
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _queries(path: Path, queries: dict[str, str]) -> Path:
    lines = []
    for twin, text in queries.items():
        title, _, description = text.partition(" | ")
        lines.append(
            json.dumps(
                {"id": f"q-{twin}", "text": f"{title}\n{description}".strip()}, ensure_ascii=False
            )
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _top_hits(offline_env: dict[str, str], queries: Path) -> dict[str, list[dict[str, object]]]:
    result = ideabot(offline_env, "similar", "--from-file", str(queries), "--k", "3", "--json")
    assert result.returncode == 0, result.stderr
    assert "refused" not in result.stderr
    found = {}
    for line in result.stdout.splitlines():
        document = json.loads(line)
        found[str(document["id"])[2:]] = document["results"]
    return found


def test_a_french_idea_finds_its_english_twin(offline_env: dict[str, str], tmp_path: Path) -> None:
    imported = ideabot(offline_env, "import", str(_write(tmp_path / "en.jsonl", ENGLISH)))
    assert imported.returncode == 0, imported.stderr
    found = _top_hits(offline_env, _queries(tmp_path / "q.jsonl", FRENCH_QUERIES))
    assert set(found) == set(FRENCH_QUERIES)
    for twin, results in found.items():
        assert results, f"no similar idea at all for the French wording of {twin}"
        assert results[0]["id"] == twin, (twin, results)
        assert results[0]["kind"] in ("duplicate", "related")


def test_an_english_idea_finds_its_french_twin(offline_env: dict[str, str], tmp_path: Path) -> None:
    imported = ideabot(offline_env, "import", str(_write(tmp_path / "fr.jsonl", FRENCH)))
    assert imported.returncode == 0, imported.stderr
    found = _top_hits(offline_env, _queries(tmp_path / "q.jsonl", ENGLISH_QUERIES))
    assert set(found) == set(ENGLISH_QUERIES)
    for twin, results in found.items():
        assert results, f"no similar idea at all for the English wording of {twin}"
        assert results[0]["id"] == twin, (twin, results)


def test_the_guard_really_refuses_the_network(offline_env: dict[str, str], tmp_path: Path) -> None:
    """The two tests above mean something only if the guard bites."""
    import subprocess
    import sys

    probe = subprocess.run(
        [sys.executable, "-c", "import socket; socket.create_connection(('192.0.2.1', 443), 1)"],
        env={**offline_env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert probe.returncode != 0 and "no network allowed" in probe.stderr
