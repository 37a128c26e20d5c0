"""A fake Slack Web API: a real HTTP server on 127.0.0.1 for end-to-end tests.

Point any client at it (``WebClient(base_url=fake.base_url)``, ``SLACK_API_URL``).
Every call is recorded, checked against Slack's published OpenAPI spec (known
method, required parameters, token, scopes, well-formed Block Kit JSON) and
answered with a realistic payload. A call Slack would reject is answered with
Slack's error *and* recorded in ``fake.violations`` so a test can fail on it even
when the bot swallows the error.

    with FakeSlack() as fake:
        client = WebClient(token="xoxb-test", base_url=fake.base_url)
        client.chat_postMessage(channel="C1", text="hi")
        assert fake.last("chat.postMessage").args["text"] == "hi"
        fake.assert_no_violations()
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import json
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.fakes.local_server import LocalServer
from tests.fakes.slack_spec import MethodSpec, method_spec, scopes_for_event, scopes_for_method

__all__ = [
    "APP_ID",
    "BOT_ID",
    "BOT_USER_ID",
    "TEAM_DOMAIN",
    "TEAM_ID",
    "TEAM_NAME",
    "Call",
    "FakeSlack",
    "dm_channel_id",
    "scopes_for_event",
    "scopes_for_method",
]

# Identity of the fake workspace and bot. slack_requests.py uses the same values
# so that events "come from" the workspace the fake answers for.
TEAM_ID = "T0TEST"
TEAM_NAME = "Ideabot Test"
TEAM_DOMAIN = "ideabot-test"
BOT_USER_ID = "UBOT"
BOT_ID = "B0BOT"
BOT_NAME = "ideabot"
APP_ID = "A0TEST"

# First message ts handed out; later ones increase by 100 µs, like Slack's.
_TS_BASE_SECONDS = 1_700_000_000

# Fields Slack takes as JSON. Block Kit ones must parse (Slack rejects them
# otherwise); the rest are decoded for the test's convenience when they parse.
_STRICT_JSON_FIELDS = {
    "blocks": "invalid_blocks_format",
    "attachments": "invalid_attachments",
    "view": "invalid_arguments",
}
_LENIENT_JSON_FIELDS = frozenset(
    {
        "metadata",
        "files",
        "prompts",
        "chunks",
        "outputs",
        "dialog",
        "unfurls",
        "profile",
        "user_auth_blocks",
        "loading_messages",
        "prefs",
    }
)
_MESSAGE_BLOCK_LIMIT = 50  # chat.* methods
_VIEW_BLOCK_LIMIT = 100  # modals and App Home


@dataclass(frozen=True)
class Call:
    """One request the fake received.

    ``args`` merges query string and body. Form-encoded values stay strings as sent
    (slack_sdk sends booleans as "1"/"0"); JSON bodies keep their types. Block Kit
    and other JSON-string fields (blocks, attachments, view, metadata, files...)
    are decoded, so ``args["blocks"]`` is a list either way. ``headers`` keys are
    lower-case. ``path`` is the URL path (useful for response_url posts).
    """

    method: str
    args: dict[str, Any]
    headers: dict[str, str]
    path: str = ""

    @property
    def token(self) -> str | None:
        auth = self.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            return auth[7:].strip()
        value = self.args.get("token")
        return value if isinstance(value, str) else None


@dataclass
class _Fault:
    kind: str  # "error" | "ratelimit" | "status"
    remaining: int
    error: str = ""
    retry_after: int = 1
    status: int = 200


@dataclass
class _Reply:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(
        cls, payload: Mapping[str, Any], status: int = 200, headers: dict[str, str] | None = None
    ) -> _Reply:
        all_headers = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
        return cls(status, json.dumps(payload).encode("utf-8"), all_headers)

    @classmethod
    def text(cls, text: str, status: int = 200) -> _Reply:
        return cls(status, text.encode("utf-8"), {"Content-Type": "text/plain; charset=utf-8"})


class _Problem(Exception):
    """A call Slack would reject: `error` is Slack's code, `detail` says why."""

    def __init__(self, error: str, detail: str, extra: Mapping[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.error = error
        self.detail = detail
        self.extra = dict(extra or {})


def dm_channel_id(user_id: str) -> str:
    """The IM channel id the fake gives a user: U0ALICE -> D0ALICE (stable, reversible)."""
    return "D" + (user_id[1:] if user_id[:1] in ("U", "W") else user_id)


def _user_for_dm(channel_id: str) -> str:
    return "U" + channel_id[1:]


def _deep_merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


# --------------------------------------------------------------------------- parsing


def _parse_multipart(content_type: str, body: bytes) -> dict[str, Any]:
    # The email package parses multipart/form-data well enough and is stdlib
    # (cgi is gone in 3.13). Files stay bytes; plain fields become str.
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = BytesParser(policy=policy.HTTP).parsebytes(head + body)
    fields: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if not isinstance(name, str) or not isinstance(payload, bytes):
            continue
        fields[name] = payload if part.get_filename() else payload.decode("utf-8")
    return fields


def _parse_body(content_type: str, body: bytes) -> dict[str, Any]:
    """Body args by content type; raises _Problem on a body Slack cannot read."""
    kind = content_type.split(";")[0].strip().lower()
    if not body:
        return {}
    if kind == "application/json":
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise _Problem("invalid_json", f"body is not valid JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise _Problem("invalid_json", "JSON body must be an object")
        return data
    if kind == "multipart/form-data":
        return _parse_multipart(content_type, body)
    # Slack treats anything else as form-encoded (that is also urllib's default).
    return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))


def _decode_json_fields(args: dict[str, Any]) -> list[_Problem]:
    """Decode JSON-string fields in place; return problems for malformed Block Kit."""
    problems: list[_Problem] = []
    for name, error in _STRICT_JSON_FIELDS.items():
        value = args.get(name)
        if isinstance(value, str):
            try:
                args[name] = json.loads(value)
            except ValueError as exc:
                problems.append(_Problem(error, f"'{name}' is not valid JSON: {exc}"))
    for name in _LENIENT_JSON_FIELDS:
        value = args.get(name)
        if isinstance(value, str) and value[:1] in ("[", "{"):
            # Free text may start with a bracket too: keep it as it came.
            with contextlib.suppress(ValueError):
                args[name] = json.loads(value)
    return problems


# ------------------------------------------------------------------------ validation


def _present(args: Mapping[str, Any], name: str) -> bool:
    value = args.get(name)
    return value is not None and value != ""


def _check_blocks(blocks: Any, limit: int, where: str) -> None:
    if not isinstance(blocks, list):
        raise _Problem("invalid_blocks", f"'{where}' must be a JSON array")
    if len(blocks) > limit:
        raise _Problem("invalid_blocks", f"'{where}' has {len(blocks)} blocks (max {limit})")
    for index, block in enumerate(blocks):
        if not isinstance(block, dict) or not isinstance(block.get("type"), str):
            raise _Problem("invalid_blocks", f"'{where}[{index}]' has no 'type'")


def _check_block_kit(method: str, args: Mapping[str, Any]) -> None:
    if "blocks" in args and args["blocks"] is not None:
        _check_blocks(args["blocks"], _MESSAGE_BLOCK_LIMIT, "blocks")
    attachments = args.get("attachments")
    if attachments is not None and not isinstance(attachments, list):
        raise _Problem("invalid_attachments", "'attachments' must be a JSON array")
    view = args.get("view")
    if method.startswith("views.") and view is not None:
        if not isinstance(view, dict) or view.get("type") not in ("modal", "home"):
            raise _Problem("invalid_arguments", "'view' must be an object with type modal/home")
        _check_blocks(view.get("blocks", []), _VIEW_BLOCK_LIMIT, "view.blocks")


def _check_required(spec: MethodSpec, args: Mapping[str, Any]) -> None:
    missing = sorted(name for name in spec.required if not _present(args, name))
    if missing:
        raise _Problem(
            "invalid_arguments",
            f"missing required argument(s): {', '.join(missing)}",
            {
                "response_metadata": {
                    "messages": [f"[ERROR] missing required field: {name}" for name in missing]
                }
            },
        )
    if spec.one_of is not None:
        names, error = spec.one_of
        if not any(_present(args, name) for name in names):
            raise _Problem(error, f"needs at least one of: {', '.join(names)}")


def _check_client_auth(call: Call) -> None:
    # oauth.v2.access authenticates the app, not a token: Basic auth or form fields.
    basic = call.headers.get("authorization", "").lower().startswith("basic ")
    if not basic and not (
        _present(call.args, "client_id") and _present(call.args, "client_secret")
    ):
        raise _Problem("invalid_client_id", "no client_id/client_secret (Basic auth or form)")


# ---------------------------------------------------------------------- the server


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a hung client must not keep pytest alive
    allow_reuse_address = True

    def __init__(self, fake: FakeSlack) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep pytest output readable; calls are in fake.calls

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            return self._read_chunked()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _read_chunked(self) -> bytes:
        chunks: list[bytes] = []
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                self.rfile.readline()
                return b"".join(chunks)
            chunks.append(self.rfile.read(size))
            self.rfile.readline()

    def _serve(self) -> None:
        headers = {key.lower(): value for key, value in self.headers.items()}
        reply = self.server.fake.handle(self.command, self.path, headers, self._read_body())
        self.send_response(reply.status)
        for key, value in reply.headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)


