"""The LLM language engine (LangChain chat model + fallback to another engine)."""

from bot.language.llm.engine import LLMEngine, StructuredMethod

__all__ = ["LLMEngine", "StructuredMethod"]
