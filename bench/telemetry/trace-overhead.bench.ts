/**
 * Trace overhead: `alphapulse evaluate --mode ultra_fast` (5 trials, model auto, seed 42) on the 22-year
 * synthetic daily series (5,500 weekday bars, the trainer benchmark's series), each run a whole process,
 * in three variants interleaved round by round:
 *   - off: no OTEL_* (the SDK is never loaded);
 *   - on: OTEL_EXPORTER_OTLP_ENDPOINT pointing at an OTLP/HTTP receiver on loopback in this process (the
 *     SDK's default protocol, http/protobuf). A run exports one trace: `evaluate` → `study` → a `trial N`
 *     span per trial → its `fit <model>` span with one event per step (epoch or boosting round), and `test evaluation`; every
 *     traced run is checked to have delivered exactly that before its time counts;
 *   - sampled out: the same with OTEL_TRACES_SAMPLER=always_off (SDK, instrumentations and async context
 *     running, no span recorded): what tracing costs before a single span.
 * Every round checks that the variants computed the same result.
 *
 * Reported, each as the median over the rounds and as a ratio to `off` in the same run: CPU seconds of the
 * process (user + system, from /usr/bin/time: the machine is shared, and CPU time moves less with its
 * load than wall time), wall time, and the run's own timer (`report.seconds`: features, tuning, final
 * evaluation; start-up, SDK load and flush excluded).
 *
 * Alone: `node --import tsx bench/telemetry/trace-overhead.bench.ts [--quick]` (quick: 2,000 bars, 2 rounds).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ReceivedSpan, startOtlpReceiver } from '@alphapulse/telemetry/testing';
import type { OfflineReport } from '../../apps/trainer/src/offline/index.ts';
import type { BenchContext, BenchResult, Ceilings } from '../ceilings/types.ts';
import { syntheticDailyBars, writeDailyCsv } from '../trainer/daily-series.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'apps/cli/bin/alphapulse.mjs');

interface Run {
  wall: number;
  cpu: number;
  report: OfflineReport;
}

/** The environment without any OTEL_* variable, plus `extra`. */
function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_'))), ...extra };
}

/** One `evaluate` process under /usr/bin/time, asynchronously (the receiver in this process must keep answering). */
function evaluate(csv: string, env: NodeJS.ProcessEnv, timesFile: string): Promise<Run> {
  const args = ['-o', timesFile, '-f', '%U %S', process.execPath, CLI, 'evaluate', '--input', csv, '--mode', 'ultra_fast', '--seed', '42', '--json'];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('/usr/bin/time', args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('exit', (code) => {
      const wall = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`evaluate exited ${code}: ${stderr.split('\n').slice(-5).join('\n')}`));
      const [user, system] = readFileSync(timesFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
      resolve({ wall, cpu: user + system, report: JSON.parse(stdout.trim().split('\n').pop() as string) as OfflineReport });
    });
  });
}