Responder = Callable[["FakeSlack", Call], dict[str, Any]]


class FakeSlack:
    """The fake Web API. Thread-safe: the bot calls it from worker threads."""

    def __init__(self, *, granted_scopes: Iterable[str] | None = None) -> None:
        self.granted_scopes: set[str] | None = (
            set(granted_scopes) if granted_scopes is not None else None
        )
        self.calls: list[Call] = []
        self.violations: list[str] = []
        # Test-configurable state, merged over realistic defaults.
        self.users: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, dict[str, Any]] = {}
        self.channel_members: dict[str, list[str]] = {}
        # User groups: {group id: {"handle": "innovation-team", "users": [user ids]}}.
        self.usergroups: dict[str, dict[str, Any]] = {}
        self.oauth_response: dict[str, Any] = {}
        # What the bot produced, for assertions on end state.
        self.messages: dict[tuple[str, str], dict[str, Any]] = {}
        self.views: dict[str, dict[str, Any]] = {}
        self.home_views: dict[str, dict[str, Any]] = {}
        self.uploads: dict[str, bytes] = {}
        self._pending_uploads: dict[str, dict[str, Any]] = {}
        self._faults: dict[str, list[_Fault]] = {}
        self._delays: dict[str, float] = {}
        self._counter = itertools.count(1)
        # Re-entrant: helpers that lock are also used while wait_for holds the lock.
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._local = LocalServer("fake-slack")

    # ----------------------------------------------------------------- lifecycle

    def start(self) -> FakeSlack:
        if not self._local.running:
            self._local.start(_Server(self))
        return self

    def stop(self) -> None:
        self._local.stop()

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._local.port

    @property
    def root_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """For WebClient(base_url=...) / SLACK_API_URL: ends with /api/."""
        return f"{self.root_url}/api/"

    def response_url(self, key: str = "default") -> str:
        """A response_url that records posts as Call(method="response_url")."""
        return f"{self.root_url}/response/{key}"

    # ----------------------------------------------------------- test helpers

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if call.method == method]

    def last(self, method: str) -> Call:
        found = self.calls_to(method)
        if not found:
            raise AssertionError(f"no call to {method}; calls: {self._summary()}")
        return found[-1]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Block until `count` calls to `method` arrived (the bot replies from
        worker threads after acking). Returns them; AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [call for call in self.calls if call.method == method]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"waited {timeout}s for {count} call(s) to {method}, got {len(found)}; "
                        f"calls: {self._summary()}; violations: {self.violations}"
                    )
                self._changed.wait(remaining)

    def _summary(self) -> list[str]:
        with self._lock:
            return [call.method for call in self.calls]

    def assert_no_violations(self) -> None:
        with self._lock:
            problems = list(self.violations)
        if problems:
            raise AssertionError("Slack would reject these calls:\n  " + "\n  ".join(problems))

    def reset(self) -> None:
        """Forget calls, violations, faults, delays and produced state (not config)."""
        with self._lock:
            self.calls.clear()
            self.violations.clear()
            self.messages.clear()
            self.views.clear()
            self.home_views.clear()
            self.uploads.clear()
            self._pending_uploads.clear()
            self._faults.clear()
            self._delays.clear()

    def messages_in(self, channel: str) -> list[dict[str, Any]]:
        """Messages the bot posted in `channel` (current versions), oldest first."""
        with self._lock:
            found = [copy.deepcopy(m) for (c, _), m in self.messages.items() if c == channel]
        return sorted(found, key=lambda m: float(m["ts"]))

    def message(self, channel: str, ts: str) -> dict[str, Any] | None:
        """The current version of a message the bot posted (after any chat.update)."""
        with self._lock:
            found = self.messages.get((channel, ts))
            return copy.deepcopy(found) if found is not None else None

    # --------------------------------------------------------- fault injection

    def fail_next(self, method: str, error: str = "channel_not_found", times: int = 1) -> None:
        """Answer the next `times` calls to `method` ("*": any) with ok:false."""
        self._add_fault(method, _Fault("error", times, error=error))

    def rate_limit_next(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        """Answer with HTTP 429, Retry-After and error "ratelimited", as Slack does."""
        self._add_fault(method, _Fault("ratelimit", times, retry_after=retry_after))

    def server_error_next(self, method: str, status: int = 503, times: int = 1) -> None:
        """Answer with an HTTP 5xx (exercises ServerErrorRetryHandler)."""
        self._add_fault(method, _Fault("status", times, status=status))

    def delay(self, method: str, seconds: float) -> None:
        """Delay every answer to `method` ("*": any) until reset(); 0 clears."""
        with self._lock:
            self._delays[method] = seconds

    def _add_fault(self, method: str, fault: _Fault) -> None:
        with self._lock:
            self._faults.setdefault(method, []).append(fault)

    def _take_fault(self, method: str) -> _Fault | None:
        with self._lock:
            for key in (method, "*"):
                queue = self._faults.get(key, [])
                if queue:
                    fault = queue[0]
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        queue.pop(0)
                    return fault
        return None

    def _delay_for(self, method: str) -> float:
        with self._lock:
            return self._delays.get(method, self._delays.get("*", 0.0))

    # ---------------------------------------------------------------- dispatch

    def handle(
        self, http_method: str, raw_path: str, headers: dict[str, str], body: bytes
    ) -> _Reply:
        """Serve one HTTP request (called by the handler thread)."""
        url = urlsplit(raw_path)
        path = url.path
        if path.startswith("/api/"):
            return self._handle_api(path[len("/api/") :], url.query, headers, body)
        if path.startswith("/upload/"):
            return self._handle_upload(path[len("/upload/") :], headers, body)
        if path.startswith("/response/"):
            return self._handle_response_url(path, headers, body)
        return _Reply.text("not found", 404)

    def _record(self, call: Call) -> None:
        with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def _violation(self, method: str, detail: str) -> None:
        with self._changed:
            self.violations.append(f"{method}: {detail}")
            self._changed.notify_all()

    def _handle_api(self, method: str, query: str, headers: dict[str, str], body: bytes) -> _Reply:
        args: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
        content_type = headers.get("content-type", "application/x-www-form-urlencoded")
        problems: list[_Problem] = []
        try:
            args.update(_parse_body(content_type, body))
        except _Problem as problem:
            problems.append(problem)
        problems += _decode_json_fields(args)
        call = Call(method, args, headers, f"/api/{method}")
        self._record(call)

        seconds = self._delay_for(method)
        if seconds:
            time.sleep(seconds)
        try:
            if problems:
                raise problems[0]
            # slack_sdk labels even body-less calls (auth.test) application/json,
            # so only a non-empty body counts as a JSON request.
            is_json = bool(body) and content_type.lower().startswith("application/json")
            self._validate(call, is_json)
        except _Problem as problem:
            self._violation(method, problem.detail)
            return _Reply.json({"ok": False, "error": problem.error, **problem.extra})

        fault = self._take_fault(method)
        if fault is not None:
            return self._fault_reply(fault)
        try:
            return _Reply.json(self._respond(call))
        except _Problem as problem:
            self._violation(method, problem.detail)
            return _Reply.json({"ok": False, "error": problem.error, **problem.extra})

    def _validate(self, call: Call, is_json: bool) -> None:
        spec = method_spec(call.method)
        if spec is None:
            raise _Problem(
                "unknown_method",
                "unknown method (not in Slack's spec)",
                {"req_method": call.method},
            )
        if is_json and not spec.accepts_json:
            # Slack does not read JSON bodies for these methods: every arg is lost.
            raise _Problem("invalid_arguments", "method does not accept a JSON body")
        if spec.takes_token:
            self._check_token(call, is_json)
        elif call.method.startswith("oauth."):
            _check_client_auth(call)
        self._check_scopes(spec)
        _check_required(spec, call.args)
        _check_block_kit(call.method, call.args)

    def _check_token(self, call: Call, is_json: bool) -> None:
        bearer = call.headers.get("authorization", "").lower().startswith("bearer ")
        if is_json and not bearer:
            # With a JSON body Slack only reads the token from the header.
            raise _Problem("not_authed", "JSON body without Authorization: Bearer header")
        token = call.token
        if not token:
            raise _Problem("not_authed", "no token (Authorization header or token field)")
        if not token.startswith("xox"):
            raise _Problem("invalid_auth", f"token {token[:8]}... is not a Slack token")

    def _check_scopes(self, spec: MethodSpec) -> None:
        granted = self.granted_scopes
        if granted is None or not spec.scopes or spec.scopes & granted:
            return
        needed = ",".join(sorted(spec.scopes))
        raise _Problem(
            "missing_scope",
            f"needs one of scopes {needed}; granted {sorted(granted)}",
            {"needed": needed, "provided": ",".join(sorted(granted))},
        )

    @staticmethod
    def _fault_reply(fault: _Fault) -> _Reply:
        if fault.kind == "ratelimit":
            return _Reply.json(
                {"ok": False, "error": "ratelimited"},
                status=429,
                headers={"Retry-After": str(fault.retry_after)},
            )
        if fault.kind == "status":
            return _Reply.text("server error", fault.status)
        return _Reply.json({"ok": False, "error": fault.error})

    def _respond(self, call: Call) -> dict[str, Any]:
        responder = _RESPONDERS.get(call.method)
        if responder is None:
            return {"ok": True}
        with self._lock:
            return responder(self, call)

    # ------------------------------------------------------ non-API endpoints

    def _handle_upload(self, file_id: str, headers: dict[str, str], body: bytes) -> _Reply:
        # The second step of files_upload_v2: raw bytes POSTed to upload_url.
        self._record(
            Call("upload", {"file_id": file_id, "size": len(body)}, headers, f"/upload/{file_id}")
        )
        with self._lock:
            pending = self._pending_uploads.get(file_id)
            if pending is not None:
                self.uploads[file_id] = body
        if pending is None:
            self._violation("upload", f"upload to unknown file id {file_id}")
            return _Reply.text("not found", 404)
        if int(pending.get("length", len(body))) != len(body):
            self._violation(
                "upload", f"{file_id}: declared length {pending['length']}, sent {len(body)} bytes"
            )
        return _Reply.text(f"OK - {len(body)}")

    def _handle_response_url(self, path: str, headers: dict[str, str], body: bytes) -> _Reply:
        # Bolt's respond() posts JSON here (slash commands, block actions).
        try:
            args = _parse_body(headers.get("content-type", "application/json"), body)
            _check_block_kit("response_url", args)
        except _Problem as problem:
            self._record(Call("response_url", {}, headers, path))
            self._violation("response_url", problem.detail)
            return _Reply.text(problem.error, 400)
        self._record(Call("response_url", args, headers, path))
        return _Reply.text("ok")

    # ------------------------------------------------------------- identities

    def _next(self) -> int:
        return next(self._counter)

    def _next_ts(self) -> str:
        micros = self._next() * 100
        return f"{_TS_BASE_SECONDS + micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _next_id(self, prefix: str) -> str:
        return f"{prefix}0{self._next():07d}"

    def user_record(self, user_id: str) -> dict[str, Any]:
        """users.info's `user` for an id: defaults merged with fake.users[user_id]."""
        override = self.users.get(user_id, {})
        profile_override = override.get("profile", {})
        real_name = (
            override.get("real_name") or profile_override.get("real_name") or f"Test User {user_id}"
        )
        name = override.get("name") or real_name.lower().replace(" ", ".")
        tz = override.get("tz", "Europe/Paris")
        base: dict[str, Any] = {
            "id": user_id,
            "team_id": TEAM_ID,
            "name": name,
            "deleted": False,
            "color": "9f69e7",
            "real_name": real_name,
            "tz": tz,
            "tz_label": "Central European Time",
            "tz_offset": 3600,
            "is_admin": False,
            "is_owner": False,
            "is_primary_owner": False,
            "is_restricted": False,
            "is_ultra_restricted": False,
            "is_bot": user_id == BOT_USER_ID,
            "is_app_user": False,
            "updated": 1_700_000_000,
            "profile": {
                "title": "",
                "phone": "",
                "skype": "",
                "real_name": real_name,
                "real_name_normalized": real_name,
                "display_name": name,
                "display_name_normalized": name,
                "status_text": "",
                "status_emoji": "",
                "email": f"{name}@example.com",
                "team": TEAM_ID,
                "image_72": f"https://avatars.example.com/{user_id}_72.png",
            },
        }
        return _deep_merge(base, override)

    def channel_record(self, channel_id: str) -> dict[str, Any]:
        """conversations.info's `channel`: defaults merged with fake.channels[id]."""
        if channel_id.startswith("D"):
            base: dict[str, Any] = {
                "id": channel_id,
                "created": _TS_BASE_SECONDS,
                "is_im": True,
                "is_org_shared": False,
                "user": _user_for_dm(channel_id),
                "is_user_deleted": False,
                "priority": 0,
            }
        else:
            name = f"channel-{channel_id.lower()}"
            base = {
                "id": channel_id,
                "name": name,
                "name_normalized": name,
                "is_channel": True,
                "is_group": False,
                "is_im": False,
                "is_mpim": False,
                "is_private": channel_id.startswith("G"),
                "created": _TS_BASE_SECONDS,
                "is_archived": False,
                "is_general": False,
                "is_member": True,
                "is_shared": False,
                "is_ext_shared": False,
                "is_org_shared": False,
                "context_team_id": TEAM_ID,
                "creator": "U0ADMIN",
                "topic": {"value": "", "creator": "", "last_set": 0},
                "purpose": {"value": "", "creator": "", "last_set": 0},
                "num_members": len(self.channel_members.get(channel_id, [BOT_USER_ID])),
            }
        return _deep_merge(base, self.channels.get(channel_id, {}))


# ----------------------------------------------------------------- responders
# Each runs under fake._lock and returns the JSON payload of the answer; it raises
# _Problem for a call that is well-formed but that Slack would still refuse.


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _post_message(fake: FakeSlack, call: Call) -> dict[str, Any]:
    channel = str(call.args["channel"])
    # Posting to a user id lands in the bot's DM with them, and Slack answers
    # with the DM's channel id.
    if channel[:1] in ("U", "W"):
        channel = dm_channel_id(channel)
    ts = fake._next_ts()
    message: dict[str, Any] = {
        "type": "message",
        "text": _as_text(call.args.get("text")),
        "blocks": call.args.get("blocks") or [],
        "user": BOT_USER_ID,
        "bot_id": BOT_ID,
        "app_id": APP_ID,
        "team": TEAM_ID,
        "ts": ts,
        "bot_profile": {
            "id": BOT_ID,
            "app_id": APP_ID,
            "name": BOT_NAME,
            "team_id": TEAM_ID,
            "deleted": False,
        },
    }
    if call.args.get("attachments"):
        message["attachments"] = call.args["attachments"]
    if call.args.get("thread_ts"):
        message["thread_ts"] = call.args["thread_ts"]
    if call.args.get("metadata"):
        message["metadata"] = call.args["metadata"]
    # Stored apart from call.args so a test mutating one never changes the other.
    fake.messages[(channel, ts)] = copy.deepcopy(message)
    return {"ok": True, "channel": channel, "ts": ts, "message": message}


def _update_message(fake: FakeSlack, call: Call) -> dict[str, Any]:
    channel, ts = str(call.args["channel"]), str(call.args["ts"])
    message = fake.messages.get((channel, ts))
    if message is not None:
        for key in ("text", "blocks", "attachments", "metadata"):
            if key in call.args:
                message[key] = copy.deepcopy(call.args[key])
        message["edited"] = {"user": BOT_USER_ID, "ts": fake._next_ts()}
    text = _as_text(call.args.get("text"))
    shown = (
        copy.deepcopy(message)
        if message is not None
        else {
            "text": text,
            "blocks": call.args.get("blocks") or [],
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
        }
    )
    return {"ok": True, "channel": channel, "ts": ts, "text": text, "message": shown}


def _delete_message(fake: FakeSlack, call: Call) -> dict[str, Any]:
    channel, ts = str(call.args["channel"]), str(call.args["ts"])
    fake.messages.pop((channel, ts), None)
    return {"ok": True, "channel": channel, "ts": ts}


def _post_ephemeral(fake: FakeSlack, call: Call) -> dict[str, Any]:
    return {"ok": True, "message_ts": fake._next_ts()}


def _schedule_message(fake: FakeSlack, call: Call) -> dict[str, Any]:
    return {
        "ok": True,
        "channel": call.args["channel"],
        "scheduled_message_id": fake._next_id("Q"),
        "post_at": int(call.args["post_at"]),
        "message": {
            "text": _as_text(call.args.get("text")),
            "user": BOT_USER_ID,
            "bot_id": BOT_ID,
            "type": "delayed_message",
        },
    }


def _permalink(fake: FakeSlack, call: Call) -> dict[str, Any]:
    channel, ts = str(call.args["channel"]), str(call.args["message_ts"])
    link = f"https://{TEAM_DOMAIN}.slack.com/archives/{channel}/p{ts.replace('.', '')}"
    return {"ok": True, "channel": channel, "permalink": link}


def _auth_test(fake: FakeSlack, call: Call) -> dict[str, Any]:
    return {
        "ok": True,
        "url": f"https://{TEAM_DOMAIN}.slack.com/",
        "team": TEAM_NAME,
        "user": BOT_NAME,
        "team_id": TEAM_ID,
        "user_id": BOT_USER_ID,
        "bot_id": BOT_ID,
        "is_enterprise_install": False,
    }


def _conversations_open(fake: FakeSlack, call: Call) -> dict[str, Any]:
    if _present(call.args, "channel"):
        return {
            "ok": True,
            "no_op": True,
            "already_open": True,
            "channel": {"id": call.args["channel"]},
        }
    users = [u.strip() for u in str(call.args["users"]).split(",") if u.strip()]
    if len(users) == 1:
        channel_id = dm_channel_id(users[0])
    else:  # a group DM: stable id for the same set of users
        channel_id = "G" + "".join(sorted(u[1:4] for u in users)).upper()
    channel: dict[str, Any] = {"id": channel_id}
    if str(call.args.get("return_im", "")).lower() in ("1", "true"):
        channel = fake.channel_record(channel_id)
    return {"ok": True, "no_op": True, "already_open": True, "channel": channel}


def _conversations_info(fake: FakeSlack, call: Call) -> dict[str, Any]:
    return {"ok": True, "channel": fake.channel_record(str(call.args["channel"]))}


def _conversations_members(fake: FakeSlack, call: Call) -> dict[str, Any]:
    members = fake.channel_members.get(str(call.args["channel"]), [BOT_USER_ID])
    return {"ok": True, "members": list(members), "response_metadata": {"next_cursor": ""}}


def _conversations_history(fake: FakeSlack, call: Call) -> dict[str, Any]:
    channel = str(call.args["channel"])
    found = [dict(m) for (c, _), m in fake.messages.items() if c == channel]
    found.sort(key=lambda m: float(m["ts"]), reverse=True)  # newest first, like Slack
    return {
        "ok": True,
        "messages": found,
        "has_more": False,
        "pin_count": 0,
        "response_metadata": {"next_cursor": ""},
    }


def _conversations_join(fake: FakeSlack, call: Call) -> dict[str, Any]:
    return {"ok": True, "channel": fake.channel_record(str(call.args["channel"]))}


def _users_info(fake: FakeSlack, call: Call) -> dict[str, Any]:
    user = fake.user_record(str(call.args["user"]))
    if str(call.args.get("include_locale", "")).lower() in ("1", "true"):
        user.setdefault("locale", "en-US")
    return {"ok": True, "user": user}


def _users_list(fake: FakeSlack, call: Call) -> dict[str, Any]:
    ids = [BOT_USER_ID, *sorted(u for u in fake.users if u != BOT_USER_ID)]
    return {
        "ok": True,
        "members": [fake.user_record(u) for u in ids],
        "cache_ts": _TS_BASE_SECONDS,
        "response_metadata": {"next_cursor": ""},
    }


def _usergroup_record(fake: FakeSlack, group_id: str, include_users: bool) -> dict[str, Any]:
    group = fake.usergroups[group_id]
    handle = str(group["handle"])
    users = [str(u) for u in group.get("users", [])]
    record: dict[str, Any] = {
        "id": group_id,
        "team_id": TEAM_ID,
        "is_usergroup": True,
        "name": group.get("name", handle),
        "description": "",
        "handle": handle,
        "is_external": False,
        "date_create": _TS_BASE_SECONDS,
        "date_update": _TS_BASE_SECONDS,
        "date_delete": 0,
        "auto_type": None,
        "created_by": "U0ADMIN",
        "updated_by": "U0ADMIN",
        "deleted_by": None,
        "prefs": {"channels": [], "groups": []},
        "user_count": len(users),
    }
    if include_users:
        record["users"] = users
    return record


def _usergroups_list(fake: FakeSlack, call: Call) -> dict[str, Any]:
    include_users = str(call.args.get("include_users", "")).lower() in ("1", "true")
    return {
        "ok": True,
        "usergroups": [_usergroup_record(fake, g, include_users) for g in sorted(fake.usergroups)],
    }


def _usergroups_users_list(fake: FakeSlack, call: Call) -> dict[str, Any]:
    group_id = str(call.args["usergroup"])
    if group_id not in fake.usergroups:
        raise _Problem("no_such_subteam", f"no user group {group_id!r}")
    return {"ok": True, "users": [str(u) for u in fake.usergroups[group_id].get("users", [])]}


def _view_record(fake: FakeSlack, view: Mapping[str, Any], view_id: str) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": view_id,
        "team_id": TEAM_ID,
        "type": view.get("type", "modal"),
        "blocks": [],
        "private_metadata": "",
        "callback_id": "",
        "state": {"values": {}},
        "hash": f"{_TS_BASE_SECONDS}.{fake._next():08x}",
        "title": None,
        "clear_on_close": False,
        "notify_on_close": False,
        "close": None,
        "submit": None,
        "previous_view_id": None,
        "root_view_id": view_id,
        "app_id": APP_ID,
        "external_id": "",
        "app_installed_team_id": TEAM_ID,
        "bot_id": BOT_ID,
    }
    record.update(copy.deepcopy(dict(view)))
    record["id"] = view_id
    return record


def _hash_conflict(current: Mapping[str, Any] | None, call: Call) -> bool:
    sent = call.args.get("hash")
    return bool(sent) and current is not None and sent != current.get("hash")


def _views_open(fake: FakeSlack, call: Call) -> dict[str, Any]:
    record = _view_record(fake, call.args["view"], fake._next_id("V"))
    fake.views[record["id"]] = record
    return {"ok": True, "view": copy.deepcopy(record)}


def _views_push(fake: FakeSlack, call: Call) -> dict[str, Any]:
    return _views_open(fake, call)


def _find_view(fake: FakeSlack, call: Call) -> dict[str, Any] | None:
    if _present(call.args, "view_id"):
        return fake.views.get(str(call.args["view_id"]))
    external_id = call.args.get("external_id")
    return next((v for v in fake.views.values() if v.get("external_id") == external_id), None)


def _views_update(fake: FakeSlack, call: Call) -> dict[str, Any]:
    current = _find_view(fake, call)
    if _hash_conflict(current, call):
        return {"ok": False, "error": "hash_conflict"}
    view_id = current["id"] if current else str(call.args.get("view_id") or fake._next_id("V"))
    record = _view_record(fake, call.args["view"], view_id)
    fake.views[view_id] = record
    return {"ok": True, "view": copy.deepcopy(record)}


