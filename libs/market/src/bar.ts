/** One daily OHLCV bar. `ts` is the bar's open time (the session date at 00:00 UTC for daily CSV input). */
export interface Bar {
  ts: Date;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** Close adjusted for splits and dividends, when the source provides it. */
  adjClose?: number | null;
}

/** A split or dividend on a given session. */
export interface CorporateAction {
  ts: Date;
  kind: 'split' | 'dividend';
  /** Split: new shares per old share (4 for 4:1). Dividend: cash per share. */
  value: number;
}
