import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@alphapulse/db/testing';
import type { Bar } from '@alphapulse/market';
import { PermanentJobError } from '@alphapulse/queue';
import { LocalObjectStore } from '@alphapulse/storage';
import { CsvImportError } from '../../sources/csv/csv-bars.ts';
import { YahooChartClient } from '../../sources/yahoo/yahoo-chart-client.ts';
import { startYahooFixtureServer, type YahooFixtureServer } from '../../sources/yahoo/yahoo-fixture-server.ts';
import { BarsCapError, MAX_BARS_PER_JOB } from './bars-limits.ts';
import { type BarsFetchProgress, BarsService } from './bars-service.ts';

let db: TestDatabase;
let server: YahooFixtureServer;
let service: BarsService;
let storeDir: string;
let store: LocalObjectStore;

beforeAll(async () => {
  [db, server] = await Promise.all([createTestDatabase(), startYahooFixtureServer()]);
  storeDir = mkdtempSync(path.join(tmpdir(), 'bars-store-'));
  store = new LocalObjectStore(storeDir);
  service = new BarsService({ db: db.db, store, yahoo: new YahooChartClient({ baseUrl: server.baseUrl }) });
});
afterAll(async () => {
  await Promise.all([db.drop(), server.close()]);
  rmSync(storeDir, { recursive: true, force: true });
});

/** Largest absolute day-over-day change of the adjusted close. */
const maxDailyMove = (bars: Bar[]) =>
  Math.max(...bars.slice(1).map((b, i) => Math.abs(b.adjClose! / bars[i].adjClose! - 1)));
const yahoo = (symbol: string, from?: string, to?: string) => ({ source: 'yahoo' as const, symbol, interval: '1d' as const, from, to });

