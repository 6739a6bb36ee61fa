"""uvicorn's HTTP protocol with Nagle's algorithm off on every connection it serves.

asyncio sets TCP_NODELAY only on connections from a socket whose protocol number is
IPPROTO_TCP. The sockets `serve --workers N` listens on (uvicorn's own, and the one
`web/handoff.py` binds) leave it at 0, and then every keep-alive response after the first
waits about 40 ms for the client's delayed ACK (uvicorn issue #3149, open as of uvicorn
0.54). Setting the option on each connection fixes it whoever bound the socket.
"""

from __future__ import annotations

import asyncio
import socket
from contextlib import suppress

from uvicorn.protocols.http.auto import AutoHTTPProtocol


class NoDelayHTTPProtocol(AutoHTTPProtocol):  # type: ignore[misc,valid-type]
    """uvicorn's own HTTP protocol (httptools when installed, else h11), without Nagle."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Turn Nagle's algorithm off on a TCP connection, then carry on as uvicorn does."""
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            with suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
