import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { YahooChartClient } from './yahoo-chart-client.ts';
import { YahooSymbolError, YahooTransientError } from './yahoo-errors.ts';
import { startYahooFixtureServer, type YahooFixtureServer } from './yahoo-fixture-server.ts';

let server: YahooFixtureServer;
let client: YahooChartClient;
const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const range = (from: string, toExclusive: string) => ({ from: d(from), to: d(toExclusive) });

beforeAll(async () => {
  server = await startYahooFixtureServer();
  client = new YahooChartClient({ baseUrl: server.baseUrl, timeoutMs: 5_000 });
});
afterAll(async () => server.close());

describe('YahooChartClient on recorded Yahoo responses', () => {
  it('asks Yahoo for exactly the range and reads AAPL bars, adjclose, the 4:1 split and the dividend', async () => {
    const s = await client.fetchChart('AAPL', range('2020-08-31', '2020-11-07'));
    const asked = server.requests.at(-1)!;
    expect(asked.pathname).toBe('/v8/finance/chart/AAPL');
    expect(asked.searchParams.get('period1')).toBe('1598832000');
    expect(asked.searchParams.get('period2')).toBe('1604707200');
    expect(s.bars).toHaveLength(49);
    expect(s.skipped).toBe(0);
    expect(s.bars[0]).toMatchObject({ ts: new Date('2020-08-31T13:30:00Z'), close: 129.0399932861328, adjClose: 125.82673645019531, volume: 225702700 });
    expect(s.actions).toEqual([
      { ts: new Date('2020-08-31T13:30:00Z'), kind: 'split', value: 4 },
      { ts: new Date('2020-11-06T14:30:00Z'), kind: 'dividend', value: 0.205 },
    ]);
    expect(s.instrument).toEqual({ currency: 'USD', timezone: 'America/New_York', exchange: 'NMS', instrumentType: 'EQUITY', name: 'Apple Inc.' });
  });

  it('reads crypto (UTC, every calendar day), FX, futures, a German listing and a Canadian fund', async () => {
    const btc = await client.fetchChart('BTC-USD', range('2020-01-01', '2020-01-03'));
    expect(btc.instrument).toMatchObject({ timezone: 'UTC', currency: 'USD', instrumentType: 'CRYPTOCURRENCY' });
    // Yahoo also sends the bar at period2; it is outside [from, to) and dropped.
    expect(btc.bars.map((b) => b.ts.toISOString())).toEqual(['2020-01-01T00:00:00.000Z', '2020-01-02T00:00:00.000Z']);
    const fx = await client.fetchChart('EURUSD=X', range('2020-01-01', '2020-01-03'));
    expect(fx.instrument).toMatchObject({ timezone: 'Europe/London', currency: 'USD', instrumentType: 'CURRENCY' });
    expect(fx.bars.length).toBeGreaterThan(0);
    const gold = await client.fetchChart('GC=F', range('2020-01-01', '2020-01-03'));
    expect(gold.instrument).toMatchObject({ timezone: 'America/New_York', instrumentType: 'FUTURE', exchange: 'CMX' });
    const wsu = await client.fetchChart('WSU.DE', range('2023-08-04', '2023-08-09'));
    expect(wsu.instrument).toMatchObject({ timezone: 'Europe/Berlin', currency: 'EUR', exchange: 'GER', name: 'WashTec AG' });
    expect(wsu.bars).toHaveLength(3);
    const fund = await client.fetchChart('0P000071W8.TO', range('2020-01-01', '2020-01-03'));
    expect(fund.instrument).toMatchObject({ timezone: 'America/Toronto', currency: 'CAD', instrumentType: 'MUTUALFUND' });
    expect(fund.bars).toHaveLength(1);
  });

  it('skips and counts null and half-empty quotes instead of storing zeros', async () => {
    const s = await client.fetchChart('WSU-NULLS.DE', range('2023-08-04', '2023-08-09'));
    expect(s.bars).toHaveLength(1);
    expect(s.skipped).toBe(2);
    expect(s.bars.every((b) => b.close > 0 && b.open > 0)).toBe(true);
  });

  it('counts quotes without timestamps as skipped and reads an empty series as no bars', async () => {
    const weird = await client.fetchChart('AAPL', range('2020-01-01', '2020-01-03'));
    expect(weird.bars).toEqual([]);
    expect(weird.skipped).toBe(1);
    const hourly = await client.fetchChart('TSLA', { ...range('2025-01-01', '2025-01-02'), interval: '1h' });
    expect(hourly).toMatchObject({ bars: [], skipped: 0 });
    expect(hourly.instrument.name).toBe('Tesla, Inc.');
  });

  it('fails an unknown symbol permanently with Yahoo reason', async () => {
    const err = await client.fetchChart('NOSUCHTICKER', range('2024-01-01', '2024-02-01')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(YahooSymbolError);
    expect((err as Error).message).toBe('NOSUCHTICKER: Yahoo: No data found, symbol may be delisted');
  });

  it('classifies 429, 5xx and dropped connections as retryable', async () => {
    server.failNext('MSFT', 429);
    server.failNext('MSFT', 503);
    server.failNext('MSFT', 'reset');
    const q = range('2021-02-01', '2022-01-31');
    for (const pattern of [/HTTP 429/, /HTTP 503/, /network error/]) {
      const err = await client.fetchChart('MSFT', q).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(YahooTransientError);
      expect((err as Error).message).toMatch(pattern);
    }
    const ok = await client.fetchChart('MSFT', q);
    expect(ok.actions.filter((a) => a.kind === 'dividend').map((a) => a.value)).toEqual([0.56, 0.56, 0.56, 0.62]);
  });
});
