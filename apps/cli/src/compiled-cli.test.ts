import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compiledCli } from '../bin/compiled-cli.mjs';

const CURRENT = fileURLToPath(new URL('../dist/current.json', import.meta.url));

describe('the compiled CLI', () => {
  it('is reused while no source is newer than it, rebuilt when one is, and keeps each source file its own import.meta.url', async () => {
    const first = await compiledCli();
    expect(await compiledCli()).toBe(first);
    const current = JSON.parse(readFileSync(CURRENT, 'utf8')) as { id: string; startedAt: number; inputs: string[] };
    expect(current.inputs).toContain('apps/trainer/src/tuning/parallel/worker-trial-runner.ts');
    expect(current.inputs).toContain('package-lock.json');
    expect(current.inputs.some((p) => p.includes('node_modules'))).toBe(false);

    // As if every source had been edited after the build.
    writeFileSync(CURRENT, JSON.stringify({ ...current, startedAt: 0 }));
    const rebuilt = await compiledCli();
    expect(rebuilt).not.toBe(first);
    expect(await compiledCli()).toBe(rebuilt);

    const dir = fileURLToPath(new URL('.', rebuilt));
    const bundle = readdirSync(dir)
      .filter((f) => f.endsWith('.mjs'))
      .map((f) => readFileSync(path.join(dir, f), 'utf8'))
      .join('\n');
    // The pool starts the compiled worker entry beside the bundle, not the TypeScript source.
    expect(readdirSync(dir)).toContain('trial-worker.mjs');
    expect(bundle).toContain('new URL("./trial-worker.mjs", import.meta.url)');
    // Data beside a source still resolves from that source's own location.
    const model = pathToFileURL(path.resolve(dir, '../../../ingest/src/sentiment/finance-sentiment-model.ts')).href;
    expect(bundle).toContain(`new URL("./model/finance-sentiment.json", ${JSON.stringify(model)})`);
  }, 120_000);
});
