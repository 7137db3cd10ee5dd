"""Vehicles: VIN check and decode, depreciation curves and the ML valuation model (车辆与估值).

A pure package: no Django, no database, no clock (dates come in as parameters).

- `vin`: VIN validation (ISO 3779 / GB 16735 / FMVSS 115), WMI decode, model year, test VINs;
  `vin_messages`: error and warning codes with English and 简体中文 messages.
- `wmi` / `wmi_data`: World Manufacturer Identifier table and ISO 3780 country ranges.
- `depreciation`: rule-based value from new price by segment, energy type, age, mileage, condition.
- `valuation_data`: the sales-record CSV schema, cleaning, and the CarDekho adapter.
- `valuation_features`: the feature matrix (category codes, numbers, hierarchical price levels).
- `valuation`: LightGBM on log price, cross-validation, quotes with a range.
- `valuation_artifact`: saving and loading a trained model with metadata and hash checks.

Importing this package imports nothing heavy; `valuation` imports LightGBM on first use.
"""
