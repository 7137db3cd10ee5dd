"""Credit-risk models of the decision engine (风险评估): pure, no Django, no clock.

Modules, in the order an application meets them:

- `synthetic`   a seeded auto-loan application book with a known true PD (for tests and demos)
- `features`    DTI, PTI, LTV, age at maturity from raw application fields
- `dataset`     any labelled CSV: column types detected, target mapped to 1 = bad
- `scorecard`   champion: optbinning binning + logistic regression, points (PDO 20, 600 at 50:1)
- `gbm`         challenger: small deterministic LightGBM with monotone constraints
- `calibration` PD calibration (isotonic / Platt) and grades A–E
- `training`    cross-validation, holdout, calibration, metrics: one call from frame to model
- `model`       the trained model: calibrated PD, grade, reasons
- `explain`     reason codes in zh-Hans and English
- `metrics`, `monitor`  AUC, KS, Gini, Brier, calibration table; PSI
- `registry`    versioned model files with metadata and a verified hash

PDs are probabilities of default in [0, 1]; 1 in a target means bad (default).
"""

import os

# OpenMP threads (LightGBM, scikit-learn) spin while waiting by default; on a shared 2-core host
# that turns a 0.1 s fit into seconds. Passive waiting must be chosen before the runtime loads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
