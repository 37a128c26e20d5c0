"""A background job speaks the language of whoever submitted it, and what one job
sets never reaches the next one on the same worker thread."""

from __future__ import annotations

from bot.core.background import Background
from bot.core.messages import current_locale, locale_scope, use_locale


def test_a_job_inherits_its_submitters_language_and_leaks_nothing() -> None:
    pool = Background(workers=1, quick_workers=1)
    try:
        with locale_scope():
            use_locale("fr")
            inherited = pool.slow(current_locale).result(timeout=10)

        def switch() -> str:
            use_locale("fr")
            return current_locale()

        assert inherited == "fr"
        assert pool.slow(switch).result(timeout=10) == "fr"
        # Same single worker thread, next job: back to the default.
        assert pool.slow(current_locale).result(timeout=10) == "en"
    finally:
        pool.shutdown()