def _views_publish(fake: FakeSlack, call: Call) -> dict[str, Any]:
    user_id = str(call.args["user_id"])
    current = fake.home_views.get(user_id)
    if _hash_conflict(current, call):
        return {"ok": False, "error": "hash_conflict"}
    # Slack keeps one Home view id per user across publishes.
    view_id = current["id"] if current else fake._next_id("V")
    record = _view_record(fake, call.args["view"], view_id)
    fake.home_views[user_id] = record
    fake.views[view_id] = record
    return {"ok": True, "view": copy.deepcopy(record)}


def _get_upload_url(fake: FakeSlack, call: Call) -> dict[str, Any]:
    file_id = fake._next_id("F")
    fake._pending_uploads[file_id] = {
        "filename": call.args["filename"],
        "length": call.args["length"],
    }
    return {"ok": True, "upload_url": f"{fake.root_url}/upload/{file_id}", "file_id": file_id}


def _file_record(fake: FakeSlack, file_id: str, title: str | None) -> dict[str, Any]:
    pending = fake._pending_uploads.get(file_id, {})
    name = str(pending.get("filename", file_id))
    return {
        "id": file_id,
        "created": _TS_BASE_SECONDS,
        "timestamp": _TS_BASE_SECONDS,
        "name": name,
        "title": title or name,
        "user": BOT_USER_ID,
        "size": len(fake.uploads.get(file_id, b"")),
        "is_public": False,
        "url_private": f"https://files.slack.com/files-pri/{TEAM_ID}-{file_id}/{name}",
        "permalink": f"https://{TEAM_DOMAIN}.slack.com/files/{BOT_USER_ID}/{file_id}/{name}",
    }


