from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings


def test_defaults_are_the_embedded_ones(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    for key in (
        "DATABASE_URL",
        "IDEABOT_DATA_DIR",
        "CHROMA_URL",
        "IDEABOT_TEAM_ID",
        "LLM",
        "EMBEDDINGS",
    ):
        monkeypatch.delenv(key, raising=False)
    settings = Settings()
    assert settings.resolved_database_url.startswith("sqlite:///")
    assert settings.resolved_database_url.endswith(".ideabot/ideabot.db")
    assert settings.chroma_url is None and settings.team_id == "T0LOCAL"
    assert settings.llm == "offline" and settings.embeddings == "local"


def test_id_lists_and_dotenv(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("IDEABOT_ADMINS", raising=False)
    (tmp_path / ".env").write_text(
        "IDEABOT_ADMINS=U1, U2 ,\nSLACK_API_URL=http://127.0.0.1:9/api\n"
    )
    monkeypatch.setenv("IDEABOT_MANAGERS", "U3")
    settings = Settings()
    assert settings.admins == ["U1", "U2"]
    assert settings.managers == ["U3"]
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"


def test_a_bad_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM", "gpt")
    with pytest.raises(ValueError, match="LLM"):
        Settings()


def test_env_example_documents_every_setting_and_loads_as_is(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    example = Path(__file__).resolve().parents[2] / ".env.example"
    text = example.read_text(encoding="utf-8")
    names = {field.alias for field in Settings.model_fields.values()}
    documented = {
        line.split("=", 1)[0]
        for line in text.splitlines()
        if "=" in line and not line.startswith("#")
    }
    assert names <= documented
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if "=" in line and not line.startswith("#"):
            assert lines[index - 1].startswith("#"), f"{line} has no comment"
    monkeypatch.chdir(tmp_path)
    for name in names:
        monkeypatch.delenv(name, raising=False)
    (tmp_path / ".env").write_text(text, encoding="utf-8")
    settings = Settings()
    assert settings.llm == "offline" and settings.database_url is None
