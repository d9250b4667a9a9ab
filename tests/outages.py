"""Real services that a test owns, and can stop and start again: the faults of test_faults.py.

Nothing here touches the machine's shared PostgreSQL or Redis: the Redis server is the test's
own process on a free port, and PostgreSQL goes away behind a TCP relay that the test closes.
"""

import contextlib
import shutil
import socket
import subprocess
import threading
import time

from bench.load import free_port


def wait_for_port(port, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing answers on 127.0.0.1:{port}")


def hang_up(sock):
    with contextlib.suppress(OSError):  # the other side may have hung up first
        sock.shutdown(socket.SHUT_RDWR)


class RedisServer:
    """``redis-server`` on a free port, in memory only; ``stop()`` and ``start()`` at will."""

    def __init__(self):
        self.binary = shutil.which("redis-server")
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - Debian's redis-server, our arguments
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class TcpRelay:
    """Forwards a free local port to ``target``; ``cut()`` drops every connection and refuses
    new ones (the server has gone), ``restore()`` listens again on the same port."""

    def __init__(self, target_host, target_port):
        self.target = (target_host, target_port)
        self.port = free_port()
        self.listener = None
        self.sockets = set()
        self.lock = threading.Lock()

    def restore(self):
        self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=True)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def cut(self):
        hang_up(self.listener)  # wakes the blocked accept(): close() alone would not, on Linux
        self.listener.close()
        with self.lock:
            for sock in self.sockets:
                hang_up(sock)
                sock.close()
            self.sockets.clear()

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # cut
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass  # the relay was cut, or one side hung up
        finally:
            hang_up(source)
            hang_up(sink)
