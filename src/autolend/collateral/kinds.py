"""Alert kinds and their default severity (pure data, shared by the rules and the models).

The collections issue consumes ``CollateralAlert`` rows by kind and severity; the kinds are a
stable contract (strings stored in the database and returned by the API).
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType


class AlertKind(StrEnum):
    LTV_SHORTFALL = "ltv_shortfall"  # 抵押率不足
    MORTGAGE_NOT_REGISTERED = "mortgage_not_registered"  # 放款后逾期未办抵押登记
    MORTGAGE_NOT_RELEASED = "mortgage_not_released"  # 结清后逾期未解押
    GPS_OFFLINE = "gps_offline"  # 设备离线
    GPS_TAMPER = "gps_tamper"  # 拆除/防拆报警
    GPS_POWER_CUT = "gps_power_cut"  # 断电报警
    GPS_OUTSIDE_PROVINCE = "gps_outside_province"  # 出省
    GPS_OUTSIDE_GEOFENCE = "gps_outside_geofence"  # 出围栏
    GPS_RISKY_PLACE = "gps_risky_place"  # 长时间停留二手车市场、典当行
    GPS_NO_MOVEMENT = "gps_no_movement"  # 长时间静止


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


SEVERITY: MappingProxyType[AlertKind, Severity] = MappingProxyType({
    AlertKind.LTV_SHORTFALL: Severity.MEDIUM,
    AlertKind.MORTGAGE_NOT_REGISTERED: Severity.HIGH,
    AlertKind.MORTGAGE_NOT_RELEASED: Severity.MEDIUM,
    AlertKind.GPS_OFFLINE: Severity.MEDIUM,
    AlertKind.GPS_TAMPER: Severity.CRITICAL,
    AlertKind.GPS_POWER_CUT: Severity.CRITICAL,
    AlertKind.GPS_OUTSIDE_PROVINCE: Severity.HIGH,
    AlertKind.GPS_OUTSIDE_GEOFENCE: Severity.MEDIUM,
    AlertKind.GPS_RISKY_PLACE: Severity.HIGH,
    AlertKind.GPS_NO_MOVEMENT: Severity.LOW,
})

# Kinds that close by themselves when the condition ends (the device reports again, the car
# moves, the mortgage is registered or released, the LTV falls back); the others are closed by
# a person after looking into them.
SELF_CLOSING = frozenset({
    AlertKind.GPS_OFFLINE, AlertKind.GPS_NO_MOVEMENT, AlertKind.LTV_SHORTFALL,
    AlertKind.MORTGAGE_NOT_REGISTERED, AlertKind.MORTGAGE_NOT_RELEASED,
})
