"""Composition root: builds engines, stores and services from Settings, lazily.

Nothing heavy happens at construction: the database opens on first use, the
embedding model loads on the first embedding, Chroma opens on the first search.
"""

from __future__ import annotations

import logging
from functools import cached_property
from typing import Any

from bot.config import Settings
from bot.core.background import Background
from bot.core.challenges import Challenges
from bot.core.conversation import ConversationService
from bot.core.digests import DigestEngine, Digests
from bot.core.events import EventBus
from bot.core.exporting import Exporting
from bot.core.ideas import IdeaService
from bot.core.indexing import IndexKeeper
from bot.core.memory import MemoryService
from bot.core.messages import t
from bot.core.notices import Notices
from bot.core.outbox import OutboxDrainer
from bot.core.permissions import Permissions
from bot.core.ports.language import LanguageEngine
from bot.core.ports.search import Embedder
from bot.core.recognition import Leaderboards, PointsAwarder, Weights, subscribe_awarder
from bot.core.remembering import MemoryLearner
from bot.core.reply_language import ReplyLanguage
from bot.core.roles import AttachableDirectory
from bot.core.terms import load_terms
from bot.errors import ConfigurationError
from retrieval.crosslingual import MULTILINGUAL, build_multilingual, calibration_for
from retrieval.embeddings import build_embedder
from retrieval.index import VectorIndex, open_client, release_embedded_clients
from retrieval.similar import Calibration, IdeaSearch, load_thresholds
from storage.uow import Store, open_store

log = logging.getLogger(__name__)


