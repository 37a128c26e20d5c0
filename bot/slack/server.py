"""`ideabot serve`: HTTP (FastAPI + uvicorn) or Socket Mode, around one Bolt app."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk.signature import SignatureVerifier
from starlette.concurrency import run_in_threadpool

from bot.config import Settings
from bot.container import Container
from bot.slack.app import SlackApp, build_slack_app
from bot.slack.config import SlackConfig, slack_config
from bot.slack.oauth import INSTALL_PATH, REDIRECT_PATH

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


def body_problem(content_type: str, body: bytes) -> str | None:
    """Why Bolt could not read this body (it would answer 500), or None when it can."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "body is not UTF-8"
    if not text.strip():
        return "empty body"
    as_json = content_type.startswith("application/json") or (
        not content_type.startswith("application/x-www-form-urlencoded")
        and text.lstrip().startswith("{")
    )
    if as_json:
        return _json_problem(text)
    form = dict(parse_qsl(text, keep_blank_values=True))
    if "payload" in form:
        return _json_problem(form["payload"])
    if form.get("command") or form.get("ssl_check"):
        return None
    return "not a Slack request body"


def _json_problem(text: str) -> str | None:
    try:
        data = json.loads(text)
    except ValueError:
        return "body is not valid JSON"
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        return "body is not a Slack payload (no type)"
    kind = data["type"]
    if kind == "event_callback":
        event = data.get("event")
        if not isinstance(event, Mapping) or not isinstance(event.get("type"), str):
            return "event_callback without an event"
    required = _INTERACTIVE_FIELDS.get(kind)
    if required and not isinstance(data.get(required[0]), required[1]):
        return f"{kind} without {required[0]}"
    if kind == "block_actions" and not all(isinstance(a, Mapping) for a in data["actions"]):
        return "block_actions with a malformed action"
    if kind == "block_actions" and not data["actions"]:
        return "block_actions without actions"
    return None


# What Bolt itself reads from each interactive payload (it crashes without it).
_INTERACTIVE_FIELDS: dict[str, tuple[str, type]] = {
    "block_actions": ("actions", list),
    "view_submission": ("view", Mapping),
    "view_closed": ("view", Mapping),
    "message_action": ("message", Mapping),
}


def _signed(verifier: SignatureVerifier, body: bytes, headers: dict[str, str]) -> bool:
    try:
        return verifier.is_valid_request(body, headers)
    except UnicodeDecodeError:  # Slack signs UTF-8 text; anything else is not from Slack
        return False


def build_fastapi_app(slack: SlackApp, signing_secret: str | None) -> FastAPI:
    """The HTTP surface; Bolt's work runs in the threadpool, off the event loop."""
    api = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, title="ideabot")
    bolt = slack.app
    verifier = SignatureVerifier(signing_secret or "")

    @api.get("/healthz")
    async def healthz() -> dict[str, bool]:
        return {"ok": True}

    @api.post(EVENTS_PATH)
    async def events(request: Request) -> Response:
        body = await request.body()
        problem = body_problem(request.headers.get("content-type", ""), body)
        if problem is not None:
            # Unsigned junk is a 401, like everything Bolt rejects; signed junk a 400.
            if not _signed(verifier, body, dict(request.headers)):
                return JSONResponse({"error": "invalid request"}, status_code=401)
            return JSONResponse({"error": problem}, status_code=400)
        try:
            bolt_response = await run_in_threadpool(bolt.dispatch, to_bolt_request(request, body))
        except Exception as exc:  # Bolt choked on a body we let through: still the body's fault
            log.warning("unreadable Slack request: %r", exc)
            return JSONResponse({"error": "unreadable request"}, status_code=400)
        return to_starlette_response(bolt_response)

    flow = bolt.oauth_flow
    if flow is not None:

        @api.get(INSTALL_PATH)
        async def install(request: Request) -> Response:
            bolt_request = to_bolt_request(request, await request.body())
            return to_starlette_response(
                await run_in_threadpool(flow.handle_installation, bolt_request)
            )

        @api.get(REDIRECT_PATH)
        async def oauth_redirect(request: Request) -> Response:
            bolt_request = to_bolt_request(request, await request.body())
            return to_starlette_response(
                await run_in_threadpool(flow.handle_callback, bolt_request)
            )

    return api


def http_app(container: Container, config: SlackConfig) -> tuple[FastAPI, SlackApp]:
    """What `serve --http` runs (tests start the very same thing)."""
    slack = build_slack_app(container, config)
    # Load the embedding model and repair the index now, not on the first message.
    slack.deps.workers.slow(container.ensure_index)
    return build_fastapi_app(slack, config.signing_secret), slack


def serve(settings: Settings, mode: str, host: str = "0.0.0.0", port: int = 3000) -> None:
    config = slack_config(settings, mode)  # a bad setting stops here, before any I/O
    container = Container(settings)
    slack: SlackApp | None = None
    try:
        if config.mode == "socket":
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            slack = build_slack_app(container, config)
            slack.deps.workers.slow(container.ensure_index)
            slack.start_jobs()
            SocketModeHandler(slack.app, config.app_token).start()
        else:
            import uvicorn

            api, slack = http_app(container, config)
            slack.start_jobs()
            uvicorn.run(api, host=host, port=port, log_level="info", access_log=False)
    finally:
        if slack is not None:
            slack.close()
        container.close()
