"""The decision engine, pure: no Django models, no database, no clock.

``inputs`` (the snapshot value), ``rules`` (policy as data), ``policy`` (rule hits),
``scoring`` (features and model scores), ``pricing`` (risk-based rate), ``quoting`` and
``offers`` (kernel schedules, APR, affordability), ``evaluate`` (the decision).
"""
