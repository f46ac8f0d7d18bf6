/**
 * JSON has no NaN or infinities (JSON.stringify writes null). Metrics can be either (an AUC on one
 * class, the log loss of hard 0/1 predictions), so jsonb columns store them as the strings
 * "NaN", "Infinity", "-Infinity" and reads turn them back into numbers.
 */
export function toJsonSafe(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (value instanceof Date) return value;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSafe(v)]));
  return value;
}

/** The inverse of toJsonSafe. */
export function fromJsonSafe(value: unknown): unknown {
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (Array.isArray(value)) return value.map(fromJsonSafe);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromJsonSafe(v)]));
  return value;
}
