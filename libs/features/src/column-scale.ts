/**
 * Columns measured in price units or as a running total (a moving average of the close, MACD in
 * currency, ATR, OBV). Their level wanders with the price, so they are not comparable across
 * time: a model should not learn from them directly and a drift check would always flag them.
 * Each has a scale-free counterpart in the sets (close_sma_*, bb_pctb, bb_width, rv_20, obv_flow_20).
 */
export const LEVEL_COLUMNS: ReadonlySet<string> = new Set([
  'sma_20',
  'ema_12',
  'macd',
  'macd_signal',
  'macd_hist',
  'bb_lower',
  'bb_middle',
  'bb_upper',
  'atr_14',
  'obv',
]);

/** True for a column whose values are comparable across time and symbols (not in LEVEL_COLUMNS). */
export function isScaleFree(column: string): boolean {
  return !LEVEL_COLUMNS.has(column);
}
