"""Prompt templates as files, and the helpers that keep user text fenced as data."""

from prompts.fence import fence, fence_items, neutralise
from prompts.loader import TASKS, PromptError, load_prompt, prompt_variables

__all__ = [
    "TASKS",
    "PromptError",
    "fence",
    "fence_items",
    "load_prompt",
    "neutralise",
    "prompt_variables",
]
