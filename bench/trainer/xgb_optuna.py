#!/usr/bin/env python3
"""XGBoost tuned by Optuna TPE on the features and split AlphaPulse uses (the bench writes them).

Input: a CSV with columns split (train|val|test), direction (0/1), then one column per feature; rows
outside the three windows are already dropped. Tuning maximises nothing on test: each trial fits on
train and is scored by validation log loss (early stopping on validation, as our trials do); the
best params are refitted on train (early-stopped on val) and evaluated once on test.

usage: xgb_optuna.py FEATURES.csv N_TRIALS SEED   → one JSON object on stdout
"""
import json
import sys
import time

started = time.perf_counter()
import numpy as np  # noqa: E402
import optuna  # noqa: E402
import pandas as pd  # noqa: E402
import xgboost as xgb  # noqa: E402
from sklearn.metrics import accuracy_score, log_loss, roc_auc_score  # noqa: E402

path, n_trials, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
optuna.logging.set_verbosity(optuna.logging.WARNING)
df = pd.read_csv(path)
features = [c for c in df.columns if c not in ("split", "direction")]
parts = {s: df[df.split == s] for s in ("train", "val", "test")}
X = {s: p[features].to_numpy(dtype=np.float64) for s, p in parts.items()}
y = {s: p["direction"].to_numpy(dtype=np.int32) for s, p in parts.items()}
loaded = time.perf_counter()


def model(params):
    return xgb.XGBClassifier(
        n_estimators=500,
        early_stopping_rounds=20,
        eval_metric="logloss",
        tree_method="hist",
        n_jobs=1,
        random_state=seed,
        **params,
    )


def suggest(trial):
    return {
        "max_depth": trial.suggest_int("max_depth", 2, 8),
        "learning_rate": trial.suggest_float("learning_rate", 1e-3, 0.3, log=True),
        "subsample": trial.suggest_float("subsample", 0.5, 1.0),
        "colsample_bytree": trial.suggest_float("colsample_bytree", 0.5, 1.0),
        "min_child_weight": trial.suggest_float("min_child_weight", 1, 20, log=True),
        "reg_lambda": trial.suggest_float("reg_lambda", 1e-3, 10, log=True),
    }


def objective(trial):
    m = model(suggest(trial))
    m.fit(X["train"], y["train"], eval_set=[(X["val"], y["val"])], verbose=False)
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
            "rows": {s: int(len(v)) for s, v in y.items()},
            "features": len(features),
            "test": {
                "n": int(len(p)),
                "accuracy": float(accuracy_score(y["test"], (p > 0.5).astype(int))),
                "auc": float(roc_auc_score(y["test"], p)),
                "logLoss": float(log_loss(y["test"], p, labels=[0, 1])),
            },
            "bestValLogLoss": float(study.best_value),
            "seconds": {"load": loaded - started, "tuning": tuned - loaded, "final": done - tuned, "total": done - started},
            "versions": {"xgboost": xgb.__version__, "optuna": optuna.__version__},
        }
    )
)
