"""End of day (日终) for servicing: accrual, fees due, days past due, penalty interest,
classification and provisions, set-based and partitioned (see runner.py)."""

from autolend.servicing.eod.dispatch import EodProgress, print_progress
from autolend.servicing.eod.runner import DayResult, eod_run
from autolend.servicing.eod.units import EodError

__all__ = ["DayResult", "EodError", "EodProgress", "eod_run", "print_progress"]
