/**
 * `npm run bench`: measures this machine's ceilings (Redis, BullMQ, Postgres) and then runs every
 * benchmark module bench/<area>/<name>.bench.ts in the same run, so every ratio compares figures
 * taken minutes apart on the same machine under the same load. Prints a table and writes
 * bench/out/results.json and bench/out/results.md.
 *
 *   npm run bench                         everything
 *   npm run bench -- --quick              smaller sizes (modules see process.env.BENCH_QUICK=1)
 *   npm run bench -- --only features      one area (its module(s) + the ceilings); repeatable, comma lists
 *   npm run bench -- --only ceilings      the ceilings alone (or --only redis / bullmq / postgres)
 *   npm run bench -- --only trainer --no-ceilings
 *   npm run bench -- --list               what would run
 *   npm run bench -- --only faults        the fault suite (bench/faults; also alone: bench/faults/run-faults.ts)
 *
 * Loopback only: REDIS_URL and TEST_DATABASE_URL must point at this machine.
 */
import { readdir, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  type BenchContext,
  type BenchResult,
  CEILING_GROUPS,
  type CeilingGroup,
  type CeilingName,
  type Ceilings,
  formatNumber,
  measureCeilings,
} from './ceilings/index.ts';

export type { BenchContext, BenchModule, BenchResult, CeilingName, Ceilings } from './ceilings/index.ts';
export { ratioTo } from './ceilings/index.ts';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(benchDir, '..');

/** Bad command-line flags: exit 2 with the message. */
export class BenchUsageError extends Error {
  override name = 'BenchUsageError';
}

export interface ModuleEntry {
  /** `<area>/<stem>`, e.g. `features/features`. */
  name: string;
  area: string;
  stem: string;
  file: string;
}

/** Every bench/<area>/<stem>.bench.ts, sorted by name. */
export async function discoverModules(dir = benchDir): Promise<ModuleEntry[]> {
  const entries: ModuleEntry[] = [];
  for (const area of await readdir(dir, { withFileTypes: true })) {
    if (!area.isDirectory() || area.name === 'out' || area.name === 'ceilings' || area.name === 'node_modules') continue;
    for (const file of await readdir(path.join(dir, area.name))) {
      if (!file.endsWith('.bench.ts')) continue;
      const stem = file.slice(0, -'.bench.ts'.length);
      entries.push({ name: `${area.name}/${stem}`, area: area.name, stem, file: path.join(dir, area.name, file) });
    }
  }
  return entries.sort((a, b) => a.name.localeCompare(b.name));
}

export interface Selection {
  modules: ModuleEntry[];
  ceilingGroups: CeilingGroup[];
}

/**
 * What `--only` selects. A name matches a module by area, stem or area/stem, and a ceiling group by
 * `ceilings`, its group name or `ceilings/<group>`. Selected modules bring all ceilings along (their
 * ratios need them) unless a ceiling group is named too or `--no-ceilings` is given.
 */
export function select(modules: ModuleEntry[], only: string[], noCeilings: boolean): Selection {
  if (only.length === 0) return { modules, ceilingGroups: noCeilings ? [] : [...CEILING_GROUPS] };
  const chosenModules = new Set<ModuleEntry>();
  const chosenGroups = new Set<CeilingGroup>();
  for (const name of only) {
    let matched = false;
    if (name === 'ceilings') {
      for (const g of CEILING_GROUPS) chosenGroups.add(g);
      matched = true;
    }
    for (const g of CEILING_GROUPS) {
      if (name === g || name === `ceilings/${g}`) {
        chosenGroups.add(g);
        matched = true;
      }
    }
    for (const m of modules) {
      if (name === m.area || name === m.stem || name === m.name) {
        chosenModules.add(m);
        matched = true;
      }
    }
    if (!matched) {
      const known = ['ceilings', ...CEILING_GROUPS, ...new Set(modules.flatMap((m) => [m.area, m.name]))];
      throw new BenchUsageError(`--only ${name}: no such benchmark; known: ${known.join(', ')}`);
    }
  }
  let ceilingGroups = [...chosenGroups];
  if (ceilingGroups.length === 0 && chosenModules.size > 0 && !noCeilings) ceilingGroups = [...CEILING_GROUPS];
  if (noCeilings) ceilingGroups = [];
  return { modules: modules.filter((m) => chosenModules.has(m)), ceilingGroups };
}

/** Thrown for a result that does not follow the BenchResult contract; names the module and the result. */
export class InvalidBenchResultError extends Error {
  override name = 'InvalidBenchResultError';
}

