"""Keep user text inert inside prompts.

Prompts put people's text between tags (`<user_text>` … `</user_text>`) and the system
preamble tells the model that tagged text is data. That only holds if the text cannot
close the fence itself, so every tag-like marker and code fence inside user text is
rewritten into look-alike characters the model still reads but that no longer parse as
markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Anything shaped like an XML/HTML tag: <user_text>, </ user_text >, <system role="x">.
# Slack mentions and links (<@U123>, <https://…|label>, <!channel>) do not start with a
# letter after the optional slash, so they are left alone.
_TAG = re.compile(r"<(\s*/?\s*[A-Za-z_][\w:.-]*(?:\s[^<>]*)?/?\s*)>")
_CODE_FENCE = re.compile(r"`{3,}|~{3,}")
# Long inputs cost latency and money and give an injection more room; nothing a person
# types in one chat message needs more than this.
MAX_CHARS = 4000


def neutralise(text: str | None, max_chars: int = MAX_CHARS) -> str:
    """Return `text` safe to place inside a fence: no tags, no code fences, bounded."""
    if not text:
        return ""
    clean = text.replace("\x00", "")
    if len(clean) > max_chars:
        clean = clean[:max_chars] + " …"
    clean = _TAG.sub(lambda m: "‹" + m.group(1) + "›", clean)
    return _CODE_FENCE.sub(lambda m: "ˋ" * len(m.group(0)), clean)


def fence(text: str | None, tag: str = "user_text", **attrs: str | int) -> str:
    """Wrap neutralised `text` in `<tag attr="…">…</tag>`."""
    rendered = "".join(f' {key}="{neutralise(str(value), 100)}"' for key, value in attrs.items())
    return f"<{tag}{rendered}>\n{neutralise(text)}\n</{tag}>"


def fence_items(texts: Sequence[str], tag: str = "idea", max_chars: int = 600) -> str:
    """Fence each text with an `id` attribute (1-based) so answers can cite them."""
    return "\n".join(
        f'<{tag} id="{index}">\n{neutralise(text, max_chars)}\n</{tag}>'
        for index, text in enumerate(texts, start=1)
    )
