"""Cross-lingual search as configuration: which multilingual model joins the default
one, and the calibration (channels, weights, thresholds) of that combination.

The multilingual model is one more search channel (`model: multilingual` in
`retrieval/data/calibration.json`), with its own Chroma collections named after its
model id. A combination is calibrated under the key `<default id>+<multilingual id>`
by `bench/eval_langaware.py` (language-aware: English pairs keep the default model's
own entry, other pairs get the multilingual weights; see retrieval/similar.py); a
combination nobody calibrated is not guessed at: search keeps the default model's
calibration and says so in the log.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from bot.core.ports.search import Embedder, EmbeddingError
from retrieval.embeddings_multilingual import USE_MODEL_ID, UseMultilingualEmbedder
from retrieval.similar import CALIBRATION_PATH, Calibration, load_calibration

log = logging.getLogger(__name__)

# The channel `model` key the calibration gives the multilingual model's channels.
MULTILINGUAL = "multilingual"
OFF = "off"
MODELS: dict[str, Callable[[], Embedder]] = {USE_MODEL_ID: UseMultilingualEmbedder}


def build_multilingual(name: str) -> Embedder | None:
    """The configured multilingual embedder, or None when cross-lingual search is off."""
    if name == OFF:
        return None
    factory = MODELS.get(name)
    if factory is None:
        raise EmbeddingError(
            f"unknown IDEABOT_MULTILINGUAL_EMBEDDINGS={name!r} "
            f"(use one of {', '.join([*MODELS, OFF])})"
        )
    return factory()


def combination_id(default_model_id: str, multilingual_model_id: str) -> str:
    return f"{default_model_id}+{multilingual_model_id}"


def is_calibrated(key: str) -> bool:
    if not CALIBRATION_PATH.is_file():
        return False
    data = json.loads(CALIBRATION_PATH.read_text(encoding="utf-8"))
    return key in data.get("models", {})


def calibration_for(
    default_model_id: str,
    multilingual: Embedder | None,
    duplicate: float | None = None,
    related: float | None = None,
) -> tuple[Calibration, bool]:
    """The calibration to search with, and whether it uses the multilingual model."""
    if multilingual is not None:
        key = combination_id(default_model_id, multilingual.model_id)
        if is_calibrated(key):
            calibration = load_calibration(key, duplicate, related)
            uses = any(c.model == MULTILINGUAL for c in calibration.channels)
            return calibration, uses
        log.warning(
            "no calibration for the model combination %s (run bench/eval_langaware.py "
            "--write-calibration); searching with %s alone",
            key,
            default_model_id,
        )
    return load_calibration(default_model_id, duplicate, related), False
