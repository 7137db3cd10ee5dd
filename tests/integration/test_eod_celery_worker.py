"""EOD on a real Celery worker over RabbitMQ, as production runs it, posts the same books as eager.

Needs PostgreSQL (the worker process reads the test database the test commits to) and a broker
(AUTOLEND_TEST_BROKER, default amqp://guest:guest@127.0.0.1:5672//); skipped without a broker.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core.management import call_command
from tests.integration.eod_fixtures import (
    books,
    ledger_balanced,
    scenario_book,
    subledger_differences,
)

from autolend.config.celery import app
from autolend.servicing.eod import eod_run

pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

BROKER = os.environ.get("AUTOLEND_TEST_BROKER", "amqp://guest:guest@127.0.0.1:5672//")
ROOT = Path(__file__).resolve().parents[2]
FIRST, LAST = date(2024, 1, 10), date(2024, 1, 14)


def _broker_reachable() -> bool:
    url = urlparse(BROKER)
    try:
        with socket.create_connection((url.hostname or "127.0.0.1", url.port or 5672), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def celery_worker() -> Iterator[None]:
    """A worker process with two pool processes on a queue of this test; the app sends to it."""
    if not _broker_reachable():
        pytest.skip(f"no broker at {BROKER}")
    queue = f"test-eod-{uuid.uuid4().hex[:8]}"
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "AUTOLEND_CELERY_BROKER": BROKER, "PYTHONPATH": str(ROOT / "src")}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "--quiet", "-A", "autolend.config", "worker", "-c", "2", "-Q", queue, "-n", f"{queue}@test",
         "--loglevel=warning", "--without-gossip", "--without-mingle"],
        env=env, cwd=ROOT,
    )
    # The Django settings' CELERY_* names win over plain ones: switch those, and drop the broker
    # connection pool and result backend made for the old settings by earlier tests.
    saved = {k: app.conf[k] for k in ("CELERY_TASK_ALWAYS_EAGER", "CELERY_BROKER_URL", "task_default_queue")}
    try:
        app.conf.update(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=BROKER, task_default_queue=queue)
        _reconnect()
        deadline = time.monotonic() + 60
        while not app.control.ping(destination=[f"{queue}@test"], timeout=1.0):
            assert worker.poll() is None and time.monotonic() < deadline, "the Celery worker did not start"
        yield
    finally:
        app.conf.update(saved)
        _reconnect()
        worker.terminate()
        worker.wait(timeout=60)


def _reconnect() -> None:
    app._pool = None  # noqa: SLF001 - Celery keeps them until its configuration is reread
    app._backend_cache = None  # noqa: SLF001
    vars(app._local).pop("backend", None)  # noqa: SLF001
    app.amqp._producer_pool = None  # noqa: SLF001


def test_units_on_worker_processes_post_the_same_books_as_eager(celery_worker: None) -> None:
    call_command("flush", interactive=False, verbosity=0)
    scenario_book()
    eod_run(FIRST, LAST, partitions=3, chunk=2)  # on the worker
    assert ledger_balanced() and not subledger_differences()
    on_workers = books()

    call_command("flush", interactive=False, verbosity=0)
    scenario_book()
    app.conf.update(CELERY_TASK_ALWAYS_EAGER=True)
    eod_run(FIRST, LAST, partitions=3, chunk=2)  # in this process
    assert books() == on_workers