/**
 * Checks one result a module returned. A figure that could not be measured (a comparison tool is
 * missing, say) may be reported with a non-finite value, but then its note must say why; it shows
 * as "—" and no ratio is computed from it.
 */
export function validateResult(module: string, index: number, r: unknown): BenchResult {
  const where = `${module}: result ${index}`;
  if (typeof r !== 'object' || r === null) throw new InvalidBenchResultError(`${where} is not an object`);
  const { name: label, value: figure, unit, ratio, note } = r as BenchResult;
  if (typeof label !== 'string' || label === '') throw new InvalidBenchResultError(`${where}: name must be a non-empty string`);
  if (typeof figure !== 'number') throw new InvalidBenchResultError(`${where} (${label}): value must be a number`);
  if (!Number.isFinite(figure) && !(typeof note === 'string' && note.trim() !== '')) {
    throw new InvalidBenchResultError(`${where} (${label}): value is ${figure}; a figure that was not measured needs a note saying why`);
  }
  if (typeof unit !== 'string') throw new InvalidBenchResultError(`${where} (${label}): unit must be a string`);
  if (ratio !== undefined && (typeof ratio?.to !== 'string' || typeof ratio.value !== 'number' || !Number.isFinite(ratio.value))) {
    throw new InvalidBenchResultError(`${where} (${label}): ratio must be {to: string, value: finite number}`);
  }
  if (note !== undefined && typeof note !== 'string') throw new InvalidBenchResultError(`${where} (${label}): note must be a string`);
  return { name: label, value: figure, unit, ...(ratio ? { ratio } : {}), ...(note ? { note } : {}) };
}

/**
 * The results of one module, checked one by one: valid rows are kept even when others are not,
 * and each invalid one becomes an error (the run then exits 1).
 */
export function validateResults(module: string, value: unknown): { rows: BenchResult[]; errors: string[] } {
  if (!Array.isArray(value)) {
    return { rows: [], errors: [`${module}: run() must resolve to an array of BenchResult, got ${value === null ? 'null' : typeof value}`] };
  }
  const rows: BenchResult[] = [];
  const errors: string[] = [];
  value.forEach((r, i) => {
    try {
      rows.push(validateResult(module, i, r));
    } catch (err) {
      errors.push((err as Error).message);
    }
  });
  return { rows, errors };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 60_000} min`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface ReportRow extends BenchResult {
  /** `ceilings` or the module name. */
  source: string;
}

function ceilingRows(ceilings: Ceilings): ReportRow[] {
  return (Object.entries(ceilings) as Array<[CeilingName, NonNullable<Ceilings[CeilingName]>]>).map(([name, c]) => ({
    source: 'ceilings',
    name,
    value: c.value,
    unit: c.unit,
    note: c.note,
  }));
}

/** A figure for the tables: "—" when it was not measured. */
function figure(value: number): string {
  return Number.isFinite(value) ? formatNumber(value) : '—';
}

function ratioText(row: BenchResult): string {
  return row.ratio ? `${formatNumber(row.ratio.value)}× ${row.ratio.to}` : '';
}

/** The results as an aligned plain-text table. */
export function textTable(rows: ReportRow[]): string {
  const header = ['source', 'benchmark', 'value', 'unit', 'ratio'];
  const body = rows.map((r) => [r.source, r.name, figure(r.value), r.unit, ratioText(r)]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

const md = (text: string) => text.replace(/\|/g, '\\|');

/** The results as a markdown report (bench/out/results.md). */
export function markdownReport(report: BenchReport): string {
  const lines = [
    `# Benchmark results`,
    '',
    `${report.startedAt} → ${report.finishedAt}${report.quick ? ' (--quick sizes)' : ''}.`,
    `Machine: ${report.host.cpus} × ${report.host.cpuModel}, ${report.host.memoryGiB} GiB, ${report.host.platform}, Node ${report.host.node}; ` +
      `load average ${report.host.loadAverageStart.join(' / ')} at start, ${report.host.loadAverageEnd.join(' / ')} at the end.`,
    '',
    '| source | benchmark | value | unit | ratio | note |',
    '| --- | --- | ---: | --- | --- | --- |',
    ...report.rows.map((r) => `| ${md(r.source)} | ${md(r.name)} | ${figure(r.value)} | ${md(r.unit)} | ${md(ratioText(r))} | ${md(r.note ?? '')} |`),
  ];
  if (report.errors.length > 0) {
    lines.push('', '## Failed', '', ...report.errors.map((e) => `- **${md(e.source)}**: ${md(e.message)}`));
  }
  return `${lines.join('\n')}\n`;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  host: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    platform: string;
    node: string;
    loadAverageStart: number[];
    loadAverageEnd: number[];
  };
  ceilings: Ceilings;
  rows: ReportRow[];
  seconds: Record<string, number>;
  errors: Array<{ source: string; message: string }>;
}

