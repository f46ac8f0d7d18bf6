import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Bar } from '@alphapulse/market';
import { describe, expect, it } from 'vitest';
import { buildTargets, computeFeatures } from './index.ts';

const bar = (iso: string, close: number, adjClose?: number): Bar => ({ ts: new Date(`${iso}T00:00:00Z`), open: close, high: close, low: close, close, volume: 1, adjClose });

describe('buildTargets', () => {
  it('next return and direction on adjusted closes, aligned with feature rows, empty on the last bar', () => {
    const bars = [bar('2024-01-03', 12, 3), bar('2024-01-02', 10, 2.5), bar('2024-01-04', 12, 3), bar('2024-01-05', 11, 2.75)];
    const t = buildTargets(bars);
    expect([...t.direction]).toEqual([1, 0, 0, Number.NaN]);
    expect(t.nextReturn[0]).toBeCloseTo(0.2, 14);
    expect(t.nextReturn[1]).toBe(0);
    expect(t.nextReturn[2]).toBeCloseTo(-1 / 12, 14);
    expect(Number.isNaN(t.nextReturn[3])).toBe(true);
    expect(computeFeatures(bars, { set: 'technical' }).ts.length).toBe(t.direction.length);
  });

  it('share no arrays with the features', () => {
    const bars = [bar('2024-01-02', 10), bar('2024-01-03', 11)];
    const f = computeFeatures(bars, { set: 'technical' });
    const t = buildTargets(bars);
    const buffers = new Set([f.ts.buffer, f.availableAt.buffer, ...Object.values(f.columns).map((c) => c.buffer)]);
    expect(buffers.has(t.nextReturn.buffer) || buffers.has(t.direction.buffer)).toBe(false);
  });

  it('are unreachable from the feature code: no module but targets.ts and the index imports it', () => {
    const dir = fileURLToPath(new URL('.', import.meta.url));
    const sources = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('test-support'));
    const importers = sources.filter((f) => /from '\.{1,2}\/(.*\/)?targets\.ts'/.test(readFileSync(`${dir}/${f}`, 'utf8')));
    // feature-batch.ts only imports the Targets *type* to serialise targets beside features.
    expect(importers.sort()).toEqual(['feature-batch.ts', 'index.ts']);
    expect(readFileSync(`${dir}/feature-batch.ts`, 'utf8')).toMatch(/import type \{ Targets \} from '\.\/targets\.ts'/);
  });
});
