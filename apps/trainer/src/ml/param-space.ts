/** Hyperparameter search spaces: what a family declares and the tuner samples from. */
export type ParamValue = number | string;
export type Distribution =
  | { type: 'float'; low: number; high: number; log?: boolean }
  | { type: 'int'; low: number; high: number; step?: number; log?: boolean }
  | { type: 'categorical'; choices: ParamValue[] };
/**
 * A parameter, active only when another (earlier) parameter takes one of the listed values. `name` is
 * the key the sampled value is stored under when it differs from the spec's key (two families may both
 * have a `learningRate`, over different ranges: two specs, one name, never active together).
 */
export type ParamSpec = Distribution & { when?: { param: string; in: ParamValue[] }; name?: string };
/** Ordered: conditions may only refer to parameters declared before them. */
export type SearchSpace = Record<string, ParamSpec>;
export type SampledParams = Record<string, ParamValue>;