def _complete_upload(fake: FakeSlack, call: Call) -> dict[str, Any]:
    files = call.args["files"]
    if not isinstance(files, list):
        raise _Problem("invalid_arguments", "'files' must be a JSON array of {id, title}")
    records = []
    for entry in files:
        file_id = str(entry.get("id", "")) if isinstance(entry, dict) else ""
        if file_id not in fake.uploads:
            # The bot skipped (or botched) the upload POST: Slack fails the call.
            raise _Problem("file_not_found", f"file {file_id!r} was never uploaded")
        records.append(_file_record(fake, file_id, entry.get("title")))
    return {"ok": True, "files": records}


def _oauth_v2_access(fake: FakeSlack, call: Call) -> dict[str, Any]:
    scopes = (
        sorted(fake.granted_scopes)
        if fake.granted_scopes is not None
        else [
            "app_mentions:read",
            "channels:read",
            "chat:write",
            "commands",
            "im:history",
            "im:write",
            "users:read",
        ]
    )
    payload: dict[str, Any] = {
        "ok": True,
        "app_id": APP_ID,
        "authed_user": {"id": "U0INSTALLER"},
        "scope": ",".join(scopes),
        "token_type": "bot",
        "access_token": f"xoxb-{TEAM_ID}-{fake._next()}-fakebottoken",
        "bot_user_id": BOT_USER_ID,
        "team": {"id": TEAM_ID, "name": TEAM_NAME},
        "enterprise": None,
        "is_enterprise_install": False,
    }
    return _deep_merge(payload, fake.oauth_response)


