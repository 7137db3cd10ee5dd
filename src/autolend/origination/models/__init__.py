"""Origination tables: applications and their documents, stipulations, offers, contracts; partner
API tokens. Rows are written only by ``origination.services``."""

from autolend.origination.models.applications import (
    Application,
    ApplicationChannel,
    ApplicationStatus,
    VehicleCondition,
    VehicleUse,
)
from autolend.origination.models.contracts import Contract, ContractStatus, Offer
from autolend.origination.models.documents import (
    Document,
    DocumentType,
    Stipulation,
    StipulationStatus,
)
from autolend.origination.models.tokens import PartnerToken

__all__ = [
    "Application", "ApplicationChannel", "ApplicationStatus", "Contract", "ContractStatus", "Document",
    "DocumentType", "Offer", "PartnerToken", "Stipulation", "StipulationStatus", "VehicleCondition", "VehicleUse",
]
