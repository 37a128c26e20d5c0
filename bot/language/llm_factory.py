"""Build the chat model the LLM engine talks to, from settings values.

Kept apart from the engine so the engine can be tested with any BaseChatModel and the
container needs no LangChain knowledge beyond this call.
"""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel
from langchain_openai import ChatOpenAI
from pydantic import SecretStr


def build_chat_model(
    api_key: str | None,
    base_url: str | None,
    model: str,
    timeout_s: float,
    temperature: float | None = None,
) -> BaseChatModel:
    """A ChatOpenAI for OpenAI or any OpenAI-compatible server (`base_url`).

    `max_retries=0`: the engine falls back at once instead of retrying behind the
    user's back (the openai client would otherwise retry 429/5xx with backoff, blowing
    the deadline). The client timeout matches the engine's deadline so an abandoned
    request does not linger in the background.
    """
    if not api_key:
        raise ValueError("LLM=openai needs OPENAI_API_KEY")
    return ChatOpenAI(
        model=model,
        api_key=SecretStr(api_key),
        base_url=base_url or None,
        timeout=timeout_s,
        max_retries=0,
        temperature=temperature,
    )
