"""`ideabot serve`: HTTP (FastAPI + uvicorn) or Socket Mode, around one Bolt app."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk.signature import SignatureVerifier
from starlette.concurrency import run_in_threadpool

from bot.config import Settings
from bot.container import Container
from bot.slack.app import SlackApp, build_slack_app
from bot.slack.config import SlackConfig, slack_config
from bot.slack.inbound import TooLarge, body_problem, is_signed, read_capped
from bot.slack.oauth import INSTALL_PATH, REDIRECT_PATH

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


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
        try:
            body = await read_capped(request.headers.get("content-length"), request.stream())
        except TooLarge:
            return JSONResponse({"error": "request body too large"}, status_code=413)
        # The signature first: nothing an unsigned request sends is parsed (issue 7).
        if not is_signed(verifier, body, request.headers):
            return JSONResponse({"error": "invalid request"}, status_code=401)
        problem = body_problem(request.headers.get("content-type", ""), body)
        if problem is not None:
            return JSONResponse({"error": problem}, status_code=400)
        try:
            bolt_request = to_bolt_request(request, body)
        except Exception as exc:  # Bolt reads ids assuming Slack's types ("id" in channel)
            log.warning("malformed Slack payload: %r", exc)
            return JSONResponse({"error": "malformed payload"}, status_code=400)
        try:
            bolt_response = await run_in_threadpool(bolt.dispatch, bolt_request)
        except Exception as exc:  # Bolt choked on a body we let through: still the body's fault
            log.warning("unreadable Slack request: %r", exc)
            return JSONResponse({"error": "unreadable request"}, status_code=400)
        return to_starlette_response(bolt_response)

    flow = bolt.oauth_flow
    if flow is not None:

        @api.get(INSTALL_PATH)
        async def install(request: Request) -> Response:
            # OAuth reads the query string; a GET has no business sending a body.
            bolt_request = to_bolt_request(request, b"")
            return to_starlette_response(
                await run_in_threadpool(flow.handle_installation, bolt_request)
            )

        @api.get(REDIRECT_PATH)
        async def oauth_redirect(request: Request) -> Response:
            bolt_request = to_bolt_request(request, b"")
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
