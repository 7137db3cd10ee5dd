"""Model year from position 10: the 30-year cycle, position 7 in North America, a reference year."""

from __future__ import annotations

import pytest

from autolend.vehicles.vin import make_vin, model_year, model_year_candidates, vin_check, year_code


def test_year_codes_cycle_every_30_years_without_i_o_q_u_z_0() -> None:
    assert year_code(1980) == year_code(2010) == "A"
    assert year_code(2000) == "Y" and year_code(2001) == "1" and year_code(2009) == "9"
    assert year_code(2024) == "R" and year_code(2025) == "S" and year_code(2026) == "T"
    codes = {year_code(y) for y in range(1980, 2010)}
    assert len(codes) == 30 and not codes & set("IOQUZ0")


def test_north_america_position_7_settles_the_cycle() -> None:
    assert model_year_candidates("1M8GDM9AXKP042788") == (1989,)  # position 7 "9": 1980-2009
    assert model_year_candidates("5YJ3F7EA2LF656311") == (2020,)  # position 7 "E": 2010-2039
    assert model_year("1M8GDM9AXKP042788") == 1989


def test_elsewhere_both_candidates_without_a_reference_year() -> None:
    vin = make_vin("LGX", "CE4CB", 2022, "A", "000001")
    report = vin_check(vin)
    assert report["model_year"] is None
    assert report["model_year_candidates"] == [1992, 2022]
    assert "model_year_ambiguous" in [w["code"] for w in report["warnings"]]


@pytest.mark.parametrize(
    ("reference_year", "expected"),
    [(2025, 2022), (2021, 2022), (2020, 1992), (1991, 1992), (1990, None), (2060, 2022)],
)
def test_a_reference_year_picks_the_most_recent_candidate_not_after_next_year(
    reference_year: int, expected: int | None
) -> None:
    vin = make_vin("LSV", "AB2AZ", 2022, "2", "123456")
    assert model_year(vin, reference_year) == expected


def test_a_non_year_code_in_position_10_is_an_error_in_china_and_a_warning_in_europe() -> None:
    chinese = "LGXCE4CB0U0000001"
    german = "WVWZZZ1KZ0U000001"
    cn, de = vin_check(chinese), vin_check(german)
    assert "invalid_year_code" in [e["code"] for e in cn["errors"]]
    assert de["model_year"] is None and de["model_year_candidates"] == []
    assert "year_code_not_verified" in [w["code"] for w in de["warnings"]]
