"""Slow, idle and hostile clients against ``healthsearch serve``: none may stall the others.

Before issue 16, two sockets that sent only a request line held both sync workers until
gunicorn killed them (about 60 s), and repeating it kept the service down.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import requests

from search_app import http_worker
from search_app.http_worker import HEAD_TIMEOUT
from tests.faults.conftest import Server, record

# Far above a healthy /healthz (milliseconds), far below a stall (10 s and more).
QUICK = 2.0


@contextmanager
def sockets(server: Server, count: int, send: bytes = b"") -> Iterator[list[socket.socket]]:
    opened = []
    try:
        for _ in range(count):
            sock = socket.create_connection(("127.0.0.1", server.port), timeout=30)
            if send:
                sock.sendall(send)
            opened.append(sock)
        time.sleep(0.3)  # let the server accept them all
        yield opened
    finally:
        for sock in opened:
            sock.close()


def closed_by_server(sock: socket.socket, within: float) -> bool:
    sock.settimeout(within)
    try:
        while sock.recv(4096):
            pass
        return True
    except TimeoutError:
        return False
    except OSError:
        return True


def test_two_sockets_that_send_only_a_request_line_do_not_stall_the_server(
    server: Server,
) -> None:
    with sockets(server, 2, b"GET / HTTP/1.1\r\n"):
        assert server.healthz_seconds() < QUICK


def test_hundreds_of_slow_clients_at_once_do_not_stall_the_server(server: Server) -> None:
    stop = threading.Event()
    lifetimes: list[float] = []

    def trickle() -> None:  # slowloris: a header line every half second, never the end
        started = time.monotonic()
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
                sock.sendall(b"GET / HTTP/1.1\r\n")
                while not stop.wait(0.5):
                    sock.sendall(b"X-a: b\r\n")
        except OSError:
            lifetimes.append(time.monotonic() - started)

    trickles = [threading.Thread(target=trickle) for _ in range(32)]
    for thread in trickles:
        thread.start()
    # A response nobody reads, with a tiny receive window.
    unread = b"GET /files/first-steps-2010.pdf HTTP/1.1\r\nHost: x\r\n\r\n"
    try:
        with (
            sockets(server, 200) as idle,
            sockets(server, 64, b"GET /?q=health HTTP/1.1\r\nHost: x\r\n") as half_sent,
            # "Connection: close" answered, but the client keeps its side open: gunicorn 27
            # lingered up to 2 s per such connection in the worker's event loop.
            sockets(server, 20, b"GET /healthz HTTP/1.0\r\n\r\n"),
            sockets(server, 16) as not_reading,
        ):
            for sock in not_reading:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
                sock.sendall(unread)
            time.sleep(0.5)
            seconds = [server.healthz_seconds() for _ in range(5)]
            assert max(seconds) < QUICK
            search = requests.get(server.base + "/?q=child+poverty", timeout=QUICK * 5)
            assert search.ok
            # Each slow client is hung up on once its request head is overdue.
            assert all(closed_by_server(s, HEAD_TIMEOUT + 5) for s in idle + half_sent)
    finally:
        # A trickle the listen backlog held back started its clock late: give every one its
        # full head timeout before stopping the rest.
        deadline = time.monotonic() + HEAD_TIMEOUT + 5
        while len(lifetimes) < len(trickles) and time.monotonic() < deadline:
            time.sleep(0.1)
        stop.set()
        for thread in trickles:
            thread.join()
    assert len(lifetimes) == len(trickles)
    assert max(lifetimes) < HEAD_TIMEOUT + 3
    record(
        "slow clients at once (200 idle, 64 half-sent heads, 32 slowloris, 20 unclosed, "
        "16 not reading), /healthz",
        f"at most {max(seconds):.3f} s",
    )


def test_a_thread_gives_up_on_a_client_that_stops_reading_or_sending(monkeypatch) -> None:
    monkeypatch.setattr(http_worker, "IO_TIMEOUT", 0.5)
    ours, theirs = socket.socketpair()
    with ours, theirs:
        sock = http_worker._Socket(fileno=ours.detach())
        with sock:
            sock.setblocking(True)
            started = time.monotonic()
            assert sock.recv(100) == b""  # read as if the client had gone
            with pytest.raises(BrokenPipeError):
                sock.sendall(b"x" * 50_000_000)  # far more than the socket buffers hold
            assert time.monotonic() - started < 5


def test_pipelined_and_kept_alive_requests_are_still_served(server: Server) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" * 3)
        received = b""
        while received.count(b"HTTP/1.1 200") < 3:
            received += sock.recv(65536)
    with requests.Session() as session:
        assert all(session.get(server.base + "/healthz", timeout=5).ok for _ in range(5))


def test_pdf_files_are_served_with_a_content_security_policy(server: Server) -> None:
    response = requests.get(server.base + "/files/first-steps-2010.pdf", timeout=10)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'self'" in policy
    page = requests.get(server.base + "/documents/first-steps-2010", timeout=10)
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
