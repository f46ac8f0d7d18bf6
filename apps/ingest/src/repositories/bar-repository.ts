import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '@alphapulse/db';
import type { Bar, CorporateAction } from '@alphapulse/market';
import { computeAdjustedCloses } from './adjusted-close.ts';
import { epochArrayLiteral, numberArrayLiteral, queryRows, textArrayLiteral, timestampArrayLiteral } from './pg-arrays.ts';

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface InstrumentInput {
  symbol: string;
  currency?: string | null;
  timezone?: string | null;
  exchange?: string | null;
  instrumentType?: string | null;
  name?: string | null;
  /** Company names and other spellings headlines use for this symbol. */
  aliases?: string[];
  source: string;
  synthetic?: boolean;
}

export interface Instrument {
  symbol: string;
  name: string | null;
  exchange: string | null;
  instrumentType: string | null;
  currency: string | null;
  timezone: string | null;
  aliases: string[];
  source: string;
  synthetic: boolean;
}

/** Rows per statement: 8 array parameters whatever the size, so the only limit is memory. */
const CHUNK = 10_000;
/** Statements of one call in flight at once on its transaction's connection. */
const IN_FLIGHT = 2;

type UpsertMode = 'split' | 'conflict';

/**
 * Bars, corporate actions and instruments in Postgres (postgres.js or PGlite). Writes are
 * set-based upserts keyed on symbol + interval + ts: re-writing the same bars changes nothing.
 */
export class BarRepository {
  constructor(private readonly db: Db) {}

