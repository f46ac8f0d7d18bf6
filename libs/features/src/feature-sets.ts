import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import { UnknownFeatureSetError } from './errors.ts';
import { type IndicatorDefinition, INDICATORS } from './indicator-registry.ts';

/** A named, versioned list of indicator definitions and its content hash. */
export interface FeatureSetInfo {
  name: string;
  version: number;
  /** sha256 (hex) of the canonical JSON of `definition`: changes whenever any definition does. */
  hash: string;
  columns: string[];
  definition: FeatureSetDefinition;
}

export interface FeatureSetDefinition {
  name: string;
  version: number;
  indicators: { indicator: string; params: Record<string, number>; codeVersion: number; columns: string[] }[];
}

const TECHNICAL = [
  'sma_20', 'ema_12', 'rsi_14', 'macd', 'bb_lower', 'atr_14', 'logret_1', 'logret_5', 'logret_10', 'logret_20',
  'close_sma_10', 'close_sma_20', 'close_sma_50', 'rv_20', 'vol_z_20', 'stoch_k', 'obv', 'obv_flow_20', 'dow',
];

/** Set name → version and indicator keys (keys of INDICATORS). Bump the version when the list changes. */
const SETS: Record<string, { version: number; indicators: string[] }> = {
  // v2: sentiment from the learned finance model (was the lexicon), polar shares beyond ±1/3.
  core: { version: 2, indicators: [...TECHNICAL, 'sent_count'] },
  technical: { version: 1, indicators: TECHNICAL },
};

/** Names of the defined feature sets. */
export function listFeatureSets(): string[] {
  return Object.keys(SETS);
}

const cache = new Map<string, FeatureSetInfo>();

/** The feature set `name` with its columns and hash; UnknownFeatureSetError lists the known sets. */
export function getFeatureSet(name: string): FeatureSetInfo {
  const cached = cache.get(name);
  if (cached) return cached;
  const set = Object.hasOwn(SETS, name) ? SETS[name] : undefined;
  if (!set) throw new UnknownFeatureSetError(name, listFeatureSets());
  const definition: FeatureSetDefinition = {
    name,
    version: set.version,
    indicators: set.indicators.map((key) => {
      const d = INDICATORS[key];
      return { indicator: d.indicator, params: { ...d.params }, codeVersion: d.codeVersion, columns: [...d.columns] };
    }),
  };
  const info: FeatureSetInfo = {
    name,
    version: set.version,
    hash: hashDefinition(definition),
    columns: definition.indicators.flatMap((d) => d.columns),
    definition,
  };
  deepFreeze(info);
  cache.set(name, info);
  return info;
}

/** sha256 hex of the canonical JSON of a feature set definition. */
export function hashDefinition(definition: FeatureSetDefinition): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}

/** The indicator definitions behind a set, in column order (internal to the computation). */
export function indicatorsOf(name: string): IndicatorDefinition[] {
  getFeatureSet(name);
  return SETS[name].indicators.map((key) => INDICATORS[key]);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
