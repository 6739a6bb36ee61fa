"""`serve --workers N`: one process accepts connections and hands them to N in turn.

uvicorn's own workers share the listening socket. When clients open connections at the
same moment (a load test's 8, a browser's 6), the first worker to wake accepts all that
are waiting, and a kept-alive connection stays with the worker that took it: splits of
6:2 and 7:1 across two workers were common (bench/web.py), and the crowded worker's
pages waited on each other while the other had little to do. Here the parent process
accepts every connection and passes it, round robin, over a Unix socket (SCM_RIGHTS) to
the workers, which run uvicorn without a listening socket of their own. Where file
descriptors cannot be passed (Windows), `serve` keeps uvicorn's workers.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import multiprocessing
import selectors
import signal
import socket
import time
from dataclasses import dataclass
from types import FrameType
from typing import TYPE_CHECKING, Any

import uvicorn

from infointerview.errors import BadInput
from infointerview.web.nodelay import NoDelayHTTPProtocol

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

# How long the workers get to finish their requests once asked to stop.
STOP_SECONDS = 10
# How often the parent looks at its workers when no connection arrives.
CHECK_SECONDS = 0.5
# Connections accepted in one go before the parent looks at its workers again.
BATCH = 64
# What a worker sends on its channel once it serves.
READY = b"r"


def available() -> bool:
    """True where connections can be passed between processes (not on Windows)."""
    return hasattr(socket, "send_fds") and hasattr(socket, "AF_UNIX")


@dataclass
class _Worker:
    process: BaseProcess
    channel: socket.socket
    ready: bool = False


def run(*, listener: socket.socket, workers: int, app: str) -> None:
    """Serve the uvicorn factory ``app`` with ``workers`` processes until interrupted.

    ``listener`` is a bound, listening socket; every connection it accepts goes to the
    next worker that is ready, in turn. A worker that dies once serving is started
    again. SIGINT or SIGTERM stops accepting, lets the workers finish their requests
    and returns.

    Raises:
        BadInput: when a worker dies before it is ready (another would only do the same).
    """
    context = multiprocessing.get_context("spawn")
    stop: list[int] = []

    def _stop(signum: int, _frame: FrameType | None) -> None:
        stop.append(signum)

    pool: list[_Worker] = []
    selector = selectors.DefaultSelector()
    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        pool.extend(_start(context, app, selector) for _ in range(workers))
        listener.setblocking(False)
        selector.register(listener, selectors.EVENT_READ)
        turn = 0
        while not stop:
            for key, _ in selector.select(CHECK_SECONDS):
                if key.fileobj is listener:
                    turn = _hand_out(listener, pool, turn)
                else:
                    _hear_from(key.data, selector)
            for index, worker in enumerate(pool):
                if worker.process.is_alive() or stop:
                    continue
                if not worker.ready:
                    raise BadInput(
                        "a worker process stopped before it could serve (its error is "
                        "above); `serve --workers 1` shows what goes wrong"
                    )
                _forget(worker, selector)
                pool[index] = _start(context, app, selector)
    finally:
        selector.close()
        listener.close()
        _stop_all(pool)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _start(context: Any, app: str, selector: selectors.BaseSelector) -> _Worker:
    mine, theirs = socket.socketpair()
    # Ctrl+C reaches every process in the terminal's group: a worker still importing
    # would die of it with a traceback. It ignores it until uvicorn handles it; the
    # parent stops the workers itself.
    interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        process = context.Process(target=_worker_main, args=(theirs, app), name="infointerview")
        process.start()
    finally:
        signal.signal(signal.SIGINT, interrupt)
    theirs.close()
    # Never wait on one worker: a full channel passes the connection to the next.
    mine.setblocking(False)
    worker = _Worker(process=process, channel=mine)
    selector.register(mine, selectors.EVENT_READ, worker)
    return worker


def _hear_from(worker: _Worker, selector: selectors.BaseSelector) -> None:
    """Read what ``worker`` said on its channel: that it is ready, or nothing (it ended)."""
    try:
        said = worker.channel.recv(16)
    except (BlockingIOError, InterruptedError):
        return
    except OSError:
        said = b""
    if READY in said:
        worker.ready = True
    if not said:
        _forget(worker, selector)


def _forget(worker: _Worker, selector: selectors.BaseSelector) -> None:
    with contextlib.suppress(KeyError, ValueError):
        selector.unregister(worker.channel)
    worker.channel.close()


def _hand_out(listener: socket.socket, pool: list[_Worker], turn: int) -> int:
    """Accept the waiting connections, each to the next ready worker; return the turn."""
    for _ in range(BATCH):
        try:
            connection, _ = listener.accept()
        except (BlockingIOError, InterruptedError):
            return turn
        except OSError as error:
            if error.errno in (errno.EMFILE, errno.ENFILE):
                # Out of file descriptors: leave the rest waiting a moment.
                time.sleep(CHECK_SECONDS / 10)
                return turn
            continue  # one that the client gave up on already
        with connection:
            # Workers still starting get connections only when none is ready.
            ready = [worker for worker in pool if worker.ready] or pool
            for _ in range(len(ready)):
                worker = ready[turn % len(ready)]
                turn += 1
                try:
                    socket.send_fds(worker.channel, [b"c"], [connection.fileno()])
                    break
                except OSError:
                    # A worker that just died (run() starts another), or one too busy to
                    # take more: the next one gets it.
                    continue
    return turn


def _stop_all(pool: list[_Worker]) -> None:
    for worker in pool:
        # A closed channel tells the worker to stop; SIGTERM too, in case it is busy.
        worker.channel.close()
        if worker.process.is_alive():
            with contextlib.suppress(ProcessLookupError):
                worker.process.terminate()
    deadline = time.monotonic() + STOP_SECONDS
    for worker in pool:
        worker.process.join(max(0.0, deadline - time.monotonic()))
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()


def _worker_main(channel: socket.socket, app: str) -> None:
    """A worker process: serve the connections ``channel`` hands over until it closes."""
    config = uvicorn.Config(app, factory=True, log_level="warning", http=NoDelayHTTPProtocol)
    HandedServer(config, channel).run(sockets=[])


class HandedServer(uvicorn.Server):
    """uvicorn's server, taking its connections from a channel instead of a socket."""

    def __init__(self, config: uvicorn.Config, channel: socket.socket) -> None:
        """Serve ``config``'s app on the connections ``channel`` passes."""
        super().__init__(config)
        self._channel = channel

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        """Start the app as uvicorn does, listening on nothing; then read the channel."""
        await super().startup(sockets=[])
        if self.should_exit:
            return
        loop = asyncio.get_running_loop()
        self._channel.setblocking(False)
        loop.add_reader(self._channel.fileno(), self._take, loop)
        with contextlib.suppress(OSError):
            self._channel.send(READY)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """Take no more connections, then finish the open ones as uvicorn does."""
        loop = asyncio.get_running_loop()
        with contextlib.suppress(ValueError, OSError):
            loop.remove_reader(self._channel.fileno())
        self._channel.close()
        await super().shutdown(sockets=[])

    def _take(self, loop: asyncio.AbstractEventLoop) -> None:
        while True:
            try:
                data, fds, _, _ = socket.recv_fds(self._channel, 16, 16)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                data, fds = b"", []
            if not data and not fds:
                # The parent closed the channel: it is stopping.
                loop.remove_reader(self._channel.fileno())
                self.should_exit = True
                return
            for fd in fds:
                connection = socket.socket(fileno=fd)
                connection.setblocking(False)
                loop.create_task(self._serve_connection(loop, connection))

    async def _serve_connection(
        self, loop: asyncio.AbstractEventLoop, connection: socket.socket
    ) -> None:
        def _protocol() -> asyncio.Protocol:
            # What uvicorn's own startup builds for each connection.
            protocol: asyncio.Protocol = self.config.http_protocol_class(  # type: ignore[call-arg]
                config=self.config,
                server_state=self.server_state,
                app_state=self.lifespan.state,
                _loop=loop,
            )
            return protocol

        try:
            await loop.connect_accepted_socket(_protocol, connection)
        except OSError:
            connection.close()
