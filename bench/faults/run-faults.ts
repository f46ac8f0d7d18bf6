/**
 * The fault suite on its own: `node --import tsx bench/faults/run-faults.ts [--short] [--only ID ...] [--out DIR]`.
 * Prints the markdown table on stdout (progress on stderr), writes DIR/results.json and results.md
 * (default bench/out/faults) and exits 1 when any scenario did not recover or left anything
 * stranded, lost or duplicated (CI runs `--short`).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cleanUpOnSignals } from './cleanups.ts';
import { faultMarkdown } from './fault-report.ts';
import { type FaultSuiteReport, runFaultSuite, SCENARIOS, UnknownScenarioError } from './fault-suite.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Writes results.json and results.md of a suite run into `dir`. */
export async function writeFaultReport(report: FaultSuiteReport, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(path.join(dir, 'results.md'), faultMarkdown(report));
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      short: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
      out: { type: 'string', default: path.join(here, '..', 'out', 'faults') },
      list: { type: 'boolean', default: false },
    },
  });
  if (values.list) {
    for (const s of SCENARIOS) console.log(`${s.id.padEnd(24)} ${s.short ? 'short ' : '      '} ${s.fault}`);
    return 0;
  }
  cleanUpOnSignals();
  const only = (values.only ?? []).flatMap((o) => o.split(',')).map((o) => o.trim()).filter(Boolean);
  const report = await runFaultSuite({ short: values.short, only });
  await writeFaultReport(report, values.out as string);
  console.log(faultMarkdown(report));
  return report.passed ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof UnknownScenarioError || err?.code?.startsWith?.('ERR_PARSE_ARGS') ? `faults: ${err.message}` : err);
      process.exit(2);
    },
  );
}
