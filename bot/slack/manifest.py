"""The app manifest, read by the OAuth flow (the scopes to request) and by tests."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

MANIFEST_FILE = Path(__file__).with_name("manifest.yaml")


@lru_cache(maxsize=1)
def manifest() -> dict[str, Any]:
    data = yaml.safe_load(MANIFEST_FILE.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def bot_scopes() -> list[str]:
    return list(manifest()["oauth_config"]["scopes"]["bot"])
