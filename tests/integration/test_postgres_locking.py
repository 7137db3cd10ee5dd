"""Two workers locking the same row with NOWAIT: exactly one gets it, the other fails at once.

This is the guarantee our services rely on (`select_for_update` inside `atomic()`), checked on
real PostgreSQL with two threads, each on its own connection. SQLite has no row locks.
"""

from __future__ import annotations

import threading

import pytest
from django.db import DatabaseError, connections, transaction

from autolend.identity.models import User

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_select_for_update_nowait_lets_exactly_one_worker_in() -> None:
    user = User.objects.create_user(username="contended", password="x")
    both_in_transaction = threading.Barrier(2, timeout=10)
    both_tried = threading.Barrier(2, timeout=10)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with transaction.atomic():
                both_in_transaction.wait()
                try:
                    User.objects.select_for_update(nowait=True).get(pk=user.pk)
                    outcomes.append("locked")
                except DatabaseError:
                    outcomes.append("refused")
                finally:
                    both_tried.wait()  # the winner holds its lock until the loser has tried
        except DatabaseError:
            pass  # the loser's transaction is aborted; leaving atomic() rolls it back
        except BaseException as exc:  # surfaced in the main thread below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert not errors, errors
    assert sorted(outcomes) == ["locked", "refused"]
