"""A webhook receiver on 127.0.0.1 for notification tests: apprise's json:// posts land here."""

from __future__ import annotations

import http.server
import json
import threading
from typing import Any


class Receiver:
    def __init__(self) -> None:
        received: list[dict[str, Any]] = []
        self.received = received
        # Each post's path, in the order of `received`: where a templated URL sent it.
        paths: list[str] = []
        self.paths = paths

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                paths.append(self.path)
                received.append(json.loads(self.rfile.read(length)))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.server.server_port}/"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
