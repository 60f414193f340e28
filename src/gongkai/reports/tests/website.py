"""A government website on this machine for the tests that fetch reports: ``http.server`` in a thread.

>>> with website({"/ndbg.html": Page("text/html", b"...")}) as base:
...     audit_url(base + "/ndbg.html")
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Page:
    content_type: str
    body: bytes
    status: int = 200
    delay: float = 0.0  # seconds before answering: a slow website
    headers: tuple[tuple[str, str], ...] = ()


@contextmanager
def website(pages: dict[str, Page]) -> Iterator[str]:
    """Serve ``pages`` (path → page) on 127.0.0.1; yields the base address. Unknown paths answer 404."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            page = pages.get(self.path, Page("text/plain", b"not found", status=404))
            if page.delay:
                time.sleep(page.delay)
            try:
                self.send_response(page.status)
                self.send_header("Content-Type", page.content_type)
                self.send_header("Content-Length", str(len(page.body)))
                for name, value in page.headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(page.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