def _start_stream(fake: FakeSlack, call: Call) -> dict[str, Any]:
    return {"ok": True, "channel": call.args["channel"], "ts": fake._next_ts()}


def _stream_step(fake: FakeSlack, call: Call) -> dict[str, Any]:
    return {"ok": True, "channel": call.args["channel"], "ts": call.args["ts"]}


_RESPONDERS: dict[str, Responder] = {
    "auth.test": _auth_test,
    "chat.postMessage": _post_message,
    "chat.update": _update_message,
    "chat.delete": _delete_message,
    "chat.postEphemeral": _post_ephemeral,
    "chat.scheduleMessage": _schedule_message,
    "chat.getPermalink": _permalink,
    "chat.startStream": _start_stream,
    "chat.appendStream": _stream_step,
    "chat.stopStream": _stream_step,
    "conversations.open": _conversations_open,
    "conversations.info": _conversations_info,
    "conversations.members": _conversations_members,
    "conversations.history": _conversations_history,
    "conversations.join": _conversations_join,
    "users.info": _users_info,
    "users.list": _users_list,
    "usergroups.list": _usergroups_list,
    "usergroups.users.list": _usergroups_users_list,
    "views.open": _views_open,
    "views.push": _views_push,
    "views.update": _views_update,
    "views.publish": _views_publish,
    "files.getUploadURLExternal": _get_upload_url,
    "files.completeUploadExternal": _complete_upload,
    "oauth.v2.access": _oauth_v2_access,
}