/** Throws unless `spans` are one trace with the shape a traced evaluate run must export. */
function checkTrace(spans: ReceivedSpan[], report: OfflineReport): void {
  const traces = new Set(spans.map((s) => s.traceId));
  const trials = spans.filter((s) => /^trial \d+$/.test(s.name));
  const fits = spans.filter((s) => s.name.startsWith('fit '));
  const steps = report.trials.list.reduce((n, t) => n + t.steps, 0);
  const trialIds = new Set(trials.map((s) => s.spanId));
  const stepEvents = fits.filter((s) => trialIds.has(s.parentSpanId)).reduce((n, s) => n + s.events.filter((e) => e === 'step').length, 0);
  const problems = [
    traces.size !== 1 && `${traces.size} traces`,
    !spans.some((s) => s.name === 'evaluate' && s.parentSpanId === '') && 'no root evaluate span',
    trials.length !== report.trials.count && `${trials.length} trial spans for ${report.trials.count} trials`,
    fits.length < report.trials.count && `${fits.length} fit spans`,
    !spans.some((s) => s.name === 'test evaluation') && 'no test evaluation span',
    spans.some((s) => s.serviceName !== 'alphapulse-cli') && 'a span without service.name alphapulse-cli',
    (steps === 0 || stepEvents !== steps) && `${stepEvents} step events in the trials' fits for ${steps} steps`,
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`traced run exported an unexpected trace: ${problems.join(', ')}`);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

type Variant = 'off' | 'on' | 'sampledOut';
const VARIANTS: Variant[] = ['off', 'on', 'sampledOut'];

export async function run(_ceilings: Ceilings = {}, context?: Partial<BenchContext>): Promise<BenchResult[]> {
  const quick = context?.quick ?? process.env.BENCH_QUICK === '1';
  const barsCount = quick ? 2000 : 5500;
  const rounds = quick ? 2 : 3;
  const dir = join(tmpdir(), 'alphapulse-bench-telemetry');
  mkdirSync(dir, { recursive: true });
  const csv = join(dir, `daily-${barsCount}.csv`);
  const timesFile = join(dir, `time-${process.pid}.txt`);
  writeDailyCsv(csv, syntheticDailyBars(barsCount));

  const receiver = await startOtlpReceiver();
  const runs: Record<Variant, Run[]> = { off: [], on: [], sampledOut: [] };
  let spansPerRun = 0;
  try {
    for (let round = 0; round < rounds; round++) {
      // Rotate the order, so a drift in the machine's load does not favour one variant.
      for (let k = 0; k < VARIANTS.length; k++) {
        const variant = VARIANTS[(k + round) % VARIANTS.length];
        const extra =
          variant === 'off'
            ? {}
            : { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, ...(variant === 'sampledOut' ? { OTEL_TRACES_SAMPLER: 'always_off' } : {}) };
        const before = receiver.spans().length;
        const result = await evaluate(csv, envWith(extra), timesFile);
        const spans = receiver.spans().slice(before);
        if (variant === 'on') {
          checkTrace(spans, result.report);
          spansPerRun = spans.length;
        } else if (spans.length > 0) {
          throw new Error(`the ${variant} run exported ${spans.length} spans`);
        }
        runs[variant].push(result);
      }
      const [a, b, c] = VARIANTS.map((v) => runs[v][round].report);
      if (a.test.logLoss !== b.test.logLoss || a.test.logLoss !== c.test.logLoss || a.best.number !== b.best.number)
        throw new Error(`the variants disagree: best #${a.best.number}/#${b.best.number}/#${c.best.number}, test log loss ${a.test.logLoss}/${b.test.logLoss}/${c.test.logLoss}`);
    }
  } finally {
    await receiver.close();
  }

  const med = (v: Variant, f: (r: Run) => number) => median(runs[v].map(f));
  const cpu = (r: Run) => r.cpu;
  const wall = (r: Run) => r.wall;
  const inner = (r: Run) => r.report.seconds;
  const list = (v: Variant) => runs[v].map((r) => r.cpu.toFixed(1)).join(', ');
  const r = runs.on[0].report;
  const label = `${barsCount} daily bars, ${r.trials.count} trials (${r.trials.list.reduce((n, t) => n + t.steps, 0)} steps), backend ${r.backend}`;
  const vsOff = (v: Variant, f: (r: Run) => number, what: string) => ({ to: `without OTEL_*, ${med('off', f).toFixed(1)} s ${what} (same run)`, value: med(v, f) / med('off', f) });
  const rounding = `median of ${rounds} interleaved runs each`;
  return [
    {
      name: `telemetry: evaluate --mode ultra_fast without OTEL_*, CPU time, ${label}`,
      value: med('off', cpu),
      unit: 's',
      note: `whole process, user + system; ${rounding} (${list('off')} s); the SDK is not loaded; wall ${med('off', wall).toFixed(1)} s`,
    },
    {
      name: 'telemetry: the same traced (OTLP http/protobuf to loopback), CPU time',
      value: med('on', cpu),
      unit: 's',
      ratio: vsOff('on', cpu, 'CPU'),
      note: `${rounding} (${list('on')} s); ${spansPerRun} spans per run in one trace, checked at the receiver; includes loading @opentelemetry/sdk-node and the flush at exit`,
    },
    {
      name: 'telemetry: the same traced, wall time',
      value: med('on', wall),
      unit: 's',
      ratio: vsOff('on', wall, 'wall'),
      note: `${rounding}; wall time moves with the shared machine's load`,
    },
    {
      name: 'telemetry: the same traced, work timer (report.seconds)',
      value: med('on', inner),
      unit: 's',
      ratio: vsOff('on', inner, 'of work'),
      note: 'features, tuning, final evaluation; process start-up, SDK load and flush excluded',
    },
    {
      name: 'telemetry: SDK on, every trace sampled out (OTEL_TRACES_SAMPLER=always_off), CPU time',
      value: med('sampledOut', cpu),
      unit: 's',
      ratio: vsOff('sampledOut', cpu, 'CPU'),
      note: `${rounding} (${list('sampledOut')} s); SDK, instrumentations and async context running, no span recorded or sent`,
    },
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const quick = process.argv.includes('--quick');
  for (const r of await run({}, { quick })) {
    const ratio = r.ratio ? `  (${r.ratio.value.toFixed(3)} × ${r.ratio.to})` : '';
    console.log(`${r.name}: ${r.value.toPrecision(4)} ${r.unit}${ratio}${r.note ? `\n    ${r.note}` : ''}`);
  }
}
