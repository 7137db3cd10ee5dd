"""Collateral tables: vehicles and valuations, mortgages, pledges, GPS, alerts, repossessions."""

from autolend.collateral.models.alerts import CollateralAlert
from autolend.collateral.models.gps import (
    DeviceKind,
    DeviceStatus,
    GpsDevice,
    GpsDeviceState,
    GpsInstall,
    GpsPoint,
    RiskPlace,
    RiskPlaceKind,
)
from autolend.collateral.models.mortgage import MortgageRegistration, MortgageStatus
from autolend.collateral.models.pledge import (
    CollateralDocument,
    CustodyDirection,
    CustodyItem,
    CustodyLog,
    Pledge,
    PledgeStatus,
    StorageFeePayment,
)
from autolend.collateral.models.repossession import (
    CostKind,
    ListingChannel,
    ListingStatus,
    RemarketingListing,
    RepossessionCost,
    RepossessionOrder,
    RepossessionStatus,
    SettlementOutcome,
)
from autolend.collateral.models.vehicles import (
    ConditionGrade,
    EnergyType,
    Segment,
    Valuation,
    ValuationMethod,
    Vehicle,
    VehicleUse,
)

__all__ = [
    "CollateralAlert", "CollateralDocument", "ConditionGrade", "CostKind", "CustodyDirection", "CustodyItem",
    "CustodyLog", "DeviceKind", "DeviceStatus", "EnergyType", "GpsDevice", "GpsDeviceState", "GpsInstall",
    "GpsPoint", "ListingChannel", "ListingStatus", "MortgageRegistration", "MortgageStatus", "Pledge",
    "PledgeStatus", "RemarketingListing", "RepossessionCost", "RepossessionOrder", "RepossessionStatus",
    "RiskPlace", "RiskPlaceKind", "Segment", "SettlementOutcome", "StorageFeePayment", "Valuation",
    "ValuationMethod", "Vehicle", "VehicleUse",
]
