"""Collateral writes: one module per subject, every function one transaction (see ``_common``)."""

from autolend.collateral.services.alerts import alert_close, alerts_close, alerts_open
from autolend.collateral.services.gps_devices import device_install, device_remove
from autolend.collateral.services.loans import loan_close_repossessed, repossessions_close
from autolend.collateral.services.mortgage import (
    mortgage_cancel,
    mortgage_poll,
    mortgage_register,
    mortgage_release_confirm,
    mortgage_release_request,
    mortgage_request,
    mortgage_submit,
)
from autolend.collateral.services.pledge import (
    custody_record,
    pledge_dispose,
    pledge_intake,
    pledge_release,
    storage_fee_collect,
    storage_fee_due,
)
from autolend.collateral.services.proceeds import repossession_settle, repossession_surplus_refund
from autolend.collateral.services.remarketing import listing_create, listing_sell, listing_withdraw
from autolend.collateral.services.repossession import (
    repossession_assign,
    repossession_cancel,
    repossession_cost_add,
    repossession_order,
    repossession_recover,
)
from autolend.collateral.services.sweep import collateral_daily, gps_sweep, mortgage_deadlines_check
from autolend.collateral.services.telemetry import telemetry_ingest, telemetry_parse
from autolend.collateral.services.valuation import collateral_revalue
from autolend.collateral.services.vehicles import (
    valuation_appraise,
    vehicle_loan_link,
    vehicle_register,
)

__all__ = [
    "alert_close", "alerts_close", "alerts_open", "collateral_daily", "collateral_revalue", "custody_record",
    "device_install", "device_remove", "gps_sweep", "listing_create", "listing_sell", "listing_withdraw",
    "loan_close_repossessed", "mortgage_cancel", "mortgage_deadlines_check", "mortgage_poll", "mortgage_register",
    "mortgage_release_confirm", "mortgage_release_request", "mortgage_request", "mortgage_submit",
    "pledge_dispose", "pledge_intake", "pledge_release", "repossession_assign", "repossession_cancel",
    "repossession_cost_add", "repossession_order", "repossession_recover", "repossession_settle",
    "repossession_surplus_refund", "repossessions_close", "storage_fee_collect", "storage_fee_due",
    "telemetry_ingest", "telemetry_parse", "valuation_appraise", "vehicle_loan_link", "vehicle_register",
]
