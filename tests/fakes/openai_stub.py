"""A scriptable OpenAI-compatible HTTP server for tests (no network, no real model).

A real HTTP server on 127.0.0.1 (random port, daemon thread), so the code under test
goes through its real client stack: `ChatOpenAI(base_url=stub.base_url, api_key="x")`,
`OpenAIEmbeddings(base_url=stub.base_url, check_embedding_ctx_length=False)`, or the
`openai` client itself.

    with OpenAIStub() as stub:
        stub.reply({"title": "Bike racks"})      # queued replies, used in order
        stub.reply(lambda request: {...})        # or computed from the request JSON
        stub.respond_with(lambda request: ...)   # standing answer when the queue is empty
        stub.stall(2.0)                          # answer late (504 after the delay)
        stub.status(429, retry_after=1)          # rate limited
        stub.status(500)                         # server error
        stub.malformed()                         # invalid JSON in the answer
        stub.malformed("schema")                 # valid JSON, wrong shape
        stub.healthy()                           # clear any fault
        stub.requests                            # everything received

Chat replies: a dict (or list) is the structured answer — returned as the arguments of
a tool call when the request carries `tools`, otherwise as JSON message content (for
`response_format` requests); a str is plain assistant text (with `tools`, that is a
model that ignored the tool). Faults apply to chat completions only and last until
`healthy()` unless `times=` is given. A stalled request does not consume a queued reply.
Embeddings are deterministic unit vectors derived from a hash of each input.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.fakes.local_server import LocalServer

Reply = dict[str, Any] | list[Any] | str
Responder = Callable[[dict[str, Any]], Reply]


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]  # names lower-cased
    body: str  # raw text exactly as received (assert fencing on this)
    json: Any  # parsed body, or None when it was not JSON


@dataclass
class _Fault:
    kind: str  # "stall" | "status" | "malformed"
    times: int | None  # None: until healthy()
    seconds: float = 0.0
    code: int = 500
    retry_after: float | None = None
    flavour: str = "json"


@dataclass
class _State:
    replies: deque[Reply | Responder] = field(default_factory=deque)
    responder: Responder | None = None
    fault: _Fault | None = None
    requests: list[RecordedRequest] = field(default_factory=list)


class OpenAIStub:
    def __init__(self, *, model: str = "stub-model", embedding_dim: int = 16) -> None:
        self.model = model
        self.embedding_dim = embedding_dim
        self._state = _State()
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._local = LocalServer("openai-stub")
        self._counter = 0

    # -- lifecycle --------------------------------------------------------------------

    def start(self) -> OpenAIStub:
        self._local.start(ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self)))
        return self

    def close(self) -> None:
        self._closing.set()  # wakes stalled handlers
        self._local.stop()

    def __enter__(self) -> OpenAIStub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def port(self) -> int:
        return self._local.port

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    # -- scripting ----------------------------------------------------------------------

    def reply(self, *replies: Reply | Responder) -> None:
        """Queue replies, used once each and in order; a callable in the queue is called
        with the request JSON and its return value is the reply."""
        with self._lock:
            self._state.replies.extend(replies)

    def respond_with(self, responder: Responder | None) -> None:
        """Answer every request the queue does not cover with `responder(request_json)`."""
        with self._lock:
            self._state.responder = responder

    def stall(self, seconds: float, times: int | None = None) -> None:
        self._set_fault(_Fault("stall", times, seconds=seconds))

    def status(self, code: int, retry_after: float | None = None, times: int | None = None) -> None:
        self._set_fault(_Fault("status", times, code=code, retry_after=retry_after))

    def malformed(self, flavour: str = "json", times: int | None = None) -> None:
        """flavour: "json" (broken JSON), "schema" (valid JSON, wrong fields),
        "body" (HTTP 200 whose body is not JSON at all)."""
        if flavour not in ("json", "schema", "body"):
            raise ValueError(f"unknown malformed flavour {flavour!r}")
        self._set_fault(_Fault("malformed", times, flavour=flavour))

    def healthy(self) -> None:
        self._set_fault(None)

    def reset(self) -> None:
        with self._lock:
            self._state = _State()

    def _set_fault(self, fault: _Fault | None) -> None:
        with self._lock:
            self._state.fault = fault

    # -- inspection ---------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._state.requests)

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    # -- serving (called from handler threads) ------------------------------------------

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._state.requests.append(request)

    def _take_fault(self) -> _Fault | None:
        with self._lock:
            fault = self._state.fault
            if fault is None:
                return None
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    self._state.fault = None
            return fault

    def _next_reply(self, request: dict[str, Any]) -> Reply | None:
        with self._lock:
            item = self._state.replies.popleft() if self._state.replies else None
            responder = self._state.responder
        if item is None and responder is not None:
            item = responder
        if callable(item):
            return item(request)
        return item

    def _next_id(self) -> str:
        with self._lock:
            self._counter += 1
            return f"chatcmpl-stub-{self._counter}"

    def handle_chat(self, request: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
        fault = self._take_fault()
        if fault is not None and fault.kind == "stall":
            self._closing.wait(fault.seconds)
            return _error(504, "stub stalled", "timeout")
        if fault is not None and fault.kind == "status":
            headers = {}
            if fault.retry_after is not None:
                headers["retry-after"] = f"{fault.retry_after:g}"
            kind = "rate_limit_exceeded" if fault.code == 429 else "server_error"
            status, _, body = _error(fault.code, f"stub status {fault.code}", kind)
            return status, headers, body
        if fault is not None and fault.flavour == "body":
            return 200, {}, b"this is not json {"
        if fault is not None:
            payload = '{"broken": ' if fault.flavour == "json" else '{"unexpected": true}'
            return 200, {}, self._completion(request, payload, structured=True)
        reply = self._next_reply(request)
        if reply is None:
            return _error(500, "OpenAIStub: no scripted reply for this request", "stub_error")
        if isinstance(reply, str):
            return 200, {}, self._completion(request, reply, structured=False)
        return 200, {}, self._completion(request, json.dumps(reply), structured=True)

    def _completion(self, request: dict[str, Any], text: str, structured: bool) -> bytes:
        message: dict[str, Any] = {"role": "assistant", "content": text, "refusal": None}
        finish = "stop"
        tools = request.get("tools") or []
        if structured and tools:
            message["content"] = None
            message["tool_calls"] = [
                {
                    "id": f"call_{self._next_id()}",
                    "type": "function",
                    "function": {"name": _tool_name(request), "arguments": text},
                }
            ]
            finish = "tool_calls"
        body = {
            "id": self._next_id(),
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request.get("model", self.model),
            "choices": [
                {"index": 0, "message": message, "finish_reason": finish, "logprobs": None}
            ],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
        }
        return json.dumps(body).encode()

    def handle_embeddings(self, request: dict[str, Any]) -> tuple[int, dict[str, str], bytes]:
        raw = request.get("input")
        inputs: list[Any] = raw if isinstance(raw, list) and raw and not _is_tokens(raw) else [raw]
        dim = int(request.get("dimensions") or self.embedding_dim)
        as_base64 = request.get("encoding_format") == "base64"
        data = []
        for index, item in enumerate(inputs):
            vector = hash_vector(json.dumps(item) if not isinstance(item, str) else item, dim)
            encoded: Any = (
                base64.b64encode(struct.pack(f"<{dim}f", *vector)).decode() if as_base64 else vector
            )
            data.append({"object": "embedding", "index": index, "embedding": encoded})
        body = {
            "object": "list",
            "data": data,
            "model": request.get("model", self.model),
            "usage": {"prompt_tokens": len(inputs), "total_tokens": len(inputs)},
        }
        return 200, {}, json.dumps(body).encode()

    def handle_models(self) -> tuple[int, dict[str, str], bytes]:
        body = {
            "object": "list",
            "data": [{"id": self.model, "object": "model", "created": 0, "owned_by": "stub"}],
        }
        return 200, {}, json.dumps(body).encode()


def hash_vector(text: str, dim: int) -> list[float]:
    """A deterministic unit vector for `text` (same text, same vector, any process)."""
    values: list[float] = []
    counter = 0
    while len(values) < dim:
        digest = hashlib.sha256(f"{counter}:{text}".encode()).digest()
        values.extend((byte - 127.5) / 127.5 for byte in digest)
        counter += 1
    values = values[:dim]
    norm = math.sqrt(sum(v * v for v in values)) or 1.0
    return [v / norm for v in values]


def _lower(headers: Any) -> dict[str, str]:
    return {str(key).lower(): str(value) for key, value in headers.items()}


def _is_tokens(raw: list[Any]) -> bool:
    return all(isinstance(x, int) for x in raw)


def _tool_name(request: dict[str, Any]) -> str:
    choice = request.get("tool_choice")
    if isinstance(choice, dict):
        return str(choice.get("function", {}).get("name", ""))
    return str(request["tools"][0]["function"]["name"])


def _error(code: int, message: str, kind: str) -> tuple[int, dict[str, str], bytes]:
    body = {"error": {"message": message, "type": kind, "param": None, "code": kind}}
    return code, {}, json.dumps(body).encode()


def _make_handler(stub: OpenAIStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, like the real API

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output clean

        def _body(self) -> tuple[str, Any]:
            length = int(self.headers.get("content-length") or 0)
            text = self.rfile.read(length).decode("utf-8", "replace") if length else ""
            try:
                return text, json.loads(text) if text else None
            except json.JSONDecodeError:
                return text, None

        def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
            try:
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (e.g. its deadline passed while we stalled)

        def do_GET(self) -> None:
            stub._record(RecordedRequest("GET", self.path, _lower(self.headers), "", None))
            if self.path.rstrip("/").endswith("/models"):
                self._send(*stub.handle_models())
            else:
                self._send(*_error(404, f"no route {self.path}", "not_found"))

        def do_POST(self) -> None:
            text, payload = self._body()
            stub._record(RecordedRequest("POST", self.path, _lower(self.headers), text, payload))
            if not isinstance(payload, dict):
                self._send(*_error(400, "body must be a JSON object", "invalid_request"))
            elif self.path.endswith("/chat/completions"):
                self._send(*stub.handle_chat(payload))
            elif self.path.endswith("/embeddings"):
                self._send(*stub.handle_embeddings(payload))
            else:
                self._send(*_error(404, f"no route {self.path}", "not_found"))

    return Handler
