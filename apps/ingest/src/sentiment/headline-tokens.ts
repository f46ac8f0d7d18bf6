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
  const lower = text.toLowerCase();
  // One scan to see whether any of the three rewrites has work (most headlines: none).
  if (!/[’‘`“”&]/.test(lower)) return lower;
  return lower.replace(/[’‘`]/g, "'").replace(/[“”]/g, '"').replace(/&amp;/g, '&');
}

/** Builds the token lists; one per headline. */
class TokenSink {
  readonly tokens: string[] = [];
  readonly stems: string[] = [];
  readonly negated: boolean[] = [];
  /** Numeric value of amount/number tokens (NaN elsewhere), to read moves between two amounts. */
  private readonly values: number[] = [];
  private negate = 0;

  breakClause(): void {
    this.negate = 0;
  }

  word(w: string): void {
    if (NEGATORS.has(w)) {
      this.negate = NEGATION_SCOPE;
      this.push(w, w, false, Number.NaN);
      return;
    }
    if (SCOPE_BREAK.has(w)) this.negate = 0;
    // "fails to beat": the "to" after a negating verb is part of the negator.
    const last = this.tokens[this.tokens.length - 1];
    if (w === 'to' && this.negate === NEGATION_SCOPE && (last === 'fails' || last === 'failed' || last === 'fail')) return;
    const inScope = this.negate > 0;
    if (inScope) this.negate--;
    this.push(inScope ? `not_${w}` : w, w, inScope, Number.NaN);
  }

  /** A regex match that is not a word: link (dropped), clause punctuation, or a placeholder. */
  match(m: RegExpExecArray): void {
    if (m[1] !== undefined) return;
    if (m[8] !== undefined) {
      this.breakClause();
      return;
    }
    if (m[7] !== undefined) {
      this.word(m[7]);
      return;
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
    this.push(token, '', false, value);
    const move = amountMove(this.tokens, this.values);
    if (move) this.push(move, '', false, Number.NaN);
  }

  private push(token: string, stem: string, negated: boolean, value: number): void {
    this.tokens.push(token);
    this.stems.push(stem);
    this.negated.push(negated);
    this.values.push(value);
  }
}

const STICKY_RE = new RegExp(TOKEN_RE.source, 'y');
/** Word prefixes where TOKEN_RE may match something other than a word (a link, ticker or amount), by first letter. */
const SPECIAL_PREFIXES: Record<string, readonly string[]> = {
  h: ['http'], w: ['www.'], n: ['nyse', 'nasdaq'], l: ['lse'], t: ['tsx'], a: ['asx'], o: ['otc'], u: ['usd'], e: ['eur'], g: ['gbp'],
};
function specialAt(s: string, p: number): boolean {
  const candidates = SPECIAL_PREFIXES[s[p]];
  if (candidates === undefined) return false;
  for (const x of candidates) if (s.startsWith(x, p)) return true;
  return false;
}

const isWordStart = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f);
const isWordChar = (c: number) => isWordStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x27 || c === 0x26;

/**
 * Tokenises a headline. Amount pairs ("to X from Y", "from Y to X", "X vs. Y") collapse into one
 * direction token; the amounts' own placeholders stay too.
 *
 * Plain words (most tokens) are scanned by hand; everything else goes through TOKEN_RE at that
 * position. `scan = false` runs TOKEN_RE alone over the text: the reference the scanner must equal
 * (headline-tokens.test.ts checks both on the real headlines).
 */
export function tokenizeHeadline(text: string, scan = true): HeadlineTokens {
  const s = tidy(text);
  const sink = new TokenSink();
  if (!scan) {
    TOKEN_RE.lastIndex = 0;
    for (let m = TOKEN_RE.exec(s); m !== null; m = TOKEN_RE.exec(s)) sink.match(m);
    return { tokens: sink.tokens, stems: sink.stems, negated: sink.negated };
  }
  const n = s.length;
  let p = 0;
  while (p < n) {
    const c = s.charCodeAt(p);
    if (isWordStart(c) && !specialAt(s, p)) {
      let end = p + 1;
      for (;;) {
        while (end < n && isWordChar(s.charCodeAt(end))) end++;
        // A hyphen continues the word only when a word character follows it.
        if (end + 1 < n && s.charCodeAt(end) === 0x2d && isWordChar(s.charCodeAt(end + 1))) end += 2;
        else break;
      }
      sink.word(s.slice(p, end));
      p = end;
      continue;
    }
    // Spaces matter only before a spaced dash (" - ", a clause break); other spaces are skipped.
    if (c === 0x20 && !(p + 1 < n && (s.charCodeAt(p + 1) === 0x2d || s.charCodeAt(p + 1) === 0x2013 || s.charCodeAt(p + 1) === 0x2014))) {
      p++;
      continue;
    }
    STICKY_RE.lastIndex = p;
    const m = STICKY_RE.exec(s);
    if (m === null || STICKY_RE.lastIndex === p) {
      p++;
      continue;
    }
    sink.match(m);
    p = STICKY_RE.lastIndex;
  }
  return { tokens: sink.tokens, stems: sink.stems, negated: sink.negated };
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