describe('Yahoo bars into Postgres', () => {
  it('stores AAPL around its 4:1 split on one basis, with the split and dividend, idempotently', async () => {
    const first = await service.fetch(yahoo('AAPL', '2020-08-31', '2020-11-06'));
    expect(first).toEqual({ symbol: 'AAPL', source: 'yahoo', inserted: 49, updated: 0, unchanged: 0, skipped: 0, from: '2020-08-31', to: '2020-11-06' });
    const again = await service.fetch(yahoo('AAPL', '2020-08-31', '2020-11-06'));
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 49 });

    const bars = await service.repository.loadBars('AAPL', '1d');
    expect(bars).toHaveLength(49);
    expect(maxDailyMove(bars)).toBeLessThan(0.15); // the split day is not a -75% "crash"
    expect(Math.max(...bars.map((b) => b.close))).toBeLessThan(140); // no pre-split 500-dollar closes mixed in
    expect(await service.repository.corporateActions('AAPL')).toEqual([
      { ts: new Date('2020-08-31T13:30:00Z'), kind: 'split', value: 4 },
      { ts: new Date('2020-11-06T14:30:00Z'), kind: 'dividend', value: 0.205 },
    ]);
    expect(await service.repository.getInstrument('AAPL')).toMatchObject({ currency: 'USD', timezone: 'America/New_York', exchange: 'NMS', source: 'yahoo' });
  });

  it('asks only for what follows the last stored bar (that bar included, to refresh it) when no from is given', async () => {
    const before = server.requests.length;
    const r = await service.fetch(yahoo('AAPL', undefined, '2020-11-06'));
    expect(r).toMatchObject({ inserted: 0, updated: 0, unchanged: 1, from: '2020-11-06' });
    const asked = server.requests.slice(before);
    expect(asked).toHaveLength(1);
    expect(asked[0].searchParams.get('period1')).toBe(String(Date.parse('2020-11-06T14:30:00Z') / 1000));
  });

  it('keeps NVDA continuous across its 2021 4:1 split', async () => {
    await service.fetch(yahoo('NVDA', '2021-02-01', '2022-01-30'));
    const bars = await service.repository.loadBars('NVDA', '1d');
    expect(bars).toHaveLength(252);
    const i = bars.findIndex((b) => b.ts.toISOString().startsWith('2021-07-20'));
    expect(Math.abs(bars[i].adjClose! / bars[i - 1].adjClose! - 1)).toBeLessThan(0.1);
    expect(maxDailyMove(bars)).toBeLessThan(0.2);
    expect((await service.repository.corporateActions('NVDA')).filter((a) => a.kind === 'split')).toEqual([
      { ts: new Date('2021-07-20T13:30:00Z'), kind: 'split', value: 4 },
    ]);
  });

  it('re-fetches the stored history when a new split appears, so the series never shows a crash', async () => {
    // Bars stored before the split was known, on the pre-split basis (4x the prices).
    const client = new YahooChartClient({ baseUrl: server.baseUrl });
    const old = await client.fetchChart('NVDA', { from: new Date('2021-02-01T00:00:00Z'), to: new Date('2021-07-20T00:00:00Z') });
    const preSplit = old.bars.map((b) => ({ ...b, open: b.open * 4, high: b.high * 4, low: b.low * 4, close: b.close * 4, adjClose: b.adjClose! * 4 }));
    await service.repository.upsertBars('NVDA-OLD', '1d', 'yahoo', preSplit);
    // Serve NVDA's recording under the other symbol's path for this test.
    const svc = new BarsService({ db: db.db, yahoo: { fetchChart: (_s: string, q: Parameters<YahooChartClient['fetchChart']>[1]) => client.fetchChart('NVDA', q) } as YahooChartClient });
    const r = await svc.fetch(yahoo('NVDA-OLD', undefined, '2022-01-30'));
    expect(r.rebased).toBe(true);
    expect(r.from).toBe('2021-02-01');
    expect(r.updated).toBe(preSplit.length);
    const bars = await service.repository.loadBars('NVDA-OLD', '1d');
    expect(bars).toHaveLength(252);
    expect(maxDailyMove(bars)).toBeLessThan(0.2);
  });

  it("matches MSFT's dividend adjustment steps with the adjustment formula", async () => {
    await service.fetch(yahoo('MSFT', '2021-02-01', '2022-01-30'));
    const bars = await service.repository.loadBars('MSFT', '1d');
    const dividends = (await service.repository.corporateActions('MSFT')).filter((a) => a.kind === 'dividend');
    expect(dividends.map((a) => a.value)).toEqual([0.56, 0.56, 0.56, 0.62]);
    for (const div of dividends) {
      const i = bars.findIndex((b) => b.ts.getTime() === div.ts.getTime());
      const ratio = (k: number) => bars[k].adjClose! / bars[k].close;
      // Yahoo's adjusted/raw ratio steps at the ex-date by exactly (1 - dividend / previous close).
      expect(ratio(i - 1) / ratio(i)).toBeCloseTo(1 - div.value / bars[i - 1].close, 4);
      expect(ratio(i + 1)).toBeCloseTo(ratio(i), 6);
    }
  });

  it('stores time zones and currencies of crypto, FX, futures and foreign listings', async () => {
    for (const [symbol, from, to] of [['BTC-USD', '2020-01-01', '2020-01-02'], ['EURUSD=X', '2020-01-01', '2020-01-02'], ['GC=F', '2020-01-01', '2020-01-02'], ['WSU.DE', '2023-08-04', '2023-08-08'], ['0P000071W8.TO', '2020-01-01', '2020-01-02']]) {
      await service.fetch(yahoo(symbol, from, to));
    }
    const btc = await service.repository.loadBars('BTC-USD', '1d');
    expect(btc.map((b) => b.ts.toISOString())).toEqual(['2020-01-01T00:00:00.000Z', '2020-01-02T00:00:00.000Z']);
    expect(await service.repository.getInstrument('BTC-USD')).toMatchObject({ timezone: 'UTC', instrumentType: 'CRYPTOCURRENCY' });
    expect(await service.repository.getInstrument('EURUSD=X')).toMatchObject({ timezone: 'Europe/London', instrumentType: 'CURRENCY' });
    expect(await service.repository.getInstrument('GC=F')).toMatchObject({ timezone: 'America/New_York', instrumentType: 'FUTURE' });
    expect(await service.repository.getInstrument('WSU.DE')).toMatchObject({ timezone: 'Europe/Berlin', currency: 'EUR' });
    expect(await service.repository.getInstrument('0P000071W8.TO')).toMatchObject({ timezone: 'America/Toronto', currency: 'CAD' });
  });

  it('skips and counts null quotes and never stores them', async () => {
    const r = await service.fetch(yahoo('WSU-NULLS.DE', '2023-08-04', '2023-08-08'));
    expect(r).toMatchObject({ inserted: 1, skipped: 2 });
    expect(await service.repository.loadBars('WSU-NULLS.DE', '1d')).toHaveLength(1);
  });

  it('fetches a long range in windows, one request each, storing exactly what one request stores', async () => {
    const client = new YahooChartClient({ baseUrl: server.baseUrl });
    const asked: Date[] = [];
    const nvda = {
      fetchChart: (_s: string, q: Parameters<YahooChartClient['fetchChart']>[1]) => {
        asked.push(q.from);
        return client.fetchChart('NVDA', q);
      },
    } as YahooChartClient;
    const whole = await new BarsService({ db: db.db, yahoo: nvda }).fetch(yahoo('NVDA-ONE', '2021-02-01', '2022-01-30'));
    expect(asked).toHaveLength(1);
    asked.length = 0;
    const progress: BarsFetchProgress[] = [];
    const chunked = await new BarsService({ db: db.db, yahoo: nvda, chunkDays: 60 }).fetch(yahoo('NVDA-CHUNKS', '2021-02-01', '2022-01-30'), { onProgress: (p) => progress.push(p) });
    expect(asked.map((d) => d.toISOString().slice(0, 10))).toEqual(['2021-02-01', '2021-04-02', '2021-06-01', '2021-07-31', '2021-09-29', '2021-11-28', '2022-01-27']);
    expect(progress.map((p) => p.window)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(progress.at(-1)).toEqual({ window: 7, windows: 7, bars: 252 });
    expect({ ...chunked, symbol: 'NVDA-ONE' }).toEqual(whole);
    const strip = (bars: Bar[]) => bars.map(({ ts, open, close, adjClose, volume }) => ({ ts, open, close, adjClose, volume }));
    expect(strip(await service.repository.loadBars('NVDA-CHUNKS', '1d'))).toEqual(strip(await service.repository.loadBars('NVDA-ONE', '1d')));
  });

  it('refuses a range of more days than a job may write bars, before any request', async () => {
    const before = server.requests.length;
    const err = await service.fetch(yahoo('AAPL', '1850-01-01', '1999-12-31')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BarsCapError);
    expect(err).toBeInstanceOf(PermanentJobError);
    expect((err as Error).message).toBe('the range 1850-01-01 to 1999-12-31 (54,786 days) exceeds the 50,000 bars one job may write: split it into smaller ranges or files');
    expect(server.requests.length).toBe(before);
  });

  it('fails an unknown symbol permanently with Yahoo reason', async () => {
    await expect(service.fetch(yahoo('NOSUCHTICKER', '2024-01-01', '2024-01-31'))).rejects.toThrow(PermanentJobError);
    await expect(service.fetch(yahoo('NOSUCHTICKER', '2024-01-01', '2024-01-31'))).rejects.toThrow(/No data found, symbol may be delisted/);
  });
});