function loadAverage(): number[] {
  return os.loadavg().map((l) => Math.round(l * 100) / 100);
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string', multiple: true },
      quick: { type: 'boolean', default: false },
      'no-ceilings': { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      'timeout-min': { type: 'string', default: '15' },
      out: { type: 'string', default: path.join(benchDir, 'out') },
    },
    allowPositionals: false,
  });
  const only = (values.only ?? []).flatMap((o) => o.split(',')).map((o) => o.trim()).filter(Boolean);
  const timeoutMin = Number(values['timeout-min']);
  if (!(timeoutMin > 0)) throw new BenchUsageError(`--timeout-min must be a positive number of minutes, got ${values['timeout-min']}`);
  const quick = values.quick === true || process.env.BENCH_QUICK === '1';
  if (quick) process.env.BENCH_QUICK = '1';

  const selection = select(await discoverModules(), only, values['no-ceilings'] === true);
  if (values.list) {
    console.log(`ceilings: ${selection.ceilingGroups.join(', ') || '(none)'}`);
    console.log(`modules:  ${selection.modules.map((m) => m.name).join(', ') || '(none)'}`);
    return 0;
  }

  const log = (line: string) => console.error(`[bench] ${line}`);
  const startedAt = new Date().toISOString();
  const loadAverageStart = loadAverage();
  const rows: ReportRow[] = [];
  const errors: BenchReport['errors'] = [];
  const seconds: Record<string, number> = {};

  const ceilingRun = await measureCeilings({ quick, groups: selection.ceilingGroups, log });
  rows.push(...ceilingRows(ceilingRun.ceilings));
  for (const e of ceilingRun.errors) errors.push({ source: `ceilings/${e.group}`, message: e.message });
  for (const [group, s] of Object.entries(ceilingRun.seconds)) seconds[`ceilings/${group}`] = s;

  const context: BenchContext = { quick, outDir: values.out as string };
  for (const module of selection.modules) {
    log(`${module.name} ...`);
    const started = performance.now();
    try {
      const loaded = (await import(pathToFileURL(module.file).href)) as { run?: unknown; timeoutMinutes?: unknown };
      if (typeof loaded.run !== 'function') throw new Error(`${path.relative(repoRoot, module.file)} does not export run()`);
      const run = loaded.run as (c: Ceilings, ctx: BenchContext) => Promise<unknown>;
      // A module that needs longer than the default says so (`export const timeoutMinutes`).
      const limit = Math.max(timeoutMin, typeof loaded.timeoutMinutes === 'number' ? loaded.timeoutMinutes : 0);
      const checked = validateResults(module.name, await withTimeout(run(ceilingRun.ceilings, context), limit * 60_000, module.name));
      rows.push(...checked.rows.map((r) => ({ source: module.name, ...r })));
      for (const message of checked.errors) {
        errors.push({ source: module.name, message });
        log(`${module.name}: ${message}`);
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      errors.push({ source: module.name, message });
      log(`${module.name} FAILED: ${message}`);
    }
    seconds[module.name] = (performance.now() - started) / 1000;
  }

  const report: BenchReport = {
    startedAt,
    finishedAt: new Date().toISOString(),
    quick,
    host: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      platform: `${os.type()} ${os.release()} ${os.arch()}`,
      node: process.versions.node,
      loadAverageStart,
      loadAverageEnd: loadAverage(),
    },
    ceilings: ceilingRun.ceilings,
    rows,
    seconds,
    errors,
  };
  const outDir = values.out as string;
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(path.join(outDir, 'results.md'), markdownReport(report));

  console.log(textTable(rows));
  for (const e of errors) console.log(`FAILED ${e.source}: ${e.message}`);
  log(`wrote ${path.relative(process.cwd(), path.join(outDir, 'results.json'))} and results.md`);
  return errors.length > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      // Modules may leave handles open (a timed-out run keeps going): the report is written, so end.
      process.exit(code);
    },
    (err) => {
      console.error(err instanceof BenchUsageError || err?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `bench: ${err.message}` : err);
      process.exit(2);
    },
  );
}
