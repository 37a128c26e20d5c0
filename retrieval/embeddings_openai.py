"""Embeddings from any OpenAI-compatible endpoint (LangChain `OpenAIEmbeddings`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from bot.core.ports.search import EmbeddingError, Vectors
from retrieval.embedding_input import prepare_text


class OpenAIEmbedder:
    def __init__(
        self,
        model: str = "text-embedding-3-small",
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float = 20.0,
        dimension: int | None = None,
    ) -> None:
        if not api_key:
            raise EmbeddingError("EMBEDDINGS=openai needs OPENAI_API_KEY")
        from langchain_openai import OpenAIEmbeddings

        kwargs: dict[str, Any] = {
            "model": model,
            "api_key": api_key,
            "timeout": timeout,
            "max_retries": 2,
            # Compatible servers rarely accept pre-tokenised input.
            "check_embedding_ctx_length": False,
        }
        if base_url:
            kwargs["base_url"] = base_url
        self._client = OpenAIEmbeddings(**kwargs)
        self._model = model
        self._base_url = base_url or "openai"
        self._dimension = dimension

    @property
    def model_id(self) -> str:
        return f"openai:{self._model}"

    @property
    def dimension(self) -> int:
        if self._dimension is None:
            self._dimension = int(self.embed(["dimension probe"]).shape[1])
        return self._dimension

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self._dimension or 0), dtype=np.float32)
        try:
            raw = self._client.embed_documents([prepare_text(t) for t in texts])
        except Exception as exc:  # the client raises many transport-specific errors
            raise EmbeddingError(f"the embeddings API failed: {exc}") from exc
        vectors = np.asarray(raw, dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.clip(norms, 1e-12, None)
