"""Sentence roles: which part of an idea a sentence is (problem, proposal, benefit), or
none (non_answer, meta), by logistic regression on the local embedding model.

Trained at start-up on the labelled sentences in bot/language/data/<code>/sentence_roles.yaml
(a few hundred; fitting takes milliseconds once they are embedded). The rules consult it
only where their cue phrases are silent or weak: a cue phrase that fires is precise, the
classifier covers what no phrase list can ("calls drop when working from home" is a
problem, "faster vpn" a proposal). Measured against the rules on a held-out split by
`python -m bench.sentence_roles` (see bench/README.md).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import yaml

from bot.language.offline import lexicon

if TYPE_CHECKING:
    from sklearn.linear_model import LogisticRegression

Embed = Callable[[Sequence[str]], npt.NDArray[np.float32]]
ROLES = ("problem", "proposal", "benefit", "non_answer", "meta")
# Below this probability the classifier has no opinion worth overriding a default.
CONFIDENT = 0.6


def labelled(code: str = lexicon.DEFAULT) -> list[tuple[str, str]]:
    """(sentence, role) pairs; keys `<role>` and `<role>_more` both label `role`."""
    path = resources.files("bot.language").joinpath(f"data/{code}/sentence_roles.yaml")
    if not path.is_file():
        path = resources.files("bot.language").joinpath(
            f"data/{lexicon.DEFAULT}/sentence_roles.yaml"
        )
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    pairs: list[tuple[str, str]] = []
    for key, sentences in data.items():
        role = str(key).removesuffix("_more")
        if role not in ROLES:
            raise ValueError(f"sentence_roles.yaml: unknown role {key!r}")
        pairs += [(str(s), role) for s in sentences]
    return pairs


@lru_cache(maxsize=16)
def has_data(code: str) -> bool:
    """Is there labelled data for language `code`? The classifier reads only the languages
    it was trained on: English examples embedded by the English MiniLM model put French
    sentences in the wrong role (a problem read as a proposal), so French goes without."""
    return resources.files("bot.language").joinpath(f"data/{code}/sentence_roles.yaml").is_file()


def fit(vectors: npt.NDArray[np.float32], roles: Sequence[str]) -> LogisticRegression:
    # Imported here: scikit-learn costs ~0.7 s to import, and most commands never fit.
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(max_iter=2000, C=4.0)
    model.fit(vectors, list(roles))
    return model


# Fitted classifiers by (embedding model id, language), shared by every engine of the
# process: fitting is a pure function of the model and the labelled data.
_fitted: dict[tuple[str, str], LogisticRegression] = {}
_fitted_lock = threading.Lock()


class RoleClassifier:
    """Thread-safe, lazily trained per language on first use.

    `model_id` names the embedding model behind `embed`; with it, the fitted
    classifier is shared process-wide, without it each instance fits its own.
    """

    def __init__(self, embed: Embed, model_id: str | None = None) -> None:
        self._embed = embed
        self._lock = threading.Lock() if model_id is None else _fitted_lock
        self._own: dict[tuple[str, str], LogisticRegression] = {}
        self._model_id = model_id

    def _model(self) -> LogisticRegression:
        code = lexicon.language()
        store: dict[tuple[str, str], LogisticRegression] = (
            _fitted if self._model_id is not None else self._own
        )
        key = (self._model_id or "", code)
        model = store.get(key)
        if model is not None:
            return model
        with self._lock:
            if key not in store:
                pairs = labelled(code)
                vectors = np.asarray(self._embed([s for s, _ in pairs]), dtype=np.float32)
                store[key] = fit(vectors, [r for _, r in pairs])
            return store[key]

    def warm_up(self) -> None:
        self._model()

    def probabilities(self, texts: Sequence[str]) -> list[dict[str, float]]:
        if not texts:
            return []
        model = self._model()
        vectors = np.asarray(self._embed(list(texts)), dtype=np.float32)
        rows = model.predict_proba(vectors)
        return [
            {str(role): float(p) for role, p in zip(model.classes_, row, strict=True)}
            for row in rows
        ]

    def role(self, text: str) -> tuple[str, float]:
        """The most likely role of one sentence and its probability."""
        probs = self.probabilities([text])[0]
        best = max(probs, key=lambda r: probs[r])
        return best, probs[best]
