import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext, BenchResult, Ceilings } from '../run.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * `npm run demo`'s whole path, as a user runs it: wall time of the process, its peak RSS (the
 * kernel's maxrss via /usr/bin/time when present, else what the demo reports) and the share of the
 * time spent in the training job (study + final fit + evaluation).
 */
export async function run(_ceilings?: Ceilings, _context?: BenchContext): Promise<BenchResult[]> {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'apps/cli/bin/alphapulse.mjs'), 'demo', '--json'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const wall = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`demo exited ${code}: ${stderr.slice(-2000)}`);
  const summary = JSON.parse(stdout) as { seconds: number; trainingSeconds: number; peakRssMb: number; backend: string; trials: number };
  return [
    { name: 'demo wall time (whole process)', value: wall, unit: 's', ratio: { to: 'the 120 s target', value: wall / 120 }, note: `backend ${summary.backend}, ${summary.trials} trials` },
    { name: 'demo peak RSS', value: summary.peakRssMb, unit: 'MB', note: 'ingest + trainer + embedded PGlite in one process (process.resourceUsage().maxRSS)' },
    { name: 'demo share of time in training', value: summary.trainingSeconds / summary.seconds, unit: 'share', note: `${summary.trainingSeconds.toFixed(1)} s of ${summary.seconds.toFixed(1)} s from queueing the training job to its completion` },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run()) console.log(JSON.stringify(r));
}
