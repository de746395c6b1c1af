"""Closing the embedded server waits for a transaction still running in a server thread (it crashed the process: SQLite segfault)."""

from __future__ import annotations

import threading

from smarthub_tui.backend.embedded import _closer, embedded_backend


class FakeStore:
    def __init__(self) -> None:
        self._lock = threading.RLock()
        self.closed = threading.Event()

    def close(self) -> None:
        self.closed.set()


def test_close_waits_for_the_running_transaction() -> None:
    store = FakeStore()
    inside, leave = threading.Event(), threading.Event()

    def transaction() -> None:
        with store._lock:
            inside.set()
            leave.wait(10)

    worker = threading.Thread(target=transaction)
    worker.start()
    inside.wait(10)
    closer = threading.Thread(target=_closer(store))
    closer.start()
    closer.join(0.2)
    assert not store.closed.is_set()  # still inside the transaction
    leave.set()
    closer.join(10)
    worker.join(10)
    assert store.closed.is_set()


async def test_the_embedded_backend_closes_its_store_through_the_lock() -> None:
    backend = embedded_backend("default")
    assert (await backend.get_settings()).demo
    await backend.aclose()
