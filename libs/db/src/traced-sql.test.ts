import { captureSpans, type SpanCapture } from '@alphapulse/telemetry/testing';
import { SpanStatusCode, withSpan } from '@alphapulse/telemetry';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bars } from './index.ts';
import { createTestDatabase, type TestDatabase } from './testing.ts';
import { spanNameOf } from './traced-sql.ts';

describe('query spans', () => {
  let capture: SpanCapture;
  let t: TestDatabase;
  beforeAll(async () => {
    capture = await captureSpans();
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
    await capture?.stop();
  });

  it('makes every drizzle statement a client span under the caller, in and out of transactions', async () => {
    capture.reset();
    const row = { symbol: 'SECRETSYM', interval: '1d', ts: new Date('2024-01-02T21:00:00Z'), open: 1, high: 2, low: 0.5, close: 1.5, volume: 10, source: 'test' };
    await withSpan('caller', {}, async () => {
      await t.db.insert(bars).values(row);
      expect(await t.db.select().from(bars).where(eq(bars.symbol, 'SECRETSYM'))).toHaveLength(1);
      await t.db.transaction(async (tx) => {
        await tx.update(bars).set({ close: 2 }).where(eq(bars.symbol, 'SECRETSYM'));
        await tx.transaction(async (inner) => inner.select().from(bars));
      });
      await expect(t.db.execute(sql`select * from no_such_table`)).rejects.toThrow();
    });
    const spans = capture.spans();
    const caller = spans.find((s) => s.name === 'caller');
    const queries = spans.filter((s) => s.attributes['db.system.name'] === 'postgresql');
    expect(queries.map((s) => s.name)).toEqual(['INSERT bars', 'SELECT bars', 'UPDATE bars', 'SELECT bars', 'SELECT no_such_table']);
    for (const q of queries) {
      expect(q.parentSpanContext?.spanId).toBe(caller?.spanContext().spanId);
      expect(q.spanContext().traceId).toBe(caller?.spanContext().traceId);
      expect(String(q.attributes['db.query.text'])).not.toContain('SECRETSYM'); // parameters, never values
    }
    expect(queries[0].attributes['db.query.text']).toMatch(/^insert into "bars" .*\$1/);
    expect(queries[1].attributes['db.response.returned_rows']).toBe(1);
    expect(queries[0].attributes['db.namespace']).toBe(new URL(t.url).pathname.slice(1));
    expect(queries[4].status.code).toBe(SpanStatusCode.ERROR);
    expect(queries[4].status.message).toMatch(/no_such_table/);
  });

  it('names spans by verb and first table', () => {
    expect(spanNameOf('select "id" from "runs" where "id" = $1')).toEqual({ operation: 'SELECT', table: 'runs' });
    expect(spanNameOf('insert into "bars" ("symbol") values ($1)')).toEqual({ operation: 'INSERT', table: 'bars' });
    expect(spanNameOf('with x as (select 1) select * from x')).toEqual({ operation: 'WITH', table: 'x' });
    expect(spanNameOf('select 1')).toEqual({ operation: 'SELECT', table: undefined });
  });
});
