/**
 * The finance-aware vocabulary layered on AFINN-165 (scores on AFINN's -5..5 scale).
 *
 * - FINANCE_WORDS: market verbs and nouns AFINN lacks or under-weights.
 * - NEUTRAL_IN_FINANCE: AFINN words that mislead in market news ("shares", "demand", "gross
 *   margin", "gold", "crude", "United", "Limited", "health care"...): dropped from the lexicon.
 * - FINANCE_PHRASES: multi-word expressions, rewritten to one hyphenated token before scoring
 *   ("cuts its guidance" → guidance-cut), so "guidance cut" is not read as a mere "cut".
 * - NEGATION_REWRITES: "fails to", "no longer"... rewritten to "not" (a negator).
 */
export const FINANCE_WORDS: Readonly<Record<string, number>> = {
  // earnings and analysts
  beat: 3, beats: 3, tops: 2, top: 0, surpasses: 3, surpassed: 3, exceeds: 2, exceeded: 2,
  miss: -3, misses: -3, missed: -3,
  upgrade: 3, upgrades: 3, upgraded: 3, downgrade: -3, downgrades: -3, downgraded: -3,
  outperform: 2, outperforms: 2, outperformed: 2, underperform: -2, underperforms: -2, underperformed: -2,
  overweight: 2, underweight: -2, bullish: 3, bearish: -3, upbeat: 3, gloomy: -3, downbeat: -3,
  profit: 2, profits: 2, profitable: 2, profitability: 1, unprofitable: -2,
  loss: -2, losses: -2, shortfall: -3, writedown: -3, 'write-down': -3, impairment: -3, restatement: -3, restates: -2,
  headwinds: -2, headwind: -2, tailwinds: 2, tailwind: 2, upside: 2, downside: -2,
  accretive: 2, dilutive: -2, dilution: -2, buyback: 2, buybacks: 2, repurchase: 1,
  strong: 2, stronger: 2, strongest: 2, robust: 2, solid: 2, resilient: 2,
  weak: -2, weaker: -2, weakest: -2, weakness: -2, sluggish: -2, soft: -1, softer: -1, tepid: -2, lackluster: -2,
  disappointing: -3, disappoints: -3, disappointed: -3,
  // price moves
  soar: 3, soars: 3, soared: 3, soaring: 3, skyrocket: 4, skyrockets: 4, skyrocketed: 4,
  surge: 3, surges: 3, surged: 3, surging: 3, jump: 2, jumps: 2, jumped: 2, spikes: 1,
  rally: 2, rallies: 2, rallied: 2, rebound: 2, rebounds: 2, rebounded: 2, recover: 1, recovers: 2, recovered: 1,
  climb: 2, climbs: 2, climbed: 2, rise: 1, rises: 2, rose: 2, rising: 1, gain: 2, gains: 2, gained: 2,
  advance: 1, advances: 2, advanced: 1, higher: 1, boost: 2, boosts: 2, boosted: 2, lifts: 2, lifted: 2,
  plunge: -4, plunges: -4, plunged: -4, plunging: -4, plummet: -4, plummets: -4, plummeted: -4,
  crash: -4, crashes: -4, crashed: -4, tumble: -3, tumbles: -3, tumbled: -3, slump: -3, slumps: -3, slumped: -3,
  sink: -3, sinks: -3, sank: -3, slide: -2, slides: -2, slid: -2, fall: -2, falls: -2, fell: -2, falling: -2,
  drop: -2, drops: -2, dropped: -2, decline: -2, declines: -2, declined: -2, dip: -1, dips: -1, dipped: -1,
  slip: -2, slips: -2, slipped: -2, sheds: -2, shed: -2, lower: -1, lowers: -2, lowered: -2, slashes: -3, slashed: -3,
  selloff: -3, 'sell-off': -3, rout: -3, meltdown: -4, volatile: -1, volatility: -1,
  // corporate events
  lawsuit: -3, lawsuits: -3, sues: -3, sued: -3, probe: -2, investigation: -2, subpoena: -3, indictment: -4, indicted: -4,
  fraud: -4, scandal: -3, fined: -3, penalty: -3, settlement: -1, antitrust: -2, sanctions: -2, tariff: -2, tariffs: -2,
  default: -4, defaults: -4, defaulted: -4, bankruptcy: -5, bankrupt: -5, insolvency: -4, insolvent: -4, delisted: -4, delisting: -4,
  layoffs: -3, layoff: -3, 'job-cuts': -3, recall: -3, recalls: -3, recalled: -3, halts: -2, halted: -2, suspends: -2, suspended: -2,
  outage: -3, breach: -3, hack: -3, hacked: -3, cyberattack: -3, delays: -2, delay: -2, delayed: -2, postpones: -2,
  rejects: -2, rejected: -2, blocks: -2, blocked: -2, warns: -3, warning: -3, 'profit-warning': -4,
  approves: 2, approved: 2, approval: 2, clears: 1, wins: 3, won: 3, awarded: 2, secures: 2, lands: 2,
  expands: 2, expansion: 2, launches: 0, partnership: 1, acquires: 1, acquisition: 0, merger: 0, deal: 1,
  downturn: -3, recession: -3, slowdown: -3, slows: -2, slowed: -2, stalls: -2, stalled: -2, contraction: -2, contracts: 0,
  boom: 2, booming: 3, bust: -3, inflation: 0, loses: -2, lose: -2, fade: -2, fades: -2, faded: -2, restructure: -1, restructures: -1, restructuring: -1, stagflation: -3, contagion: -3, turmoil: -3, crisis: -3,
  outflows: -2, inflows: 2, surplus: 1, deficit: -1, accelerates: 2, accelerating: 2, decelerates: -2,
  unchanged: 0, flat: 0, steady: 0, stable: 0, mixed: 0, 'in-line': 0,
};