  /**
   * Runs `body` with a repository whose writes form one transaction (a savepoint when this one is
   * already inside a transaction): all of them are stored, or, if it throws or the process dies,
   * none.
   */
  async transaction<T>(body: (repo: BarRepository) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => body(new BarRepository(tx as unknown as Db)));
  }

  /**
   * Inserts new bars and updates stored bars whose values differ; identical bars are left
   * untouched (so `ingested_at` keeps the time the value was first seen). Bars with the same ts in
   * one call keep the last. Throws RangeError on a non-finite value, before storing anything.
   * Atomic: one unnest statement per chunk of CHUNK rows, in one transaction when there are
   * several; rows outside the symbol's stored range take the plain-insert path (see splitUpsert).
   * When another writer inserts one of the same keys first, the whole call is redone with ON
   * CONFLICT.
   */
  async upsertBars(symbol: string, interval: string, source: string, bars: readonly Bar[]): Promise<UpsertCounts> {
    const unique = dedupeByTs(bars);
    assertFinite(unique);
    if (unique.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    // One chunk is one statement, atomic by itself: no transaction round trips for a job's usual call.
    const write = (mode: UpsertMode) =>
      unique.length <= CHUNK ? writeChunks(this.db, symbol, interval, source, unique, mode) : this.db.transaction((tx) => writeChunks(tx as unknown as Db, symbol, interval, source, unique, mode));
    try {
      return await write('split');
    } catch (err) {
      // Another writer inserted some of these rows after our snapshot: ON CONFLICT is slower
      // (speculative insertion) but safe under concurrency.
      if (!isUniqueViolation(err)) throw err;
      return write('conflict');
    }
  }

  /** Upserts splits and dividends (keyed on symbol + ts + kind); same counting as upsertBars. */
  async upsertCorporateActions(symbol: string, source: string, actions: readonly CorporateAction[]): Promise<UpsertCounts> {
    const byKey = new Map<string, CorporateAction>();
    for (const a of actions) byKey.set(`${a.ts.getTime()}:${a.kind}`, a);
    const unique = [...byKey.values()];
    if (unique.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    const [row] = await queryRows<{ inserted: number | string; updated: number | string }>(
      this.db,
      sql`with written as (
        insert into corporate_actions (symbol, ts, kind, value, source)
        select ${symbol}, t.ts, t.kind, t.value, ${source}
        from unnest(
          ${timestampArrayLiteral(unique.map((a) => a.ts), 'ts')}::timestamptz[],
          ${textArrayLiteral(unique.map((a) => a.kind))}::text[],
          ${numberArrayLiteral(unique.map((a) => a.value), 'value')}::float8[]
        ) as t(ts, kind, value)
        on conflict (symbol, ts, kind) do update set value = excluded.value, source = excluded.source
        where (corporate_actions.value, corporate_actions.source) is distinct from (excluded.value, excluded.source)
        returning (xmax = 0) as is_new
      )
      select count(*) filter (where is_new) as inserted, count(*) filter (where not is_new) as updated from written`,
    );
    const inserted = Number(row?.inserted ?? 0);
    const updated = Number(row?.updated ?? 0);
    return { inserted, updated, unchanged: unique.length - inserted - updated };
  }

  /** Splits and dividends of a symbol, oldest first. */
  async corporateActions(symbol: string): Promise<CorporateAction[]> {
    const rows = await queryRows<{ ts: string | Date; kind: 'split' | 'dividend'; value: number }>(
      this.db,
      sql`select ts, kind, value from corporate_actions where symbol = ${symbol} order by ts`,
    );
    return rows.map((r) => ({ ts: new Date(r.ts), kind: r.kind, value: Number(r.value) }));
  }

  /**
   * Creates or refreshes an instrument. Fields left undefined keep their stored value; aliases
   * are merged with the stored ones.
   */
  async upsertInstrument(input: InstrumentInput): Promise<void> {
    const aliases = textArrayLiteral([...new Set(input.aliases ?? [])]);
    await this.db.execute(sql`
      insert into instruments (symbol, name, exchange, instrument_type, currency, timezone, aliases, source, synthetic, updated_at)
      values (${input.symbol}, ${input.name ?? null}, ${input.exchange ?? null}, ${input.instrumentType ?? null},
        ${input.currency ?? null}, ${input.timezone ?? null}, ${aliases}::text[], ${input.source}, ${input.synthetic ?? false}, now())
      on conflict (symbol) do update set
        name = coalesce(excluded.name, instruments.name),
        exchange = coalesce(excluded.exchange, instruments.exchange),
        instrument_type = coalesce(excluded.instrument_type, instruments.instrument_type),
        currency = coalesce(excluded.currency, instruments.currency),
        timezone = coalesce(excluded.timezone, instruments.timezone),
        aliases = array(select distinct a from unnest(instruments.aliases || excluded.aliases) as a order by a),
        source = excluded.source,
        synthetic = excluded.synthetic,
        updated_at = now()`);
  }

  /** The stored instrument, or undefined. */
  async getInstrument(symbol: string): Promise<Instrument | undefined> {
    return (await this.selectInstruments(symbol))[0];
  }

  /** All instruments, by symbol. */
  async listInstruments(): Promise<Instrument[]> {
    return this.selectInstruments();
  }

  private async selectInstruments(symbol?: string): Promise<Instrument[]> {
    const rows = await queryRows<{
      symbol: string; name: string | null; exchange: string | null; instrument_type: string | null; currency: string | null;
      timezone: string | null; aliases: string[] | string | null; source: string; synthetic: boolean;
    }>(
      this.db,
      sql`select symbol, name, exchange, instrument_type, currency, timezone, aliases, source, synthetic from instruments
          ${symbol ? sql`where symbol = ${symbol}` : sql``} order by symbol`,
    );
    return rows.map((row) => ({
      symbol: row.symbol,
      name: row.name,
      exchange: row.exchange,
      instrumentType: row.instrument_type,
      currency: row.currency,
      timezone: row.timezone,
      aliases: parseTextArray(row.aliases),
      source: row.source,
      synthetic: Boolean(row.synthetic),
    }));
  }

  /** The open time of the latest stored bar, or undefined when there is none. */
  async lastBarTs(symbol: string, interval: string): Promise<Date | undefined> {
    const [row] = await queryRows<{ ts: string | Date | null }>(
      this.db,
      sql`select max(ts) as ts from bars where symbol = ${symbol} and interval = ${interval}`,
    );
    return row?.ts ? new Date(row.ts) : undefined;
  }

  /** The open time of the earliest stored bar, or undefined when there is none. */
  async firstBarTs(symbol: string, interval: string): Promise<Date | undefined> {
    const [row] = await queryRows<{ ts: string | Date | null }>(
      this.db,
      sql`select min(ts) as ts from bars where symbol = ${symbol} and interval = ${interval}`,
    );
    return row?.ts ? new Date(row.ts) : undefined;
  }

  /**
   * Bars of a symbol with `from <= ts <= to`, sorted by ts, each with `adjClose` set. When every
   * bar in the range has the source's adjusted close (Yahoo's, a CSV's `Adj Close`), that is
   * returned unchanged. Otherwise the adjusted closes of the whole range are computed from the
   * stored closes and corporate actions (see computeAdjustedCloses; this assumes the stored
   * closes are raw, unadjusted prices), so one series never mixes two adjustment bases.
   */
  async loadBars(symbol: string, interval: string, range: { from?: Date; to?: Date } = {}): Promise<Bar[]> {
    const bars = await this.selectBars(symbol, interval, range.from, range.to);
    if (bars.every((b) => b.adjClose != null)) return bars;
    // Actions after `to` adjust earlier bars too, so the computation needs every later bar.
    const tail = range.to ? await this.selectBars(symbol, interval, range.from, undefined) : bars;
    const adjusted = computeAdjustedCloses(tail, await this.corporateActions(symbol));
    return bars.map((b, i) => ({ ...b, adjClose: adjusted[i] }));
  }

  private async selectBars(symbol: string, interval: string, from?: Date, to?: Date): Promise<Bar[]> {
    const rows = await queryRows<{
      ts: string | Date; open: number; high: number; low: number; close: number; adj_close: number | null; volume: number;
    }>(
      this.db,
      sql`select ts, open, high, low, close, adj_close, volume from bars
          where symbol = ${symbol} and interval = ${interval}
            ${from ? sql`and ts >= ${from.toISOString()}::timestamptz` : sql``}
            ${to ? sql`and ts <= ${to.toISOString()}::timestamptz` : sql``}
          order by ts`,
    );
    return rows.map((r) => ({
      ts: new Date(r.ts),
      open: Number(r.open),
      high: Number(r.high),
      low: Number(r.low),
      close: Number(r.close),
      volume: Number(r.volume),
      adjClose: r.adj_close == null ? null : Number(r.adj_close),
    }));
  }
}

/**
 * The chunks of `bars`, one statement each, on one connection (`db` is a transaction): IN_FLIGHT
 * statements are pipelined so the server never waits for the client to build the next chunk.
 * Chunks are disjoint in ts, so their order does not matter; if one fails, the transaction fails.
 */
async function writeChunks(db: Db, symbol: string, interval: string, source: string, bars: readonly Bar[], mode: UpsertMode): Promise<UpsertCounts> {
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  let next = 0;
  const lane = async () => {
    while (next < bars.length) {
      const chunk = bars.slice(next, next + CHUNK);
      next += CHUNK;
      const input = chunkInput(symbol, interval, source, chunk);
      const [row] = await queryRows<{ inserted: number | string; updated: number | string }>(db, mode === 'split' ? splitUpsert(input, symbol, interval) : conflictUpsert(input));
      const inserted = Number(row?.inserted ?? 0);
      const updated = Number(row?.updated ?? 0);
      counts.inserted += inserted;
      counts.updated += updated;
      counts.unchanged += chunk.length - inserted - updated;
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, Math.ceil(bars.length / CHUNK)) }, lane));
  return counts;
}

