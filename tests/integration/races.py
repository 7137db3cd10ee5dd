"""Running work on several threads at once (each with its own database connection) for the
PostgreSQL race tests: all start together at a barrier; results and errors come back to the test."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections


def race(workers: list[Callable[[], Any]]) -> tuple[list[Any], list[BaseException]]:
    """Run every worker on its own thread, released together; returns (results, errors)."""
    start = threading.Barrier(len(workers), timeout=30)
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(work: Callable[[], Any]) -> None:
        try:
            start.wait()
            results.append(work())
        except BaseException as exc:  # surfaced in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(work,)) for work in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors
