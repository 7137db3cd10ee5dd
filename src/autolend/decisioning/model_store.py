"""The PD models the engine uses: a file registry under ``$AUTOLEND_HOME/var/models``.

``decision_model_ensure()`` makes sure the registry has a champion (the optbinning scorecard) and
a challenger (the monotone LightGBM) for ``MODEL_NAME``; when it has none, both are trained on
the synthetic application book (``risk.synthetic``, ``TRAINING_ROWS`` rows, seed
``TRAINING_SEED``: the same models every time) and published. It runs on first use, so a fresh
install decides at once; a risk team replaces the champion with ``ModelRegistry.set_role``.
Loaded models are cached per process by version (a registry artifact is immutable: its hash is
checked on load); the roles file is read on each call, so a promotion takes effect at once.
"""

from __future__ import annotations

import fcntl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings

from autolend.decisioning.engine.scoring import VersionedModel
from autolend.risk.registry import ModelCard, ModelRegistry

MODEL_NAME = "auto-pd"
TRAINING_ROWS = 20_000  # ≥ 20,000: trained with a 20 % holdout, calibrated on it
TRAINING_SEED = 2024

_cache: dict[tuple[str, str], VersionedModel] = {}
_cache_lock = threading.Lock()


def model_root() -> Path:
    """The registry directory (setting ``AUTOLEND_MODEL_DIR``, default ``$AUTOLEND_HOME/var/models``)."""
    configured = getattr(settings, "AUTOLEND_MODEL_DIR", "")
    return Path(configured) if configured else Path(settings.AUTOLEND_HOME) / "var" / "models"


def registry() -> ModelRegistry:
    return ModelRegistry(model_root())


@contextmanager
def _exclusive(root: Path) -> Iterator[None]:
    """One trainer at a time across processes (web workers starting together)."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".ensure.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def decision_model_ensure(progress: Callable[[str], None] | None = None) -> dict[str, ModelCard]:
    """The champion's and challenger's cards, training and publishing them first if missing."""
    say = progress or (lambda _message: None)
    reg = registry()
    roles = reg.roles(MODEL_NAME)
    if {"champion", "challenger"} <= set(roles):
        return _cards(reg, roles)
    with _exclusive(reg.root):
        roles = reg.roles(MODEL_NAME)  # another process may have trained while we waited
        missing = [role for role in ("champion", "challenger") if role not in roles]
        if missing:
            from autolend.risk import synthetic
            from autolend.risk.training import TrainingConfig, train

            say(f"training {', '.join(missing)} on {TRAINING_ROWS} synthetic applications (seed {TRAINING_SEED})")
            book = synthetic.synthetic_book(TRAINING_ROWS, TRAINING_SEED)
            columns = [*synthetic.FEATURES, synthetic.TARGET]
            created = datetime.now(UTC).replace(microsecond=0)  # the shell reads the clock
            for role in missing:
                kind = "scorecard" if role == "champion" else "gbm"
                model = train(book[columns], synthetic.TARGET, name=MODEL_NAME,
                              config=TrainingConfig(kind=kind, seed=TRAINING_SEED))
                card = reg.publish(model, created=created)
                reg.set_role(MODEL_NAME, card.version, role)
                say(f"published {MODEL_NAME} v{card.version} ({kind}) as {role}: AUC {card.metrics.get('auc')}")
        return _cards(reg, reg.roles(MODEL_NAME))


def _cards(reg: ModelRegistry, roles: dict[str, str]) -> dict[str, ModelCard]:
    return {role: next(c for c in reg.cards(MODEL_NAME) if c.version == version) for role, version in roles.items()}


def model_version(name: str, version: str) -> VersionedModel:
    """A registry version, loaded once per process (hash-checked)."""
    key = (str(model_root()), f"{name}/{version}")
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    loaded = VersionedModel(registry().load(name, version), version)
    with _cache_lock:
        _cache.setdefault(key, loaded)
        return _cache[key]


def decision_models() -> tuple[VersionedModel, VersionedModel | None]:
    """The champion and the challenger (None when there is none), ensuring them on first use."""
    roles = registry().roles(MODEL_NAME)
    if "champion" not in roles:
        decision_model_ensure()
        roles = registry().roles(MODEL_NAME)
    champion = model_version(MODEL_NAME, roles["champion"])
    challenger = model_version(MODEL_NAME, roles["challenger"]) if "challenger" in roles else None
    return champion, challenger


def model_cache_clear() -> None:
    with _cache_lock:
        _cache.clear()


def card_summary(card: ModelCard) -> dict[str, Any]:
    return {"name": card.name, "version": card.version, "kind": card.kind, "created": card.created,
            "auc": card.metrics.get("auc"), "data_hash": card.data_hash}