/** The rows of one chunk as a set (one array parameter per column). */
function chunkInput(symbol: string, interval: string, source: string, chunk: readonly Bar[]): SQL {
  return sql`select ${symbol}::text as symbol, ${interval}::text as interval, to_timestamp(t.epoch) as ts,
          t.open, t.high, t.low, t.close, t.adj_close, t.volume, ${source}::text as source
        from unnest(
          ${epochArrayLiteral(chunk.map((b) => b.ts), 'ts')}::float8[],
          ${numberArrayLiteral(chunk.map((b) => b.open), 'open')}::float8[],
          ${numberArrayLiteral(chunk.map((b) => b.high), 'high')}::float8[],
          ${numberArrayLiteral(chunk.map((b) => b.low), 'low')}::float8[],
          ${numberArrayLiteral(chunk.map((b) => b.close), 'close')}::float8[],
          ${numberArrayLiteral(chunk.map((b) => b.adjClose ?? null), 'adjClose')}::float8[],
          ${numberArrayLiteral(chunk.map((b) => b.volume), 'volume')}::float8[]
        ) as t(epoch, open, high, low, close, adj_close, volume)`;
}

const CHANGED = sql`(b.open, b.high, b.low, b.close, b.adj_close, b.volume, b.source)
  is distinct from (excluded.open, excluded.high, excluded.low, excluded.close, excluded.adj_close, excluded.volume, excluded.source)`;

