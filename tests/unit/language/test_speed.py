from __future__ import annotations

import time

from bot.core.models import IdeaFields
from bot.core.ports.language import DialogueContext
from bot.language.offline import OfflineEngine

MESSAGES = [
    "we should add bike racks at the north entrance",
    "submit",
    "the sales team, maybe 2 hours a week each",
    "The printers on floor 3 jam constantly and nobody fixes them, we need new ones which "
    "would save everyone 10 minutes a day",
    "wat do u know abt me",
    "what's the weather like today?",
    "free parking for cyclists",
    "is there an idea about parking?",
]
ROUNDS = 5


def _per_message_ms(engine: OfflineEngine) -> float:
    """CPU milliseconds per message: wall time on a build machine running two suites
    at once measures the machine's load, not the engine."""
    ctx = DialogueContext()
    draft = IdeaFields()
    for text in MESSAGES:  # warm-up
        engine.detect_intent(text, ctx)
    start = time.process_time()
    for _ in range(ROUNDS):
        for text in MESSAGES:
            engine.detect_intent(text, ctx)
            engine.extract_fields(text, draft, None)
    return (time.process_time() - start) * 1000 / (ROUNDS * len(MESSAGES))


def test_rules_and_fields_are_fast(rules_engine: OfflineEngine) -> None:
    assert _per_message_ms(rules_engine) < 10


def test_the_model_adds_at_most_one_embedding_per_message(engine: OfflineEngine, embedder) -> None:
    # Compared with the raw cost of embedding each message once, so the check holds on
    # a busy build machine too (the model alone is ~3 ms per text on an idle core).
    start = time.process_time()
    for _ in range(ROUNDS):
        for text in MESSAGES:
            embedder.embed([text])
    embed_ms = (time.process_time() - start) * 1000 / (ROUNDS * len(MESSAGES))
    assert _per_message_ms(engine) < embed_ms + 5
