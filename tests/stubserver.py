"""A small HTTP server on 127.0.0.1 for tests that stand in for another service (a
LanguageTool, an older `replycoach serve`). A plain module, not a test module.

Its handlers are joined when it stops, so none outlives its test and writes into a later
test's captured output, and a client that hangs up early is not reported.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class QuietServer(ThreadingHTTPServer):
    daemon_threads = False  # server_close() waits for the handlers to end
    block_on_close = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the client gave up waiting (a timeout test): nothing to report


class QuietHandler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def answer(self, status: int, body: bytes, content_type: str = "application/json"
               ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """The base URL of a server running `handler`, stopped (handlers joined) at the end."""
    server = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
