import { describe, expect, it } from 'vitest';
import { normaliseHeadline, scoreHeadlineAfinn, scoreHeadlineLexicon as scoreHeadline } from './finance-sentiment.ts';
import { loadLabelledHeadlines } from './headline-evaluation.ts';
import { readLabelledCsv } from './labelled-csv.ts';
import { sentimentReport } from './sentiment-metrics.ts';

describe('scoreHeadlineLexicon', () => {
  it('reads finance verbs and phrases AFINN misses', () => {
    expect(scoreHeadline('Intel cuts full-year guidance').label).toBe('negative');
    expect(scoreHeadlineAfinn('Intel cuts full-year guidance').score).toBeGreaterThan(-0.3);
    expect(scoreHeadline('Nvidia beats estimates').words).toEqual(['beats-estimates']);
    expect(scoreHeadline('Analyst downgrades Boeing').label).toBe('negative');
    expect(scoreHeadline('Shares soar after record profit').label).toBe('positive');
    expect(scoreHeadline('Tesla price target raised at Morgan Stanley').label).toBe('positive');
  });

  it('neutralises AFINN words that mislead in market news', () => {
    expect(scoreHeadlineAfinn('Apple shares').label).toBe('positive');
    expect(scoreHeadline('Apple shares').label).toBe('neutral');
    expect(scoreHeadlineAfinn('Chip demand in focus').label).toBe('negative');
    expect(scoreHeadline('Chip demand in focus')).toEqual({ score: 0, label: 'neutral', words: [] });
  });

  it('negates within the clause only', () => {
    expect(scoreHeadline('Netflix fails to beat estimates').label).toBe('negative');
    expect(scoreHeadline('Netflix fails to beat estimates').words).toEqual(['not beats-estimates']);
    expect(scoreHeadline('Fed sees no recession this year').label).toBe('positive');
    // "not" does not reach into the next clause
    expect(scoreHeadline('Results did not disappoint; shares plunge').label).toBe('negative');
  });

  it('weighs the main clause over a concessive or contrasted one', () => {
    expect(scoreHeadline('Nvidia beats estimates but stock falls').label).toBe('negative');
    expect(scoreHeadline('Sales beat forecasts despite China worries').label).toBe('positive');
  });

  it('keeps scores in [-1, 1] with 0 for neutral', () => {
    const s = scoreHeadline('Bankruptcy, fraud, default and plunge as stock crashes and sinks');
    expect(s.score).toBeLessThanOrEqual(-0.99);
    expect(s.score).toBeGreaterThanOrEqual(-1);
    expect(scoreHeadline('Oracle to report earnings on Tuesday').score).toBe(0);
  });
});

describe('labelled headlines (data/sentiment/headlines.csv)', () => {
  const all = loadLabelledHeadlines();
  const heldOut = all.filter((h) => h.heldOut);

  it('has at least 300 headlines, balanced across labels, a third held out', () => {
    expect(all.length).toBeGreaterThanOrEqual(300);
    for (const label of ['positive', 'negative', 'neutral'] as const) {
      const share = all.filter((h) => h.label === label).length / all.length;
      expect(share).toBeGreaterThan(0.28);
    }
    expect(heldOut.length / all.length).toBeGreaterThan(0.25);
    expect(heldOut.length / all.length).toBeLessThan(0.42);
  });

  it('beats plain AFINN on the held-out part in accuracy and coverage', () => {
    const gold = heldOut.map((h) => h.label);
    const ours = sentimentReport(gold, heldOut.map((h) => scoreHeadline(h.text)));
    const afinn = sentimentReport(gold, heldOut.map((h) => scoreHeadlineAfinn(h.text)));
    expect(ours.accuracy).toBeGreaterThan(afinn.accuracy + 0.1);
    expect(ours.coverage).toBeGreaterThan(afinn.coverage);
    expect(ours.polarityAccuracy).toBeGreaterThan(afinn.polarityAccuracy);
  });
});

describe('normaliseHeadline', () => {
  it('skipping phrase patterns whose anchors are absent changes nothing (training file and headlines.csv)', () => {
    const texts = [
      ...readLabelledCsv(new URL('../../../../data/sentiment/twitter-financial-news/twitter-financial-news-train.csv', import.meta.url).pathname),
      ...loadLabelledHeadlines(),
    ].map((r) => r.text);
    const differing = texts.filter((t) => normaliseHeadline(t) !== normaliseHeadline(t, false));
    expect(differing).toEqual([]);
    expect(texts.length).toBeGreaterThan(9800);
  });
});
