"""Closing the fault proxy while clients are connecting leaks no socket.

Python 3.11 finishes each accepted connection in a task of its own; one that ran after the
server closed failed and left its socket open, found later by the garbage collector as a
ResourceWarning in whichever test ran then.
"""

from __future__ import annotations

import gc
import socket
import threading
import warnings

from sensus.trial.faultproxy import running_proxy


def connect_until(
    stop: threading.Event, address: tuple[str, int], clients: list[socket.socket]
) -> None:
    """Open connections to ``address`` as fast as possible until ``stop`` or a refusal."""
    while not stop.is_set():
        client = socket.socket()
        try:
            client.connect(address)
        except OSError:
            client.close()
            return
        clients.append(client)


def test_closing_while_clients_connect_leaks_no_socket() -> None:
    with socket.socket() as upstream:
        upstream.bind(("127.0.0.1", 0))
        upstream.listen(64)
        port = upstream.getsockname()[1]
        for _ in range(8):
            clients: list[socket.socket] = []
            stop = threading.Event()
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                with running_proxy("127.0.0.1", port) as proxy:
                    address = ("127.0.0.1", int(proxy.url.rsplit(":", 1)[1]))
                    threads = [
                        threading.Thread(target=connect_until, args=(stop, address, clients))
                        for _ in range(4)
                    ]
                    for thread in threads:
                        thread.start()
                    stop.set()  # the proxy closes while the last connections arrive
                for thread in threads:
                    thread.join()
                gc.collect()
            for client in clients:
                client.close()
            leaked = [w for w in caught if issubclass(w.category, ResourceWarning)]
            assert leaked == [], leaked[0].message
