"""Helpers for tests, the demo and the benchmark: valid identifiers, a dealer, staff, an application.

Not used by production code. Identifiers are generated valid (GB 11643 check character, GB 32100
check character, ISO 3779 check digit) so each test states only what it varies.
"""

from __future__ import annotations

import itertools
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from stdnum.cn import ric, uscc

from autolend.vehicles.vin import make_vin

AS_OF = date(2025, 3, 3)  # a Monday; both demo new-car versions' rules apply as of 2024-07-01
CONSENT = {"text": "本人授权贵司向征信机构查询本人信用报告。", "text_version": "2025.1"}
_serial = itertools.count(1)
_model_dir: Path | None = None


def resident_id(birth: str = "19850715", sequence: str = "013", region: str = "310101") -> str:
    """A valid 18-character resident ID; ``sequence`` (3 digits) drives the simulators:
    97x thin bureau file, 96x poor file, 95x bureau down, 98x identity error, 99x identity mismatch."""
    body = f"{region}{birth}{sequence}"
    return body + ric.calc_check_digit(body + "0")


def unique_resident_id(birth: str = "19850715", region: str = "310101") -> str:
    """A resident ID not handed out before in this process (ordinary sequence codes 100–899)."""
    n = next(_serial)
    return resident_id(birth, f"{100 + n % 800:03d}", f"{region[:2]}{(n // 800) % 100:02d}{region[4:]}")


def vin(serial: int | None = None, year: int = 2025) -> str:
    """A valid VIN (SAIC Volkswagen WMI), unique per ``serial``."""
    number = next(_serial) if serial is None else serial
    return make_vin("LSV", "AU218", year, "N", f"{number % 1_000_000:06d}")


def uscc_code(n: int) -> str:
    body = f"9111000060{n:07d}"[:17]
    return body + uscc.calc_check_digit(body)


def dealer(name: str = "Demo Motors", n: int | None = None) -> Any:
    from autolend.parties.services import dealer_register

    number = next(_serial) if n is None else n
    return dealer_register(name=f"{name} {number}", uscc=uscc_code(number), bank_account_name=name,
                           bank_account_number=f"62220200{number:08d}", bank_name="ICBC")


def user(username: str, role: str) -> Any:
    from autolend.identity.models import User

    found, _created = User.objects.get_or_create(username=username, defaults={"role": role})
    return found


def applicant(**changes: Any) -> dict[str, Any]:
    values = {"name": "王芳", "resident_id": unique_resident_id(), "mobile": f"139{next(_serial) % 10**8:08d}",
              "monthly_income": "20000", "employment_years": "5"}
    values.update(changes)
    return values


def vehicle_fields(**changes: Any) -> dict[str, Any]:
    values = {"vin": vin(), "vehicle_make": "大众", "vehicle_model": "朗逸", "vehicle_year": 2025,
              "vehicle_condition": "new", "vehicle_price": "150000", "down_payment": "45000", "amount": "105000",
              "term_months": 36}
    values.update(changes)
    return values


def submit(*, product_code: str = "NEWCAR", dealer_row: Any = None, channel: str = "dealer_portal",
           as_of: date = AS_OF, applicant_changes: dict[str, Any] | None = None, **fields: Any) -> Any:
    """Register an applicant, consent, check identity, create and decide an application."""
    from autolend.origination.services import application_intake

    return application_intake(applicant=applicant(**(applicant_changes or {})), consent=CONSENT,
                              product_code=product_code, fields=vehicle_fields(**fields), channel=channel,
                              dealer=dealer_row, as_of=as_of)


def shared_model_dir() -> Path:
    """One model registry directory per test process: the models are trained once."""
    global _model_dir
    if _model_dir is None:
        _model_dir = Path(tempfile.mkdtemp(prefix="autolend-test-models-"))
    return _model_dir


def configure(settings: Any, tmp_path: Path) -> None:
    """Point a test's settings at the shared model registry and its own document directory."""
    settings.AUTOLEND_MODEL_DIR = str(shared_model_dir())
    settings.AUTOLEND_DOCUMENTS_DIR = str(tmp_path / "documents")


def seed_catalogue() -> None:
    """The demo catalogue and policy v1 (transactional tests flush what data migrations wrote)."""
    import importlib

    from django.apps import apps

    from autolend.products.demo import products_seed_demo

    products_seed_demo()
    importlib.import_module("autolend.decisioning.migrations.0003_policy_v1").add_policy(apps, None)
