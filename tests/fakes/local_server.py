"""One HTTP server on 127.0.0.1 (random port) served from a daemon thread: the shared
lifecycle of the test fakes (fake Slack, OpenAI stub)."""

from __future__ import annotations

import threading
from http.server import ThreadingHTTPServer


class LocalServer:
    def __init__(self, name: str) -> None:
        self.name = name
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self, server: ThreadingHTTPServer) -> None:
        server.daemon_threads = True
        self._server = server
        # A short poll keeps stop() (shutdown waits for one poll) fast per test.
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=self.name,
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError(f"{self.name} is not running")
        return int(self._server.server_address[1])
