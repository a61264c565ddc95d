"""The gunicorn worker class ``healthsearch serve`` uses: threads that slow clients cannot hold.

gunicorn's threaded worker (gthread) gives each new connection to a thread, which then waits
for the request: up to 5 s for a first byte, and for ever for the rest of a request head that
stops half way. Two sockets that send only a request line took both threads of a worker (with
sync workers, both workers: issue 16). Here the worker's event loop reads request heads
itself, without blocking, and a thread gets a connection only once its head has arrived:

- an idle connection or an unfinished head costs no thread, only a socket, and is closed after
  ``HEAD_TIMEOUT`` seconds (a kept-alive connection after ``keepalive`` idle seconds);
- a thread that reads (a request body) or writes (a response to a client that stopped
  reading) gives up after ``IO_TIMEOUT`` seconds;
- closing a connection never lingers in the event loop (gunicorn's graceful close waits up to
  2 s there for the client to close its side).

Written against gunicorn 27's ``gthread.ThreadWorker``; tests/faults/test_slow_clients.py
checks it with real sockets against ``healthsearch serve``.
"""

from __future__ import annotations

import contextlib
import errno
import selectors
import socket
import time
from collections import deque
from functools import partial
from typing import Any

from gunicorn import http
from gunicorn.workers.gthread import TConn, ThreadWorker

HEAD_TIMEOUT = 10.0  # seconds from connecting (or from the first byte of a kept-alive one)
IO_TIMEOUT = 20.0  # seconds a thread waits for the client in one read or write
MAX_HEAD = 64 * 1024  # a longer head is refused (gunicorn's own limits are lower in practice)
_TOO_LARGE = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
    b"Connection: close\r\nContent-Length: 0\r\n\r\n"
)


class _Socket(socket.socket):
    """A client socket whose blocking reads and writes (the thread's) give up in time.

    A read that times out returns b"" (gunicorn then treats the client as gone); a write that
    times out raises BrokenPipeError (gunicorn then drops the connection without a traceback).
    """

    def recv(self, size: int, flags: int = 0) -> bytes:
        if super().gettimeout() is not None:  # non-blocking, or gunicorn set its own timeout
            return super().recv(size, flags)
        super().settimeout(IO_TIMEOUT)
        try:
            return super().recv(size, flags)
        except TimeoutError:
            return b""
        finally:
            super().settimeout(None)

    def sendall(self, data: Any, flags: int = 0) -> None:
        self._timed(super().sendall, data, flags)

    def sendfile(self, file: Any, offset: int = 0, count: int | None = None) -> int:
        return int(self._timed(super().sendfile, file, offset, count))

    def _timed(self, send: Any, *args: Any) -> Any:
        if super().gettimeout() is not None:
            return send(*args)
        super().settimeout(IO_TIMEOUT)
        try:
            return send(*args)
        except TimeoutError as exc:
            raise BrokenPipeError(errno.EPIPE, "the client stopped reading") from exc
        finally:
            super().settimeout(None)


class _Conn(TConn):
    head: bytearray

    def close(self, graceful: bool = False) -> None:
        # gunicorn's graceful close lingers up to 2 s for the client to close its side, and it
        # runs in the event loop: one client that keeps its socket open after "Connection:
        # close" would stall every other connection of the worker. Half-close and drain what
        # has already arrived instead, which is what the lingering is for.
        try:
            if graceful:
                self.sock.shutdown(socket.SHUT_WR)
                self.sock.setblocking(False)
                for _ in range(16):
                    if not self.sock.recv(65536):
                        break
        except OSError:
            pass
        finally:
            self.sock.close()


class HeadFirstWorker(ThreadWorker):
    """gthread, except that a thread gets a connection only once its request head arrived."""

    def init_process(self) -> None:
        self.heads: deque[_Conn] = deque()  # connections waiting for a head, oldest first
        super().init_process()

    def accept(self, listener: socket.socket) -> None:
        try:
            client, address = listener.accept()
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        sock = _Socket(client.family, client.type, client.proto, fileno=client.detach())
        self._await_head(_Conn(self.cfg, sock, address, listener.getsockname()))

    def on_client_socket_readable(self, conn: _Conn, client: socket.socket) -> None:
        """A kept-alive connection has more to say: read its next head here too."""
        self.poller.unregister(client)
        self.keepalived_conns.remove(conn)
        self._await_head(conn)

    def _await_head(self, conn: _Conn) -> None:
        conn.head = bytearray()
        conn.timeout = time.monotonic() + HEAD_TIMEOUT
        conn.sock.setblocking(False)
        self.heads.append(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_head_data, conn))

    def _on_head_data(self, conn: _Conn, sock: socket.socket) -> None:
        try:
            data = sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        conn.head += data
        complete = b"\r\n\r\n" in conn.head or b"\n\n" in conn.head
        if data and not complete and len(conn.head) <= MAX_HEAD:
            return  # wait for the rest, without a thread
        self.poller.unregister(sock)
        self.heads.remove(conn)
        if not complete:  # closed half way, or too long
            if data:
                with contextlib.suppress(OSError):
                    sock.send(_TOO_LARGE)
            self.nr_conns -= 1
            conn.close()
            return
        if conn.parser is None:
            conn.parser = http.get_parser(self.cfg, conn.sock, conn.client)
        conn.parser.unreader.unread(bytes(conn.head))
        conn.data_ready = True  # gunicorn need not wait for a first byte
        self.enqueue_req(conn)

    def murder_pending(self) -> None:
        """Close connections whose head did not arrive in time (called once a second)."""
        super().murder_pending()
        now = time.monotonic()
        while self.heads and self.heads[0].timeout <= now:
            conn = self.heads.popleft()
            with contextlib.suppress(OSError, KeyError, ValueError):
                self.poller.unregister(conn.sock)
            self.nr_conns -= 1
            conn.close()
