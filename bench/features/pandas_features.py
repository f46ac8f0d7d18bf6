"""The same features as `alphapulse features --set technical`, in vectorized pandas.

Usage: pandas_features.py INPUT.csv OUTPUT.csv

Reads an OHLCV CSV with a symbol column, computes per symbol (sorted by date) and writes
date,symbol,<features>, empty cells during warm-up. Dates are read as numpy datetime64[D] (day
numbers), not pandas Timestamps: a series of 1M daily bars spans ~2,700 years, beyond the
nanosecond Timestamp range (1677-2262); they print as read. Definitions follow libs/features:
SMA-seeded EMAs, Wilder RSI/ATR seeded with simple means, population-sd Bollinger bands,
sample-sd realized volatility and volume z-score. Standard deviations are two-pass per window
(numpy sliding windows), as in libs/features, so both agree to ~1e-12.
"""
import sys

import numpy as np
import pandas as pd

COLUMNS = [
    "sma_20", "ema_12", "rsi_14", "macd", "macd_signal", "macd_hist", "bb_lower", "bb_middle", "bb_upper", "bb_pctb",
    "bb_width", "atr_14", "logret_1", "logret_5", "logret_10", "logret_20", "close_sma_10", "close_sma_20", "close_sma_50",
    "rv_20", "vol_z_20", "stoch_k", "stoch_d", "obv", "obv_flow_20", "dow",
]


def seeded_ewm(x: pd.Series, n: int, alpha: float, seed_at: int) -> pd.Series:
    """EWM with ratio alpha whose first value, at position seed_at, is the mean of the n values ending there."""
    if seed_at >= len(x):
        return pd.Series(np.nan, index=x.index)
    values = x.to_numpy(copy=True)
    seed = values[seed_at - n + 1: seed_at + 1].mean()
    values[:seed_at] = np.nan
    values[seed_at] = seed
    return pd.Series(values, index=x.index).ewm(alpha=alpha, adjust=False).mean()


def rolling_std(x: pd.Series, n: int, ddof: int) -> pd.Series:
    """Two-pass standard deviation of each full window (pandas' online rolling std drifts by ~1e-10)."""
    out = np.full(len(x), np.nan)
    if len(x) >= n:
        out[n - 1:] = np.lib.stride_tricks.sliding_window_view(x.to_numpy(), n).std(axis=1, ddof=ddof)
    return pd.Series(out, index=x.index)


def features(g: pd.DataFrame) -> pd.DataFrame:
    c, h, l, v = g["close"], g["high"], g["low"], g["volume"]
    out = pd.DataFrame(index=g.index)
    sma20 = c.rolling(20).mean()
    out["sma_20"] = sma20
    ema12 = seeded_ewm(c, 12, 2 / 13, 11)
    ema26 = seeded_ewm(c, 26, 2 / 27, 25)
    out["ema_12"] = ema12
    d = c.diff()
    gain = seeded_ewm(d.clip(lower=0), 14, 1 / 14, 14)
    loss = seeded_ewm((-d).clip(lower=0), 14, 1 / 14, 14)
    rsi = 100 - 100 / (1 + gain / loss)
    rsi = rsi.where(loss != 0, np.where(gain == 0, 50.0, 100.0)).where(gain.notna())
    out["rsi_14"] = rsi
    macd = ema12 - ema26
    signal = seeded_ewm(macd, 9, 2 / 10, 33)
    out["macd"] = macd
    out["macd_signal"] = signal
    out["macd_hist"] = macd - signal
    sd = rolling_std(c, 20, 0)
    lower, upper = sma20 - 2 * sd, sma20 + 2 * sd
    out["bb_lower"], out["bb_middle"], out["bb_upper"] = lower, sma20, upper
    out["bb_pctb"] = ((c - lower) / (upper - lower)).where(upper > lower, 0.5).where(sma20.notna())
    out["bb_width"] = (upper - lower) / sma20
    pc = c.shift(1)
    tr = pd.concat([h - l, (h - pc).abs(), (l - pc).abs()], axis=1).max(axis=1, skipna=False)
    out["atr_14"] = seeded_ewm(tr, 14, 1 / 14, 14)
    for k in (1, 5, 10, 20):
        out[f"logret_{k}"] = np.log(c / c.shift(k))
    for k in (10, 20, 50):
        out[f"close_sma_{k}"] = c / c.rolling(k).mean()
    out["rv_20"] = rolling_std(out["logret_1"], 20, 1)
    vsd = rolling_std(v.astype("float64"), 20, 1)
    out["vol_z_20"] = ((v - v.rolling(20).mean()) / vsd).where(vsd > 0, 0.0).where(vsd.notna())
    ll, hh = l.rolling(14).min(), h.rolling(14).max()
    k = (100 * (c - ll) / (hh - ll)).where(hh > ll, 50.0).where(hh.notna())
    out["stoch_k"] = k
    out["stoch_d"] = k.rolling(3).mean()
    signed = np.sign(d) * v
    out["obv"] = signed.fillna(0).cumsum()
    total = v.rolling(20).sum()
    flow = signed.rolling(20).sum()
    out["obv_flow_20"] = (flow / total).where(total > 0, 0.0).where(flow.notna())
    out["dow"] = (g["day"] + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    return out


def main(src: str, dst: str) -> None:
    bars = pd.read_csv(src, dtype={"date": str})
    bars.columns = [c.lower() for c in bars.columns]
    bars["day"] = bars["date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    order = pd.unique(bars["symbol"])
    grouped = {s: g.sort_values("day").reset_index(drop=True) for s, g in bars.groupby("symbol", sort=False)}
    frames = []
    for symbol in order:
        g = grouped[symbol]
        f = features(g)
        f.insert(0, "symbol", symbol)
        f.insert(0, "date", g["date"])
        frames.append(f)
    result = pd.concat(frames, ignore_index=True)
    result[COLUMNS[-1]] = result[COLUMNS[-1]].astype("int64")
    result.to_csv(dst, index=False, na_rep="")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
