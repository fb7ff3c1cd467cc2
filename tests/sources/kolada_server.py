"""A real HTTP server on loopback that answers each path with a script of responses, in
order (the last one repeats): a 429, a 500, a slow or a malformed answer, as Kolada might."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: bytes = b'{"values": [], "count": 0}'
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Script:
    replies: dict[str, list[Reply]]
    asked: list[str] = field(default_factory=list)


@contextmanager
def scripted(replies: dict[str, list[Reply]]) -> Iterator[tuple[str, Script]]:
    """Serve ``replies`` (by path, query included); yield the base URL ``…/v2`` and the script,
    whose ``asked`` lists every path requested."""
    script = Script(replies)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            script.asked.append(self.path)
            queue = script.replies.get(self.path) or [Reply(404, b'{"error": "not found"}')]
            reply = queue.pop(0) if len(queue) > 1 else queue[0]
            time.sleep(reply.delay)
            try:
                self.send_response(reply.status)
                for name, value in {
                    "Content-Length": str(len(reply.body)),
                    **reply.headers,
                }.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout): nothing to answer

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v2", script
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
