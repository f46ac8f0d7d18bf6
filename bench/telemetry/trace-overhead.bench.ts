/**
 * Trace overhead: `alphapulse evaluate --mode ultra_fast` (5 trials, model auto, seed 42) on the 22-year
 * synthetic daily series (5,500 weekday bars, the trainer benchmark's series), each run a whole process,
 * alternately without OTEL_* and with OTEL_EXPORTER_OTLP_ENDPOINT pointing at an OTLP/HTTP receiver on
 * loopback in this process (the SDK's default protocol, http/protobuf). With tracing on, a run exports one
 * trace: `evaluate` → `study` → a `trial N` span per trial → its `fit <model>` span with one event per
 * epoch, and `test evaluation`. Every traced run is checked to have delivered exactly that before its time
 * counts, and every pair to have computed the same result.
 *
 * Reported: the median wall time of each, their ratio (the whole-process cost of tracing: loading the SDK
 * and its instrumentations, the spans, the final flush), and the ratio of the run's own timer
 * (`report.seconds`: features, tuning, final evaluation; start-up and flush excluded).
 *
 * Alone: `node --import tsx bench/telemetry/trace-overhead.bench.ts [--quick]` (quick: 2,000 bars, 2 pairs).
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
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
  seconds: number;
  report: OfflineReport;
}

/** The environment without any OTEL_* variable, plus `extra`. */
function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_'))), ...extra };
}

/** One `evaluate` process, asynchronously (the receiver in this process must keep answering). */
function evaluate(csv: string, env: NodeJS.ProcessEnv): Promise<Run> {
  const args = [CLI, 'evaluate', '--input', csv, '--mode', 'ultra_fast', '--seed', '42', '--json'];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.once('error', reject);
    child.once('exit', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`evaluate exited ${code}: ${stderr.split('\n').slice(-5).join('\n')}`));
      resolve({ seconds, report: JSON.parse(stdout.trim().split('\n').pop() as string) as OfflineReport });
    });
  });
}

/** Throws unless `spans` are one trace with the shape a traced evaluate run must export. */
function checkTrace(spans: ReceivedSpan[], report: OfflineReport): void {
  const traces = new Set(spans.map((s) => s.traceId));
  const trials = spans.filter((s) => /^trial \d+$/.test(s.name));
  const fits = spans.filter((s) => s.name.startsWith('fit '));
  const epochs = report.trials.list.reduce((n, t) => n + t.epochs, 0);
  const problems = [
    traces.size !== 1 && `${traces.size} traces`,
    !spans.some((s) => s.name === 'evaluate' && s.parentSpanId === '') && 'no root evaluate span',
    trials.length !== report.trials.count && `${trials.length} trial spans for ${report.trials.count} trials`,
    fits.length < report.trials.count && `${fits.length} fit spans`,
    !spans.some((s) => s.name === 'test evaluation') && 'no test evaluation span',
    spans.some((s) => s.serviceName !== 'alphapulse-cli') && 'a span without service.name alphapulse-cli',
    epochs === 0 && 'no epochs',
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`traced run exported an unexpected trace: ${problems.join(', ')}`);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function run(_ceilings: Ceilings = {}, context?: Partial<BenchContext>): Promise<BenchResult[]> {
  const quick = context?.quick ?? process.env.BENCH_QUICK === '1';
  const barsCount = quick ? 2000 : 5500;
  const pairs = quick ? 2 : 3;
  const dir = join(tmpdir(), 'alphapulse-bench-telemetry');
  mkdirSync(dir, { recursive: true });
  const csv = join(dir, `daily-${barsCount}.csv`);
  writeDailyCsv(csv, syntheticDailyBars(barsCount));

  const receiver = await startOtlpReceiver();
  const off: Run[] = [];
  const on: Run[] = [];
  let spansPerRun = 0;
  try {
    for (let i = 0; i < pairs; i++) {
      // Alternate which goes first, so a drift in the machine's load does not favour one side.
      const order = i % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const);
      for (const side of order) {
        if (side === 'off') {
          off.push(await evaluate(csv, envWith({})));
          continue;
        }
        const before = receiver.spans().length;
        const traced = await evaluate(csv, envWith({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }));
        const spans = receiver.spans().slice(before);
        checkTrace(spans, traced.report);
        spansPerRun = spans.length;
        on.push(traced);
      }
      const [a, b] = [off[off.length - 1].report, on[on.length - 1].report];
      if (a.test.logLoss !== b.test.logLoss || a.best.number !== b.best.number)
        throw new Error(`traced and untraced runs disagree: best #${a.best.number} vs #${b.best.number}, test log loss ${a.test.logLoss} vs ${b.test.logLoss}`);
    }
  } finally {
    await receiver.close();
  }

  const wallOff = median(off.map((r) => r.seconds));
  const wallOn = median(on.map((r) => r.seconds));
  const innerOff = median(off.map((r) => r.report.seconds));
  const innerOn = median(on.map((r) => r.report.seconds));
  const r = on[0].report;
  const label = `${barsCount} daily bars, ${r.trials.count} trials (${r.trials.list.reduce((n, t) => n + t.epochs, 0)} epochs), backend ${r.backend}`;
  const sizes = `median of ${pairs} runs each, interleaved`;
  return [
    {
      name: `telemetry: evaluate --mode ultra_fast without OTEL_*, ${label}`,
      value: wallOff,
      unit: 's',
      note: `whole process; ${sizes}; the SDK is not loaded`,
    },
    {
      name: `telemetry: evaluate --mode ultra_fast with OTEL_* (OTLP http/protobuf to loopback), ${label}`,
      value: wallOn,
      unit: 's',
      ratio: { to: 'the same runs without OTEL_* (same run)', value: wallOn / wallOff },
      note: `whole process; ${sizes}; ${spansPerRun} spans per run in one trace, checked at the receiver; includes loading @opentelemetry/sdk-node and the flush at exit`,
    },
    {
      name: 'telemetry: evaluate work (report.seconds) with / without OTEL_*',
      value: innerOn,
      unit: 's',
      ratio: { to: `untraced ${innerOff.toFixed(2)} s (same run)`, value: innerOn / innerOff },
      note: 'the run timer: features, tuning, final evaluation; process start-up, SDK load and flush excluded',
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
