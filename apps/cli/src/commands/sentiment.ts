import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { compareScorers, formatComparison, LabelledCsvError, MAX_HEADLINE_BYTES, type ModelHeadlineScore, readLabelledCsv, scoreHeadline, unscorableScore } from '@alphapulse/ingest/sentiment';
import { UsageError } from '../usage-error.ts';

const HELP = `usage:
  alphapulse sentiment "headline" [--json]
  alphapulse sentiment --input FILE [--json]     (one headline per line; FILE "-" reads stdin)
  alphapulse sentiment --eval FILE.csv [--json]  (labelled text,label file: compare the scorers)

Scores financial headlines with the learned finance model: a score in [-1, 1] (P(bullish) -
P(bearish)), a label, its calibrated confidence and the words that drove it. A line that is empty,
over ${MAX_HEADLINE_BYTES / 1024} kB, not UTF-8 or not English is scored neutral (0) with a reason.
With --input: one row per input line, in order ({line, text, score, label, confidence, words,
language, reason?} with --json).

--eval reads a CSV with a header naming the columns text and label. Labels: bearish/bullish/neutral,
negative/positive/neutral, 0/1/2 (Twitter Financial News: 0 bearish, 1 bullish, 2 neutral) or -1/0/1.
It prints, for the finance model, the finance lexicon and plain AFINN: 3-class accuracy, macro-F1,
polarity accuracy on the polar rows, coverage (share scored non-zero) and Pearson with the gold score.
`;

const NAMES = { input: 'input', eval: 'eval' } as const;

function line(s: ModelHeadlineScore): string {
  const why = s.reason ? `(${s.reason})` : s.words.join(', ') || '-';
  return `${s.score.toFixed(3)}\t${s.label}\t${s.confidence.toFixed(2)}\t${why}`;
}

/** Splits a file into lines, each decoded on its own so one bad byte costs only its line. */
function decodeLines(bytes: Buffer): { line: number; text: string; bad: boolean }[] {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const rows: { line: number; text: string; bad: boolean }[] = [];
  let start = 0;
  let n = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    n++;
    let end = i;
    if (end > start && bytes[end - 1] === 0x0d) end--;
    const raw = bytes.subarray(start, end);
    start = i + 1;
    if (i === bytes.length && raw.length === 0) break; // after the final newline
    try {
      rows.push({ line: n, text: decoder.decode(raw), bad: false });
    } catch {
      rows.push({ line: n, text: new TextDecoder('utf-8').decode(raw), bad: true });
    }
  }
  return rows;
}

/** `alphapulse sentiment`: scores headlines offline, or compares the scorers on a labelled file. */
export async function run(args: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: { input: { type: 'string' }, eval: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    }));
  } catch (err) {
    throw new UsageError(`sentiment: ${(err as Error).message}`);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const modes = [positionals.length > 0, values.input !== undefined, values.eval !== undefined].filter(Boolean).length;
  if (modes > 1) throw new UsageError(`sentiment: give one of a headline, --${NAMES.input} FILE or --${NAMES.eval} FILE`);
  if (modes === 0) throw new UsageError(`sentiment: nothing to score\n${HELP}`);

  if (values.eval !== undefined) return evaluate(values.eval as string, values.json === true);
  if (values.input === undefined) {
    const text = positionals.join(' ');
    const s = scoreHeadline(text);
    process.stdout.write(values.json ? `${JSON.stringify({ text, ...s })}\n` : `${line(s)}\n`);
    return 0;
  }
  const input = values.input as string;
  let bytes: Buffer;
  try {
    bytes = readFileSync(input === '-' ? 0 : input);
  } catch (err) {
    throw new UsageError(`sentiment: cannot read ${input}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const rows = decodeLines(bytes).map((r) => {
    const s = r.bad ? unscorableScore('invalid-utf8') : scoreHeadline(r.text);
    // A line too long to score is not echoed back whole.
    const text = s.reason === 'too-long' ? `${r.text.slice(0, 80)}…` : r.text;
    return { line: r.line, text, ...s };
  });
  if (values.json) process.stdout.write(`${JSON.stringify(rows)}\n`);
  else for (const r of rows) process.stdout.write(`${r.line}\t${line(r)}\t${r.text.trim()}\n`);
  return 0;
}

function evaluate(file: string, json: boolean): number {
  let rows: ReturnType<typeof readLabelledCsv>;
  try {
    rows = readLabelledCsv(file);
  } catch (err) {
    if (err instanceof LabelledCsvError) throw new UsageError(`sentiment --eval: ${err.message}`);
    throw new UsageError(`sentiment --eval: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (rows.length === 0) throw new UsageError(`sentiment --eval: ${file} has a header but no rows`);
  const reports = compareScorers(rows);
  process.stdout.write(json ? `${JSON.stringify({ file, reports }, null, 1)}\n` : formatComparison(file, reports));
  return 0;
}
