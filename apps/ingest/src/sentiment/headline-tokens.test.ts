import { describe, expect, it } from 'vitest';
import { loadLabelledHeadlines } from './headline-evaluation.ts';
import { tokenizeHeadline } from './headline-tokens.ts';
import { readLabelledCsv } from './labelled-csv.ts';

const tokens = (text: string) => tokenizeHeadline(text).tokens.join(' ');

describe('tokenizeHeadline', () => {
  it('drops links and replaces cashtags, tickers, amounts, percentages and numbers by placeholders', () => {
    expect(tokens('$CX - Cemex cut at Credit Suisse https://t.co/KN1g4AWFIb')).toBe('<cashtag> cemex cut at credit suisse');
    expect(tokens('Hedge Funds Are Selling Covanta Holding (CVA)')).toBe('hedge funds are selling covanta holding <ticker>');
    expect(tokens('Enochian Bio +18% premarket, peers -2.5% and index 0.4%')).toBe('enochian bio <pct+> premarket peers <pct-> and index <pct>');
    expect(tokens('Endologix sees Q4 revenue of ~$35.8M')).toBe('endologix sees q4 revenue of <money>');
  });

  it('reads a move between two amounts as a direction', () => {
    expect(tokens('Tesla price target raised to $250 from $200')).toBe('tesla price target raised to <money> from <money> <num-up>');
    expect(tokens('PT cut to $30 from $35.50')).toContain('<num-down>');
    expect(tokens('revenue rose from EUR 8.7 mn to EUR 13.1 mn')).toContain('<num-up>');
    expect(tokens('Q4 EPS $1.00 vs. 40 cents a year ago')).toContain('<num-up>');
    expect(tokens('Q4 EPS 30 cents vs. $1.10 a year ago')).toContain('<num-down>');
  });

  it('marks the words after a negator, up to three and within the clause', () => {
    expect(tokens('Netflix fails to beat estimates')).toBe('netflix fails not_beat not_estimates');
    expect(tokens('Fed sees no recession this year or next')).toBe('fed sees no not_recession not_this not_year or next');
    expect(tokens('Results did not disappoint; shares plunge')).toBe('results did not not_disappoint shares plunge');
    expect(tokens('No deal but talks go on')).toBe('no not_deal but talks go on');
  });

  it('keeps the plain word behind each token for character n-grams, none for placeholders', () => {
    const t = tokenizeHeadline('Apple not up 5%');
    expect(t.stems).toEqual(['apple', 'not', 'up', '']);
    expect(t.negated).toEqual([false, false, true, false]);
  });

  it('scans exactly as the reference regex tokeniser does (training file and headlines.csv)', () => {
    const texts = [
      ...readLabelledCsv(new URL('../../../../data/sentiment/twitter-financial-news/twitter-financial-news-train.csv', import.meta.url).pathname),
      ...loadLabelledHeadlines(),
    ].map((r) => r.text);
    texts.push('usd5bn deal, nasdaq: aapl up, www.x.com, nyse:ibm - "quoted" & co', 'a - b – c — d', '--x- y-');
    const differing = texts.filter((t) => JSON.stringify(tokenizeHeadline(t)) !== JSON.stringify(tokenizeHeadline(t, false)));
    expect(differing).toEqual([]);
  });
});
