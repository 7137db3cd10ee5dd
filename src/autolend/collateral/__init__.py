"""Collateral (押品管理): the car behind each loan, from booking to release or disposal.

- Vehicles and valuations (`models.vehicles`, `services.valuation`: revaluation in EOD, LTV alerts);
- mortgage registration (抵押登记) and release (解押) through the registration office port;
- pledge custody (质押): intake inspection, custody log, storage fees, release, disposal;
- GPS monitoring: devices, the signed telemetry webhook, set-based alert rules (`gps_rules`, pure);
- repossession and remarketing, with the sale proceeds applied through servicing and the ledger.

Pure parts (no Django): `regions`, `geo`, `gps_rules`. Writes go through `services`, reads
through `selectors`; every transition is audited (`audit.services.audit_record`).
"""