export const NEUTRAL_IN_FINANCE: readonly string[] = [
  'shares', 'share', 'demand', 'demands', 'gross', 'gold', 'silver', 'crude', 'united', 'care', 'limited', 'interest',
  'credit', 'fund', 'funds', 'trust', 'super', 'fine', 'like', 'please', 'pay', 'matter', 'true', 'worth', 'charge',
  'charges', 'cut', 'cuts', 'no', 'big', 'huge', 'giant', 'vice', 'help', 'helps', 'innovative', 'growth', 'free',
  'block', 'risk', 'risks', 'attack', 'fire', 'fired', 'dead', 'kill', 'killed', 'yield', 'capital', 'stake',
  'await', 'awaits', 'awaited', 'asset', 'assets', 'cancer', 'agree', 'agrees', 'agreed', 'agreement', 'rich', 'join', 'joins',
  'spirit', 'hope', 'progressive', 'liberty', 'fidelity', 'prudential', 'allied', 'advanced', 'energy', 'bull', 'bear',
];

/** [pattern over lowercased text, replacement token]; applied in order, before tokenising. */
export const FINANCE_PHRASES: readonly [RegExp, string, number][] = [
  [/\b(?:fails?|failed|failing) to\b/g, 'not', 0],
  [/\bno longer\b/g, 'not', 0],
  [/\b(?:profit|earnings) warnings?\b/g, 'profit-warning', -4],
  [/\b(?:cuts?|cutting|lowers?|lowered|lowering|slashes|slashed|slash|trims?|trimmed|reduces|reduced) (?:[a-z0-9&-]+ ){0,3}(?:guidance|outlook|forecasts?|targets?|view)\b/g, 'guidance-cut', -4],
  [/\b(?:guidance|outlook|forecast) (?:cut|lowered|slashed|reduced|trimmed)\b/g, 'guidance-cut', -4],
  [/\b(?:raises?|raised|raising|lifts?|lifted|boosts?|boosted|ups|hikes?|hiked|increases|increased) (?:[a-z0-9&-]+ ){0,3}(?:guidance|outlook|forecasts?|view)\b/g, 'guidance-raise', 3],
  [/\b(?:guidance|outlook|forecast) (?:raised|lifted|boosted|increased)\b/g, 'guidance-raise', 3],
  [/\b(?:reaffirms?|reaffirmed|maintains|maintained|reiterates?|reiterated|keeps|kept) (?:its |their )?(?:full[- ]year |annual )?(?:guidance|outlook|forecast)\b/g, 'guidance-kept', 0],
  [/\bprice targets? (?:raised|hiked|lifted|increased|boosted)\b/g, 'pt-raise', 2],
  [/\b(?:raises?|raised|hikes?|hiked|lifts?|lifted|boosts?|boosted|increases) (?:the |its |their )?price targets?\b/g, 'pt-raise', 2],
  [/\bprice targets? (?:cut|lowered|slashed|reduced|trimmed)\b/g, 'pt-cut', -2],
  [/\b(?:cuts?|lowers?|lowered|slashes|slashed|trims?|trimmed|reduces) (?:the |its |their )?price targets?\b/g, 'pt-cut', -2],
  [/\b(?:posts?|posted|reports?|reported|hits?|notches|notched|sees|books|logs|logged) (?:a )?record\b(?! (?:loss|losses|lows?|outflows|deficit))/g, 'record-results', 3],
  [/\brecord (?:profits?|revenues?|sales|earnings|quarter|results|deliveries|highs?|inflows|margins?)\b/g, 'record-results', 3],
  [/\brecord (?:losses|loss|lows?|outflows)\b/g, 'record-loss', -3],
  [/\b(?:all[- ]time|record|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|multi)[- ](?:year|month|week|day)) highs?\b/g, 'new-high', 2],
  [/\b(?:all[- ]time|record|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|multi)[- ](?:year|month|week|day)) lows?\b/g, 'new-low', -2],
  [/\b(?:falls?|fell|comes?|came) short of\b/g, 'misses-estimates', -3],
  [/\b(?:beats?|beating|beat|tops?|topped|topping|exceeds?|exceeded|surpass(?:es|ed)?) (?:\S+ )?(?:estimates|expectations|forecasts|consensus|views|projections)\b/g, 'beats-estimates', 3],
  [/\b(?:miss(?:es|ed|ing)?|trails?|trailed|lags?|lagged) (?:\S+ )?(?:estimates|expectations|forecasts|consensus|views|projections)\b/g, 'misses-estimates', -3],
  [/\b(?:meets?|met|matches|matched) (?:\S+ )?(?:\S+ )?(?:estimates|expectations|forecasts|consensus|views|targets|goals)\b/g, 'meets-estimates', 1],
  [/\bin line with (?:\S+ )?(?:estimates|expectations|forecasts|consensus|views)\b/g, 'in-line', 0],
  [/\b(?:better|stronger|higher|faster)[- ]than[- ](?:expected|forecast|anticipated|estimated)\b/g, 'above-expectations', 3],
  [/\b(?:worse|weaker|lower|softer)[- ]than[- ](?:expected|forecast|anticipated|estimated)\b/g, 'below-expectations', -3],
  [/\b(?:cuts?|slashes|slashed|suspends?|suspended|omits|scraps|eliminates) (?:its |the )?(?:quarterly )?dividends?\b/g, 'dividend-cut', -3],
  [/\bdividends? (?:cut|suspended|slashed|eliminated)\b/g, 'dividend-cut', -3],
  [/\b(?:raises?|raised|hikes?|hiked|increases?|increased|boosts?|boosted|lifts) (?:its |the )?(?:quarterly |annual )?(?:dividends?|payout)\b/g, 'dividend-raise', 2],
  [/\b(?:share|stock) (?:buybacks?|repurchases?)\b/g, 'buyback', 2],
  [/\b(?:job|staff|workforce) cuts\b/g, 'job-cuts', -3],
  [/\b(?:cuts?|cutting|slashes|slashed) (?:\d[\d,]* )?(?:jobs|workers|staff|positions)\b/g, 'job-cuts', -3],
  [/\b(?:interest )?rate (?:cuts?|hikes?|decision)\b/g, 'rate-decision', 0],
  [/\bcost[- ]cut(?:s|ting)?\b/g, 'cost-cutting', 0],
  [/\bshort[- ]sellers?\b/g, 'short-seller', -1],
  [/\bgross margins?\b/g, 'gross-margin', 0],
  [/\bhealth ?care\b/g, 'healthcare', 0],
  [/\b(?:credit|debt) (?:rating )?downgrade\b/g, 'downgrade', -3],
];

/**
 * Contrast markers. In "X despite Y" the concessive clause Y weighs half; in "X but Y" the clause X
 * before the adversative weighs half: the headline's point is the other clause.
 */
export const CONCESSIVE = ['despite', 'although', 'though', 'even though', 'even as', 'in spite of'];
export const ADVERSATIVE = ['but', 'yet', 'however'];
export const CONTRAST_WEIGHT = 0.5;

/** Tokens that negate the sentiment of the next few tokens. */
export const NEGATORS: ReadonlySet<string> = new Set([
  'not', 'no', 'never', 'nor', 'without', "can't", 'cant', 'cannot', "don't", 'dont', "doesn't", 'doesnt', "didn't", 'didnt',
  "won't", 'wont', "isn't", 'isnt', "aren't", 'arent', "wasn't", 'wasnt', "hasn't", 'hasnt', "haven't", 'havent',
]);
/** How many tokens back a negator reaches ("not expected to beat", "no sign of recession"). */
export const NEGATION_WINDOW = 3;