class Container:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.index_was_rebuilt = False
        # Set by ensure_index when it rebuilt an index of an earlier version.
        self.index_notice: str | None = None

    @cached_property
    def store(self) -> Store:
        return open_store(
            self.settings.resolved_database_url, auto_upgrade=self.settings.is_embedded_database
        )

    @cached_property
    def embedder(self) -> Embedder:
        s = self.settings
        if s.embeddings == "openai":
            return build_embedder(
                "openai",
                model=s.openai_embedding_model,
                api_key=s.openai_api_key,
                base_url=s.openai_base_url,
            )
        return build_embedder("local")

    @cached_property
    def chroma_client(self) -> Any:
        client, rebuilt = open_client(self.settings.chroma_url, self.settings.chroma_dir)
        if rebuilt:
            self.index_was_rebuilt = True
            # The fresh index is empty: SQL's "indexed" marks must not say otherwise,
            # so the next `ensure_index` (or `reindex`) fills it again.
            IndexKeeper(self.store, self.search).forget_all_marks()
        return client

    @cached_property
    def vector_index(self) -> VectorIndex:
        # Opened on first use: commands that only read SQL never start Chroma.
        return VectorIndex(None, self.embedder.model_id, opener=lambda: self.chroma_client)

    @cached_property
    def events(self) -> EventBus:
        bus = EventBus(self.background, self.durable_consumers, on_recorded=self.outbox.kick)
        # Every process awards the points its own commits earned (idempotent awards).
        subscribe_awarder(bus, lambda event: self.points_awarder.handle(event))
        return bus

    @cached_property
    def durable_consumers(self) -> dict[type[Any], tuple[str, ...]]:
        """Who is owed each event through the outbox: decided by configuration, not by
        which process runs, so any process's commits reach the one that delivers."""
        s = self.settings
        consumers: dict[type[Any], tuple[str, ...]] = {}
        if s.slack_bot_token or s.slack_client_id:
            from bot.slack.consumers import CONSUMERS

            consumers.update(CONSUMERS)
        return consumers

    @cached_property
    def outbox(self) -> OutboxDrainer:
        return OutboxDrainer(self.store, self.background)

    @cached_property
    def search(self) -> IdeaSearch:
        calibration = self.search_calibration[0]
        return IdeaSearch(
            self.embedder,
            self.vector_index,
            calibration.thresholds,
            calibration.channels,
            models=self.channel_models,
            crosslingual=calibration.crosslingual if self.channel_models else None,
        )

    @cached_property
    def channel_models(self) -> dict[str, tuple[Embedder, VectorIndex]]:
        """Embedders of search channels beyond the default model, by the channel's
        `model` key (retrieval/data/calibration.json), each with its own index (its
        collections are named after its model id). Register one here to add a channel."""
        multilingual = self.multilingual_embedder
        if multilingual is None or not self.search_calibration[1]:
            return {}
        # Its own collections, named after its model id: vectors never mix.
        return {
            MULTILINGUAL: (
                multilingual,
                VectorIndex(None, multilingual.model_id, opener=lambda: self.chroma_client),
            )
        }

    @cached_property
    def multilingual_embedder(self) -> Embedder | None:
        return build_multilingual(self.settings.multilingual_embeddings)

    @cached_property
    def search_calibration(self) -> tuple[Calibration, bool]:
        """Channels and thresholds of the configured model combination, and whether
        they use the multilingual model (only a calibrated combination does)."""
        return calibration_for(
            self.embedder.model_id,
            self.multilingual_embedder,
            self.settings.duplicate_threshold,
            self.settings.related_threshold,
        )

    @cached_property
    def index_keeper(self) -> IndexKeeper:
        return IndexKeeper(self.store, self.search)

    @cached_property
    def ideas(self) -> IdeaService:
        return IdeaService(
            self.store, self.search, self.index_keeper, self.events, self.permissions
        )

    @cached_property
    def ideas_exporting(self) -> Exporting:
        return Exporting(self.store, self.permissions)

    @cached_property
    def offline_engine(self) -> LanguageEngine:
        from bot.language.offline import OfflineEngine

        return OfflineEngine(embed=self.embedder.embed)

    @cached_property
    def engine(self) -> LanguageEngine:
        s = self.settings
        if s.llm == "offline":
            return self.offline_engine
        from bot.language.llm import LLMEngine
        from bot.language.llm_factory import build_chat_model

        try:
            model = build_chat_model(
                s.openai_api_key, s.openai_base_url, s.openai_model, s.llm_timeout_seconds
            )
        except ValueError as exc:
            raise ConfigurationError(str(exc)) from exc
        return LLMEngine(model, fallback=self.offline_engine, timeout_s=s.llm_timeout_seconds)

    @cached_property
    def background(self) -> Background:
        return Background(workers=self.settings.workers)

    @cached_property
    def permissions(self) -> Permissions:
        return Permissions(
            admins=frozenset(self.settings.admins),
            managers=frozenset(self.settings.managers),
            anonymous_visible_to_admins=self.settings.anonymous_visible_to_admins,
            directory=self.role_directory,
        )

    @cached_property
    def memory(self) -> MemoryService:
        return MemoryService(self.store, self.embedder, self.vector_index, self.events)

    @cached_property
    def conversation(self) -> ConversationService:
        conversation = ConversationService(
            self.store,
            self.ideas,
            self.memory,
            lambda: self.engine,
            self.background,
            self.permissions,
            events=self.events,
            terms=load_terms(self.settings.terms),
            news=self.store,
            languages=self.reply_language,
        )
        # Memory learns from what people say, support and submit: off the reply path.
        MemoryLearner(self.memory, lambda: self.engine, self.background).subscribe(self.events)
        return conversation

    @cached_property
    def challenges(self) -> Challenges:
        # A closing summary is the digest of the challenge's ideas (the same engine).
        return Challenges(
            self.store,
            self.events,
            self.permissions,
            digest=lambda team, challenge, period: self.digest_engine.for_challenge(
                team, challenge, period
            ),
        )

    def ensure_index(self) -> int:
        """Rebuild an index of the previous version, repair a lost or damaged one and
        index what is pending. Returns the count (`index_notice` says what happened)."""
        keeper = self.index_keeper
        upgraded = keeper.upgrade()
        if upgraded:
            self.index_notice = t("search.index_upgraded", self.settings.locale, count=upgraded)
            return upgraded
        lost = keeper.repair()
        if lost or self.index_was_rebuilt:
            log.warning("rebuilding the vector index from the database")
        return keeper.index_pending()

    def close(self) -> None:
        if "background" in self.__dict__:
            self.background.shutdown()
        if "store" in self.__dict__:
            self.store.dispose()
        if "chroma_client" in self.__dict__ and not self.settings.chroma_url:
            release_embedded_clients()

    @cached_property
    def role_directory(self) -> AttachableDirectory:
        """Roles beyond the id lists; a transport attaches its source (Slack groups)."""
        return AttachableDirectory()

    @cached_property
    def notices(self) -> Notices:
        return Notices(self.store, self.settings.locale)

    @cached_property
    def points_awarder(self) -> PointsAwarder:
        s = self.settings
        weights = Weights(
            submit=s.points_submit,
            vote_received=s.points_vote_received,
            accepted=s.points_accepted,
            implemented=s.points_implemented,
        )
        return PointsAwarder(self.store, weights)

    @cached_property
    def leaderboards(self) -> Leaderboards:
        return Leaderboards(self.store)

    @cached_property
    def digest_engine(self) -> DigestEngine:
        from retrieval.themes import VectorThemeFinder
        from storage.digests import SqlDigestReader

        # The theme finder reads the default model's vectors: its threshold, not the
        # combined channels' (which may include a multilingual model).
        own = load_thresholds(
            self.embedder.model_id,
            self.settings.duplicate_threshold,
            self.settings.related_threshold,
        )
        finder = VectorThemeFinder(self.embedder, self.vector_index, own.duplicate)
        return DigestEngine(
            SqlDigestReader(self.store),
            finder,
            self.settings.review_delay_days,
            # Offline, themes keep their terms: no need to build the language engine.
            namer=(lambda: self.engine) if self.settings.llm != "offline" else None,
        )

    @cached_property
    def digests(self) -> Digests:
        return Digests(
            self.permissions, lambda: self.digest_engine, zone_name=self.settings.digest_tz
        )

    # -- issue 14: the reply language per person and per message ---------------------

    @cached_property
    def reply_language(self) -> ReplyLanguage:
        from bot.language.identify import Py3LangidIdentifier

        return ReplyLanguage(self.store, self.memory, Py3LangidIdentifier(), self.settings.locale)
