/** Columns every OHLCV CSV must have, after header normalisation. */
export const REQUIRED_COLUMNS = ['date', 'open', 'high', 'low', 'close', 'volume'] as const;

/** Header spellings (lowercased) accepted for our column names, e.g. Yahoo's `Adj Close`. */
export const HEADER_ALIASES: Record<string, string> = {
  timestamp: 'date',
  time: 'date',
  datetime: 'date',
  'adj close': 'adjclose',
  adj_close: 'adjclose',
  adjclose: 'adjclose',
  'adjusted close': 'adjclose',
};
