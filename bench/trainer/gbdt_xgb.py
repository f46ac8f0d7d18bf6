#!/usr/bin/env python3
"""The XGBoost side of bench/trainer/gbdt.bench.ts: fits xgboost `hist` on the matrix the bench wrote.

Input: PREFIX.json ({"shapes": {"train": {"n", "f"}, "val": ..., "test": ...}}) and raw little-endian
PREFIX.<split>.x.f32 (row-major float32, NaN = missing) and PREFIX.<split>.y.u8; PARAMS is a JSON
object in AlphaPulse's GbdtParams names. Fits on train with validation log loss on val (early stopping
when earlyStoppingRounds > 0), nthread=1, base_score = mean(y_train) (the same starting margin as
ours), then predicts test with the trees up to the best iteration, written as float64 to OUT.

Timed (wall and process CPU): DMatrix construction of train and val plus xgb.train (our fit time
includes binning too), and predict separately. Repeated REPEATS times (fresh DMatrix each time); every repeat's seconds are
reported, predictions come from the last.

usage: gbdt_xgb.py PREFIX PARAMS_JSON SEED OUT.f64 [REPEATS]   → one JSON object on stdout
"""
import json
import sys
import time

import numpy as np
import xgboost as xgb

prefix, params_json, seed, out_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
repeats = int(sys.argv[5]) if len(sys.argv) > 5 else 1
p = json.loads(params_json)
with open(f"{prefix}.json") as fh:
    shapes = json.load(fh)["shapes"]


def load(split):
    n, f = shapes[split]["n"], shapes[split]["f"]
    x = np.fromfile(f"{prefix}.{split}.x.f32", dtype="<f4").reshape(n, f)
    y = np.fromfile(f"{prefix}.{split}.y.u8", dtype=np.uint8).astype(np.float32)
    return x, y


X, Y = {}, {}
for s in ("train", "val", "test"):
    X[s], Y[s] = load(s)

booster_params = {
    "objective": "binary:logistic",
    "eval_metric": "logloss",
    "tree_method": "hist",
    "grow_policy": "depthwise",
    "nthread": 1,
    "max_bin": int(p.get("maxBins", 256)),
    "eta": p["learningRate"],
    "max_depth": int(p["maxDepth"]),
    "min_child_weight": p["minChildWeight"],
    "subsample": p["subsample"],
    "colsample_bytree": p["colsampleByTree"],
    "lambda": p["lambda"],
    "gamma": p["gamma"],
    "base_score": float(Y["train"].mean()),
    "seed": seed,
}

fit_seconds, fit_cpu_seconds = [], []
for _ in range(repeats):
    started, started_cpu = time.perf_counter(), time.process_time()
    dtrain = xgb.DMatrix(X["train"], label=Y["train"], missing=np.nan, nthread=1)
    dval = xgb.DMatrix(X["val"], label=Y["val"], missing=np.nan, nthread=1)
    history = {}
    booster = xgb.train(
        booster_params,
        dtrain,
        num_boost_round=int(p["rounds"]),
        evals=[(dval, "val")],
        early_stopping_rounds=int(p["earlyStoppingRounds"]) or None,
        evals_result=history,
        verbose_eval=False,
    )
    fit_seconds.append(time.perf_counter() - started)
    fit_cpu_seconds.append(time.process_time() - started_cpu)

curve = history["val"]["logloss"]
best = booster.best_iteration if int(p["earlyStoppingRounds"]) > 0 else len(curve) - 1
started, started_cpu = time.perf_counter(), time.process_time()
dtest = xgb.DMatrix(X["test"], missing=np.nan, nthread=1)
pred = booster.predict(dtest, iteration_range=(0, best + 1))
predict_seconds, predict_cpu_seconds = time.perf_counter() - started, time.process_time() - started_cpu
pred.astype("<f8").tofile(out_path)
print(
    json.dumps(
        {
            "seconds": {"fit": fit_seconds, "fitCpu": fit_cpu_seconds, "predict": predict_seconds, "predictCpu": predict_cpu_seconds},
            "bestIteration": best,
            "roundsUsed": len(curve),
            "valLogLoss": curve[best],
            "versions": {"xgboost": xgb.__version__, "numpy": np.__version__},
        }
    )
)
