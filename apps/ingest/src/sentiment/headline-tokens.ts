/**
 * Finance-aware tokenisation of a headline for the learned model.
 *
 * - Links are dropped; `$SYM` cashtags become `<cashtag>` and `(SYM)` / `NYSE:SYM` mentions `<ticker>`,
 *   so the model learns from what happened, not from which company it happened to.
 * - Amounts become `<money>`, percentages `<pct>` (`<pct+>` / `<pct->` when signed), other numbers `<num>`.
 * - A move between two amounts reads as a direction: "price target raised to $50 from $45",
 *   "from $45 to $50", "EPS $1.00 vs. 40 cents" give `<num-up>` (or `<num-down>`, `<num-same>`).
 * - Negation: the next NEGATION_SCOPE word tokens after a negator ("not", "no", "fails to", "never"...)
 *   are marked `not_<word>`, so "fails to beat" is not "beat".
 */

export interface HeadlineTokens {
  /** Normalised tokens in reading order (negated words carry a `not_` prefix). */
  tokens: string[];
  /** The plain word behind each token (char n-grams are taken from it), '' for placeholders. */
  stems: string[];
  /** True where the token is in a negation scope. */
  negated: boolean[];
}

const NEGATORS = new Set([
  'not', 'no', 'never', 'nor', 'without', 'cannot', "can't", 'cant', "don't", 'dont', "doesn't", 'doesnt', "didn't", 'didnt',
  "won't", 'wont', "isn't", 'isnt', "aren't", 'arent', "wasn't", 'wasnt', "hasn't", 'hasnt', "haven't", 'havent', 'fails', 'failed', 'fail',
]);
const NEGATION_SCOPE = 3;
/** Words that end a negation scope early. */
const SCOPE_BREAK = new Set(['but', 'yet', 'however', 'despite', 'although', 'though', 'while', 'as', 'after', 'amid']);
const SCALE: Record<string, number> = { k: 1e3, m: 1e6, mn: 1e6, mln: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9, t: 1e12, tn: 1e12, trillion: 1e12, cents: 0.01, cent: 0.01, c: 0.01 };

/**
 * One pass over the lowercased text. Groups: 1 link, 2 cashtag, 3 exchange-prefixed or parenthesised
 * ticker, 4 amount (currency sign, number, optional scale), 5 percentage, 6 number (+ optional scale or
 * "cents"), 7 word, 8 clause punctuation.
 */
const TOKEN_RE =
  /(https?:\/\/\S+|www\.\S+)|(\$[a-z][a-z.]{0,5}\b)|((?:nyse|nasdaq|lse|tsx|asx|otc)\s*:\s*[a-z.]{1,6}\b|\([a-z]{1,5}(?:\.[a-z])?\))|((?:[$€£¥]|usd|eur|gbp)\s?[+-]?\d[\d,]*(?:\.\d+)?(?:\s?(?:k|m|mn|mln|million|b|bn|billion|t|tn|trillion)\b)?)|([+\-−]?\d[\d,]*(?:\.\d+)?\s?(?:%|percent\b|pct\b))|([+\-−]?\d[\d,]*(?:\.\d+)?(?:\s?(?:k|m|mn|mln|million|b|bn|billion|cents?|c)\b)?)|([a-z\u00c0-\u024f][a-z0-9\u00c0-\u024f'&]*(?:-[a-z0-9\u00c0-\u024f'&]+)*)|([;:!?,.|()"]|\s[-–—]\s)/g;

function parseAmount(raw: string): number {
  const m = /([+\-−]?)(\d[\d,]*(?:\.\d+)?)\s?([a-z]+)?$/.exec(raw.replace(/^(?:[$€£¥]|usd|eur|gbp)\s?/, ''));
  if (!m) return Number.NaN;
  const value = Number(m[2].replace(/,/g, '')) * (m[3] ? (SCALE[m[3]] ?? 1) : 1);
  return m[1] === '-' || m[1] === '−' ? -value : value;
}

/** Lowercases and tidies the quotes and dashes a feed may use. */
function tidy(text: string): string {
  return text.toLowerCase().replace(/[’‘`]/g, "'").replace(/[“”]/g, '"').replace(/&amp;/g, '&');
}

/**
 * Tokenises a headline. Amount pairs ("to X from Y", "from Y to X", "X vs. Y") collapse into one
 * direction token; the amounts' own placeholders stay too.
 */
export function tokenizeHeadline(text: string): HeadlineTokens {
  const s = tidy(text);
  const tokens: string[] = [];
  const stems: string[] = [];
  const negated: boolean[] = [];
  /** Numeric value of amount/number tokens (NaN elsewhere), to read moves between two amounts. */
  const values: number[] = [];
  let negate = 0;
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(s); m !== null; m = TOKEN_RE.exec(s)) {
    if (m[1] !== undefined) continue;
    if (m[8] !== undefined) {
      negate = 0;
      continue;
    }
    if (m[7] !== undefined) {
      const w = m[7];
      if (NEGATORS.has(w)) {
        negate = NEGATION_SCOPE;
        tokens.push(w);
        stems.push(w);
        negated.push(false);
        values.push(Number.NaN);
        continue;
      }
      if (SCOPE_BREAK.has(w)) negate = 0;
      // "fails to beat": the "to" after a negating verb is part of the negator.
      if (w === 'to' && negate === NEGATION_SCOPE && (tokens[tokens.length - 1] === 'fails' || tokens[tokens.length - 1] === 'failed' || tokens[tokens.length - 1] === 'fail')) continue;
      const inScope = negate > 0;
      if (inScope) negate--;
      tokens.push(inScope ? `not_${w}` : w);
      stems.push(w);
      negated.push(inScope);
      values.push(Number.NaN);
      continue;
    }
    let token: string;
    let value = Number.NaN;
    if (m[2] !== undefined) token = '<cashtag>';
    else if (m[3] !== undefined) token = '<ticker>';
    else if (m[4] !== undefined) {
      token = '<money>';
      value = parseAmount(m[4]);
    } else if (m[5] !== undefined) {
      const sign = m[5][0];
      token = sign === '+' ? '<pct+>' : sign === '-' || sign === '−' ? '<pct->' : '<pct>';
    } else {
      token = '<num>';
      value = parseAmount(m[6]);
    }
    tokens.push(token);
    stems.push('');
    negated.push(false);
    values.push(value);
    const move = amountMove(tokens, values);
    if (move) {
      tokens.push(move);
      stems.push('');
      negated.push(false);
      values.push(Number.NaN);
    }
  }
  return { tokens, stems, negated };
}

/**
 * The direction of the move that the amount just pushed completes, if any: "to X from Y" and
 * "X vs Y" compare X to Y, "from Y to X" too.
 */
function amountMove(tokens: string[], values: number[]): string | undefined {
  const n = tokens.length - 1;
  const latest = values[n];
  if (!Number.isFinite(latest) || n < 2) return undefined;
  const joiner = tokens[n - 1];
  const earlier = values[n - 2];
  if (!Number.isFinite(earlier)) return undefined;
  let from: number;
  let to: number;
  if (joiner === 'from') [to, from] = [earlier, latest];
  else if (joiner === 'to' && n >= 3 && tokens[n - 3] === 'from') [from, to] = [earlier, latest];
  else if (joiner === 'vs' || joiner === 'versus' || joiner === 'vs.') [to, from] = [earlier, latest];
  else return undefined;
  return to > from ? '<num-up>' : to < from ? '<num-down>' : '<num-same>';
}
