/**
 * Company names headlines use for well-known symbols, beside the instruments' own names and
 * aliases. Deliberately small: ambiguous words (Meta alone, Visa alone...) are left out, and a
 * bank named as a broker ("at Morgan Stanley") is still matched, a known limitation.
 */
export const BUILTIN_ALIASES: Readonly<Record<string, readonly string[]>> = {
  AAPL: ['Apple', 'iPhone'],
  MSFT: ['Microsoft', 'Azure'],
  NVDA: ['Nvidia'],
  GOOGL: ['Alphabet', 'Google'],
  AMZN: ['Amazon', 'AWS'],
  META: ['Meta Platforms', 'Facebook'],
  TSLA: ['Tesla'],
  NFLX: ['Netflix'],
  AMD: ['Advanced Micro Devices'],
  INTC: ['Intel'],
  AVGO: ['Broadcom'],
  JPM: ['JPMorgan', 'JP Morgan'],
  BAC: ['Bank of America'],
  GS: ['Goldman Sachs'],
  MS: ['Morgan Stanley'],
  WFC: ['Wells Fargo'],
  C: ['Citigroup'],
  'BRK-B': ['Berkshire Hathaway'],
  XOM: ['Exxon', 'ExxonMobil', 'Exxon Mobil'],
  CVX: ['Chevron'],
  WMT: ['Walmart'],
  COST: ['Costco'],
  KO: ['Coca-Cola'],
  PEP: ['PepsiCo'],
  DIS: ['Disney'],
  BA: ['Boeing'],
  NKE: ['Nike'],
  SPY: ['S&P 500'],
  QQQ: ['Nasdaq-100', 'Nasdaq 100'],
  'BTC-USD': ['Bitcoin', 'BTC'],
  'ETH-USD': ['Ethereum', 'Ether'],
  'EURUSD=X': ['EUR/USD'],
  'GC=F': ['gold futures', 'gold prices'],
  'CL=F': ['crude oil', 'oil prices', 'WTI'],
};

export interface SymbolAliasSource {
  symbol: string;
  name?: string | null;
  aliases?: readonly string[];
}

const CORPORATE_SUFFIX = /[,\s]+(?:inc\.?|incorporated|corporation|corp\.?|company|co\.?|ltd\.?|limited|plc|ag|se|sa|s\.a\.|n\.v\.|nv|holdings?|group|class [a-z]|& co\.?)$/i;

/** "Apple Inc." → "Apple", "NVIDIA Corporation" → "NVIDIA", "WashTec AG" → "WashTec". */
export function shortCompanyName(name: string): string {
  let s = name.trim();
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s.replace(CORPORATE_SUFFIX, '').trim();
  }
  return s;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const TICKER = '[A-Z][A-Z0-9.=^-]{0,14}';

/**
 * Finds the symbols a headline concerns. Tickers count when written as a cashtag (`$AAPL`, any
 * symbol), in parentheses (`(AAPL)`), in quotes (`"AAPL"`) or after an exchange
 * (`NASDAQ: AAPL`), the last three for known symbols only; company names and aliases count
 * as whole words, case-insensitive.
 */
export class SymbolMatcher {
  private readonly known: Set<string>;
  private readonly aliasPatterns: { symbol: string; pattern: RegExp }[] = [];

  constructor(instruments: readonly SymbolAliasSource[] = [], builtin: Readonly<Record<string, readonly string[]>> = BUILTIN_ALIASES) {
    const aliases = new Map<string, Set<string>>();
    const add = (symbol: string, alias: string | null | undefined) => {
      const a = alias?.trim();
      if (!a || a.length < 3) return;
      if (!aliases.has(symbol)) aliases.set(symbol, new Set());
      aliases.get(symbol)!.add(a);
    };
    for (const [symbol, names] of Object.entries(builtin)) for (const n of names) add(symbol, n);
    for (const inst of instruments) {
      if (inst.name) add(inst.symbol, shortCompanyName(inst.name));
      for (const a of inst.aliases ?? []) add(inst.symbol, a);
    }
    this.known = new Set([...Object.keys(builtin), ...instruments.map((i) => i.symbol)]);
    for (const [symbol, names] of aliases) {
      const alternatives = [...names].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
      // Letters or digits must not touch the alias ("Intel" is not in "Intelligence").
      this.aliasPatterns.push({ symbol, pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'iu') });
    }
  }

  /** Symbols mentioned in the text, sorted. */
  match(text: string): string[] {
    const found = new Set<string>();
    for (const m of text.matchAll(new RegExp(`\\$(${TICKER})(?![A-Za-z0-9])`, 'g'))) {
      const t = m[1].replace(/[.=^-]+$/, '');
      found.add(this.resolve(t));
    }
    const framed = new RegExp(`\\((${TICKER})\\)|"(${TICKER})"|“(${TICKER})”|\\b(?:NASDAQ|NYSE|NYSEARCA|AMEX|LSE|TSX|XETRA)\\s*:\\s*(${TICKER})`, 'g');
    for (const m of text.matchAll(framed)) {
      const t = m[1] ?? m[2] ?? m[3] ?? m[4];
      if (this.known.has(t)) found.add(t);
    }
    for (const { symbol, pattern } of this.aliasPatterns) if (pattern.test(text)) found.add(symbol);
    return [...found].sort();
  }

  /** A cashtag of a crypto base (`$BTC`) resolves to its known pair (BTC-USD). */
  private resolve(tag: string): string {
    if (this.known.has(tag)) return tag;
    const pair = `${tag}-USD`;
    return this.known.has(pair) ? pair : tag;
  }
}
