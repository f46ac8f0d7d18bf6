/** Thrown when metric inputs are malformed (length mismatch, labels not 0/1, probabilities outside [0, 1]). */
export class MetricInputError extends Error {
  override name = 'MetricInputError';
}
