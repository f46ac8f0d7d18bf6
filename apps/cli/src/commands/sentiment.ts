import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { scoreHeadline } from '@alphapulse/ingest/sentiment';
import { UsageError } from '../usage-error.ts';

const HELP = `usage:
  alphapulse sentiment "headline" [--json]
  alphapulse sentiment --input FILE [--json]     (one headline per line; FILE "-" reads stdin)

Scores financial headlines in [-1, 1] (0 = neutral) with the finance-aware lexicon and prints the
words that drove each score. With --input and --json: a JSON array, one object per non-empty input
line, in input order: {line, text, score, label, words}.
`;

/** `alphapulse sentiment`: scores headlines offline. */
export async function run(args: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: { input: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
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
  const input = values.input as string | undefined;
  if (input !== undefined && positionals.length) throw new UsageError('sentiment: give a headline or --input FILE, not both');
  if (input === undefined && positionals.length === 0) throw new UsageError(`sentiment: nothing to score\n${HELP}`);

  if (input === undefined) {
    const text = positionals.join(' ');
    const s = scoreHeadline(text);
    if (values.json) process.stdout.write(`${JSON.stringify({ text, ...s })}\n`);
    else process.stdout.write(`${s.score.toFixed(3)}\t${s.label}\t${s.words.join(', ') || '-'}\n`);
    return 0;
  }
  let content: string;
  try {
    content = readFileSync(input === '-' ? 0 : input, 'utf8');
  } catch (err) {
    throw new UsageError(`sentiment: cannot read ${input}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const rows = content
    .split(/\r?\n/)
    .map((text, i) => ({ line: i + 1, text: text.trim() }))
    .filter((r) => r.text !== '')
    .map((r) => ({ ...r, ...scoreHeadline(r.text) }));
  if (values.json) process.stdout.write(`${JSON.stringify(rows)}\n`);
  else for (const r of rows) process.stdout.write(`${r.score.toFixed(3)}\t${r.label}\t${r.text}\n`);
  return 0;
}
