"""Many workspaces: OAuth installs kept in our database (slack_sdk's SQLAlchemy stores)."""

from __future__ import annotations

from dataclasses import dataclass

from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from bot.slack.config import SlackConfig
from bot.slack.manifest import bot_scopes
from storage.uow import Store

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_EXPIRY_S = 600


@dataclass(frozen=True)
class OAuth:
    installations: SQLAlchemyInstallationStore
    settings: OAuthSettings


def build_oauth(config: SlackConfig, store: Store) -> OAuth:
    assert config.client_id and config.client_secret  # checked by slack_config
    installations = SQLAlchemyInstallationStore(client_id=config.client_id, engine=store.engine)
    states = SQLAlchemyOAuthStateStore(expiration_seconds=STATE_EXPIRY_S, engine=store.engine)
    # Their tables live beside ours; create_all skips the ones that exist.
    installations.create_tables()
    states.create_tables()
    settings = OAuthSettings(
        client_id=config.client_id,
        client_secret=config.client_secret,
        scopes=bot_scopes(),
        installation_store=installations,
        state_store=states,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        state_expiration_seconds=STATE_EXPIRY_S,
    )
    return OAuth(installations, settings)
