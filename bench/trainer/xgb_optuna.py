#!/usr/bin/env python3
"""The trainer's anchor: what `alphapulse evaluate` does, as a Python user would write it.

From the same OHLCV CSV `alphapulse evaluate --input` reads (date,open,high,low,close[,adj_close],volume,
one symbol): vectorized pandas features (bench/features/pandas_features.py, the definitions of
libs/features), the 16 scale-free columns the trainer learns from (apps/trainer/src/ml/dataset.ts
modelFeatureNames: the `technical` set less libs/features LEVEL_COLUMNS), target = next close above
this close. Rows with a missing feature (warm-up) or no next close are dropped; the distinct bar times
left are split chronologically 70/15/15 with one bar dropped between windows (computeBoundaries).
XGBoost `hist`, nthread=1, up to 1,000 rounds with early stopping after 20 on validation log loss;
Optuna TPE over the trainer's gbdt search space minimises validation log loss; the best params are
refitted on train (early-stopped on validation) and evaluated once on test. Nothing is tuned on test.
Trees need no scaling, so there is none.

usage: xgb_optuna.py BARS.csv N_TRIALS SEED   -> one JSON object on stdout
"""
import json
import os
import sys
import time

started = time.perf_counter()
import numpy as np  # noqa: E402
import optuna  # noqa: E402
import pandas as pd  # noqa: E402
import xgboost as xgb  # noqa: E402
from sklearn.metrics import accuracy_score, log_loss, roc_auc_score  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "features"))
from pandas_features import features  # noqa: E402

MODEL_COLUMNS = [
    "rsi_14", "bb_pctb", "bb_width", "logret_1", "logret_5", "logret_10", "logret_20", "close_sma_10",
    "close_sma_20", "close_sma_50", "rv_20", "vol_z_20", "stoch_k", "stoch_d", "obv_flow_20", "dow",
]
SPLIT = (0.7, 0.15, 0.15)
GAP = 1
MAX_ROUNDS = 1000
EARLY_STOPPING = 20

path, n_trials, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
optuna.logging.set_verbosity(optuna.logging.WARNING)
imported = time.perf_counter()

bars = pd.read_csv(path, dtype={"date": str})
bars.columns = [c.strip().lower().replace(" ", "_") for c in bars.columns]
if "symbol" in bars.columns and bars["symbol"].nunique() > 1:
    sys.exit(f"{path}: {bars['symbol'].nunique()} symbols; this anchor evaluates one series")
bars["day"] = bars["date"].to_numpy().astype("datetime64[D]").astype(np.int64)
bars = bars.sort_values("day").reset_index(drop=True)
if "adj_close" in bars.columns:  # as libs/features adjustColumns: prices by adj/close, volume by its inverse
    factor = bars["adj_close"] / bars["close"]
    for col in ("open", "high", "low"):
        bars[col] = bars[col] * factor
    bars["close"] = bars["adj_close"]
    bars["volume"] = bars["volume"] / factor
X_all = features(bars)[MODEL_COLUMNS].to_numpy(dtype=np.float64)
next_close = bars["close"].shift(-1)
y_all = (next_close > bars["close"]).astype(np.int32).to_numpy()
usable = np.isfinite(X_all).all(axis=1) & next_close.notna().to_numpy()
X_all, y_all = X_all[usable], y_all[usable]
n_usable = len(y_all) - 2 * GAP
n_train = int(np.floor(n_usable * SPLIT[0] / sum(SPLIT) + 0.5))  # JavaScript's Math.round
n_val = int(np.floor(n_usable * SPLIT[1] / sum(SPLIT) + 0.5))
val_start = n_train + GAP
test_start = val_start + n_val + GAP
windows = {"train": slice(0, n_train), "val": slice(val_start, val_start + n_val), "test": slice(test_start, None)}
X = {s: X_all[w] for s, w in windows.items()}
y = {s: y_all[w] for s, w in windows.items()}
prepared = time.perf_counter()


def model(params):
    return xgb.XGBClassifier(
        n_estimators=MAX_ROUNDS,
        early_stopping_rounds=EARLY_STOPPING,
        eval_metric="logloss",
        tree_method="hist",
        n_jobs=1,
        random_state=seed,
        **params,
    )


def suggest(trial):
    return {
        "learning_rate": trial.suggest_float("learning_rate", 0.005, 0.3, log=True),
        "max_depth": trial.suggest_int("max_depth", 2, 8),
        "min_child_weight": trial.suggest_float("min_child_weight", 1, 20, log=True),
        "subsample": trial.suggest_float("subsample", 0.5, 1.0),
        "colsample_bytree": trial.suggest_float("colsample_bytree", 0.5, 1.0),
        "reg_lambda": trial.suggest_float("reg_lambda", 1e-3, 10, log=True),
        "gamma": trial.suggest_float("gamma", 0, 5),
    }


rounds = []


def objective(trial):
    m = model(suggest(trial))
    m.fit(X["train"], y["train"], eval_set=[(X["val"], y["val"])], verbose=False)
    rounds.append(m.best_iteration + 1)
    return log_loss(y["val"], m.predict_proba(X["val"])[:, 1], labels=[0, 1])


study = optuna.create_study(direction="minimize", sampler=optuna.samplers.TPESampler(seed=seed))
study.optimize(objective, n_trials=n_trials)
tuned = time.perf_counter()
final = model(study.best_params)
final.fit(X["train"], y["train"], eval_set=[(X["val"], y["val"])], verbose=False)
p = final.predict_proba(X["test"])[:, 1]
done = time.perf_counter()
print(
    json.dumps(
        {
            "trials": n_trials,
            "bars": int(len(bars)),
            "rows": {s: int(len(v)) for s, v in y.items()},
            "features": len(MODEL_COLUMNS),
            "test": {
                "n": int(len(p)),
                "accuracy": float(accuracy_score(y["test"], (p > 0.5).astype(int))),
                "auc": float(roc_auc_score(y["test"], p)),
                "logLoss": float(log_loss(y["test"], p, labels=[0, 1])),
                "majorityRate": float(max(y["test"].mean(), 1 - y["test"].mean())),
            },
            "bestValLogLoss": float(study.best_value),
            "bestParams": study.best_params,
            "rounds": {"trials": rounds, "final": int(final.best_iteration + 1)},
            "seconds": {
                "imports": imported - started,
                "features": prepared - imported,
                "tuning": tuned - prepared,
                "final": done - tuned,
                "total": done - started,
            },
            "versions": {"python": sys.version.split()[0], "pandas": pd.__version__, "xgboost": xgb.__version__, "optuna": optuna.__version__},
        }
    )
)