describe('CSV and sample bars', () => {
  const good = 'Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,10,11,9,10.5,10.4,1000\n2024-01-03,10.5,12,10,11.5,11.4,1200\n';

  it('imports an uploaded CSV through the object store, idempotently', async () => {
    await store.put('uploads/acme.csv', good);
    const payload = { source: 'csv' as const, symbol: 'ACME', interval: '1d' as const, objectKey: 'uploads/acme.csv' };
    expect(await service.fetch(payload)).toEqual({ symbol: 'ACME', source: 'csv', inserted: 2, updated: 0, unchanged: 0, skipped: 0, from: '2024-01-02', to: '2024-01-03' });
    expect(await service.fetch(payload)).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    expect((await service.repository.loadBars('ACME', '1d')).map((b) => b.adjClose)).toEqual([10.4, 11.4]);
  });

  it('refuses a whole file with the line and reason, storing nothing', async () => {
    const bad = `${good}2024-01-04,11,10,12,11,11,100\n`.replace('2024-01-02', '2024-01-05');
    const err = await service.importCsv('BADCSV', bad, 'bad.csv').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CsvImportError);
    expect((err as Error).message).toBe('bad.csv: line 4: high 10 is below low 12');
    expect(await service.repository.lastBarTs('BADCSV', '1d')).toBeUndefined();
    await expect(service.fetch({ source: 'csv', symbol: 'X', interval: '1d', objectKey: 'uploads/missing.csv' })).rejects.toThrow(/uploads\/missing\.csv: no such object/);
  });

  it('refuses an uploaded CSV of more rows than a job may write, storing nothing; the CLI import has no cap', async () => {
    const rows = Array.from({ length: MAX_BARS_PER_JOB + 1 }, (_, i) => `${new Date(Date.UTC(1850, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)},10,11,9,10.5,100`);
    const text = `date,open,high,low,close,volume\n${rows.join('\n')}\n`;
    await store.put('uploads/huge.csv', text);
    const err = await service.fetch({ source: 'csv', symbol: 'HUGE', interval: '1d', objectKey: 'uploads/huge.csv' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BarsCapError);
    expect((err as Error).message).toBe('uploads/huge.csv (50,001 bars) exceeds the 50,000 bars one job may write: split it into smaller ranges or files');
    expect(await service.repository.lastBarTs('HUGE', '1d')).toBeUndefined();
    expect(await service.importCsv('HUGE', text, 'huge.csv')).toMatchObject({ inserted: MAX_BARS_PER_JOB + 1 });
  }, 60_000);

  it('simulates the sample market window by window, the same bars as in one window', async () => {
    const one = await service.fetch({ source: 'sample', symbol: 'SYN-MOM', interval: '1d', from: '2023-01-01', to: '2023-06-30' });
    const windows: number[] = [];
    const svc = new BarsService({ db: db.db, chunkDays: 30 });
    const again = await svc.fetch({ source: 'sample', symbol: 'SYN-MOM', interval: '1d', from: '2023-01-01', to: '2023-06-30' }, { onProgress: (p) => windows.push(p.windows) });
    expect(windows).toEqual(Array(7).fill(7));
    expect(again).toEqual({ ...one, inserted: 0, unchanged: one.inserted, headlines: 0 });
  });

  it('stores the synthetic sample market marked synthetic, incrementally', async () => {
    const r = await service.fetch({ source: 'sample', symbol: 'SYN-RW', interval: '1d', from: '2024-01-01', to: '2024-01-31' });
    expect(r.inserted).toBe(23);
    expect(await service.repository.getInstrument('SYN-RW')).toMatchObject({ synthetic: true, source: 'sample' });
    const next = await service.fetch({ source: 'sample', symbol: 'SYN-RW', interval: '1d', to: '2024-02-09' });
    expect(next).toMatchObject({ inserted: 7, updated: 0, from: '2024-02-01' });
    await expect(service.fetch({ source: 'sample', symbol: 'NOPE', interval: '1d' })).rejects.toThrow(PermanentJobError);
  });
});
