"""The per-process cache of the versions in force (autolend/refcache.py): read outside a
transaction, answered without a query, emptied by a write in this process, bypassed inside a
transaction, off with 0 seconds, expired after its seconds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from autolend import refcache
from autolend.decisioning.models import PolicyVersion
from autolend.decisioning.selectors import policy_in_force
from autolend.origination import testing as t
from autolend.products.models import RegulatoryCap
from autolend.products.selectors import product_version_effective, regulatory_caps_in_force

pytestmark = pytest.mark.django_db(transaction=True)  # the cache serves only reads outside a transaction


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> Any:
    t.configure(settings, tmp_path)
    settings.AUTOLEND_REFERENCE_CACHE_SECONDS = 60
    t.seed_catalogue()
    refcache.refcache_clear()
    yield
    refcache.refcache_clear()


def _queries(read: Any) -> tuple[Any, int]:
    with CaptureQueriesContext(connection) as captured:
        value = read()
    return value, len(captured.captured_queries)


def test_a_second_read_outside_a_transaction_runs_no_query() -> None:
    first, n1 = _queries(lambda: (product_version_effective("NEWCAR", t.AS_OF), policy_in_force(t.AS_OF),
                                  regulatory_caps_in_force(t.AS_OF)))
    second, n2 = _queries(lambda: (product_version_effective("NEWCAR", t.AS_OF), policy_in_force(t.AS_OF),
                                   regulatory_caps_in_force(t.AS_OF)))
    assert n1 == 3 and n2 == 0
    assert second[0].pk == first[0].pk and second[1].pk == first[1].pk and second[2] == first[2]


def test_a_write_in_this_process_is_seen_at_once() -> None:
    v1 = policy_in_force(t.AS_OF)
    assert v1 is not None and v1.version == 1
    PolicyVersion.objects.filter(pk=v1.pk).update(effective_to=t.AS_OF)  # no signal: still cached
    assert policy_in_force(t.AS_OF).version == 1
    PolicyVersion.objects.create(version=2, effective_from=t.AS_OF, rules=v1.rules, note="test",
                                 created_at=timezone.now())  # post_save empties the cache
    assert policy_in_force(t.AS_OF).version == 2
    caps = len(regulatory_caps_in_force(t.AS_OF))
    RegulatoryCap.objects.create(kind="max_term_months", scope="test_scope", value=12, effective_from=t.AS_OF,
                                 source="test")
    assert len(regulatory_caps_in_force(t.AS_OF)) == caps + 1


def test_reads_inside_a_transaction_always_ask_the_database() -> None:
    product_version_effective("NEWCAR", t.AS_OF)
    with transaction.atomic():
        _, n = _queries(lambda: product_version_effective("NEWCAR", t.AS_OF))
    assert n == 1


def test_zero_seconds_turns_it_off_and_entries_expire(settings: Any, monkeypatch: Any) -> None:
    settings.AUTOLEND_REFERENCE_CACHE_SECONDS = 0
    policy_in_force(t.AS_OF)
    assert _queries(lambda: policy_in_force(t.AS_OF))[1] == 1
    settings.AUTOLEND_REFERENCE_CACHE_SECONDS = 5
    clock = [1000.0]
    monkeypatch.setattr(refcache.time, "monotonic", lambda: clock[0])
    policy_in_force(t.AS_OF)
    clock[0] += 4.9
    assert _queries(lambda: policy_in_force(t.AS_OF))[1] == 0
    clock[0] += 0.2
    assert _queries(lambda: policy_in_force(t.AS_OF))[1] == 1