/**
 * The fast upsert. Rows outside the symbol's stored range (before its first or after its last
 * bar: a first load, an incremental fetch) cannot exist yet and are inserted plainly; the others
 * go through ON CONFLICT. Plain inserts skip the speculative insertion ON CONFLICT needs, which
 * costs about 2.5x on fresh rows. The stored range comes from min/max on the primary key, which
 * Postgres answers from the index whatever its statistics say. A concurrent writer inserting the
 * same key first makes the plain insert fail with a unique violation (upsertBars then redoes the call).
 */
function splitUpsert(input: SQL, symbol: string, interval: string) {
  return sql`with i as materialized (${input}),
    stored as (select min(ts) as first, max(ts) as last from bars where symbol = ${symbol} and interval = ${interval}),
    fresh as (
      insert into bars (symbol, interval, ts, open, high, low, close, adj_close, volume, source)
      select i.symbol, i.interval, i.ts, i.open, i.high, i.low, i.close, i.adj_close, i.volume, i.source from i, stored
      where stored.last is null or i.ts > stored.last or i.ts < stored.first
      returning 1),
    overlapping as (
      insert into bars as b (symbol, interval, ts, open, high, low, close, adj_close, volume, source)
      select i.symbol, i.interval, i.ts, i.open, i.high, i.low, i.close, i.adj_close, i.volume, i.source from i, stored
      where i.ts between stored.first and stored.last
      on conflict (symbol, interval, ts) do update set
        open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
        adj_close = excluded.adj_close, volume = excluded.volume, source = excluded.source, ingested_at = now()
      where ${CHANGED}
      returning (xmax = 0) as is_new)
    select (select count(*) from fresh) + (select count(*) from overlapping where is_new) as inserted,
      (select count(*) from overlapping where not is_new) as updated`;
}

/** The concurrency-safe upsert, same effect and counts. */
function conflictUpsert(input: SQL) {
  return sql`with written as (
      insert into bars as b (symbol, interval, ts, open, high, low, close, adj_close, volume, source)
      select * from (${input}) as src
      on conflict (symbol, interval, ts) do update set
        open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
        adj_close = excluded.adj_close, volume = excluded.volume, source = excluded.source, ingested_at = now()
      where ${CHANGED}
      returning (xmax = 0) as is_new)
    select count(*) filter (where is_new) as inserted, count(*) filter (where not is_new) as updated from written`;
}

/** Postgres error 23505, whichever driver (and drizzle's wrapping) raised it. */
function isUniqueViolation(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (e.code === '23505') return true;
  }
  return false;
}

/** Throws RangeError naming the first non-finite value, before anything is sent. */
function assertFinite(bars: readonly Bar[]): void {
  for (let i = 0; i < bars.length; i++) {
    const b = bars[i];
    if (!Number.isFinite(b.ts.getTime())) throw new RangeError(`ts[${i}] is not a valid date`);
    for (const field of ['open', 'high', 'low', 'close', 'volume'] as const) {
      if (!Number.isFinite(b[field])) throw new RangeError(`${field}[${i}] is not a finite number: ${b[field]}`);
    }
    if (b.adjClose != null && !Number.isFinite(b.adjClose)) throw new RangeError(`adjClose[${i}] is not a finite number: ${b.adjClose}`);
  }
}

function dedupeByTs(bars: readonly Bar[]): Bar[] {
  const byTs = new Map<number, Bar>();
  for (const b of bars) byTs.set(b.ts.getTime(), b);
  return byTs.size === bars.length ? [...bars] : [...byTs.values()];
}

/** postgres.js returns text[] as a JS array; PGlite too, but be tolerant of the literal form. */
export function parseTextArray(value: string[] | string | null): string[] {
  if (value == null) return [];
  if (Array.isArray(value)) return value;
  const out: string[] = [];
  for (const m of value.slice(1, -1).matchAll(/"((?:[^"\\]|\\.)*)"|([^,]+)/g)) {
    out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]);
  }
  return out;
}
