import { randomBytes } from 'node:crypto';
import { loadEnv } from '@alphapulse/config';
import { connectRedis, JobProducer, QUEUES, type Redis } from '@alphapulse/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBarSchedules, ScheduleConfigError } from './bar-schedules.ts';
import { ScheduleService } from './schedule-service.ts';

let redis: Redis;
const prefix = `ap-sched-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  redis = await connectRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe('parseBarSchedules', () => {
  it('reads one schedule per market and falls back to BARS_CRON/SYMBOLS', () => {
    const fallback = { cron: '30 17 * * 1-5', timezone: 'America/New_York', symbols: ['AAPL'] };
    expect(parseBarSchedules('', fallback)).toEqual([{ ...fallback, id: 'bars-daily-america-new-york' }]);
    const two = parseBarSchedules('America/New_York@30 16 * * 1-5=AAPL,msft;Europe/Berlin@0 18 * * 1-5=SAP.DE', fallback);
    expect(two.map((s) => [s.id, s.timezone, s.symbols])).toEqual([
      ['bars-daily-america-new-york', 'America/New_York', ['AAPL', 'MSFT']],
      ['bars-daily-europe-berlin', 'Europe/Berlin', ['SAP.DE']],
    ]);
  });
  it('names the bad entry', () => {
    const fallback = { cron: '* * * * *', timezone: 'UTC', symbols: ['X'] };
    expect(() => parseBarSchedules('Mars/Olympus@0 18 * * 1-5=X', fallback)).toThrow(ScheduleConfigError);
    expect(() => parseBarSchedules('UTC@0 18=X', fallback)).toThrow(/not a cron pattern/);
    expect(() => parseBarSchedules('garbage', fallback)).toThrow(/BAR_SCHEDULES: "garbage"/);
  });
});

describe('ScheduleService on real Redis', () => {
  it('upserts the same schedulers from any number of replicas and drops ones no longer configured', async () => {
    const env = loadEnv({
      QUEUE_PREFIX: prefix,
      BAR_SCHEDULES: 'America/New_York@30 16 * * 1-5=AAPL,MSFT;Europe/Berlin@0 18 * * 1-5=SAP.DE',
      NEWS_FEEDS: 'https://example.com/rss|AAPL',
      NEWS_EVERY_MINUTES: '15',
    });
    const replicas = [new JobProducer(redis, prefix), new JobProducer(redis, prefix), new JobProducer(redis, prefix)];
    try {
      await Promise.all(replicas.map((p) => new ScheduleService(p, env).upsertAll()));
      const listed = (await new ScheduleService(replicas[0], env).list()) as { queue: string; id: string; pattern: string | null; tz: string | null; every: number | null }[];
      expect(listed).toHaveLength(3);
      const berlin = listed.find((s) => s.id === 'bars-daily-europe-berlin');
      expect(berlin).toMatchObject({ queue: QUEUES.features, pattern: '0 18 * * 1-5', tz: 'Europe/Berlin' });
      expect(listed.find((s) => s.queue === QUEUES.ingestNews)?.every).toBe(15 * 60_000);
      // One job per scheduler is waiting for its next run, not one per replica.
      expect(await replicas[0].queue(QUEUES.features).getDelayedCount()).toBe(2);

      const fewer = loadEnv({ QUEUE_PREFIX: prefix, BAR_SCHEDULES: 'Europe/Berlin@0 18 * * 1-5=SAP.DE' });
      await new ScheduleService(replicas[0], fewer).upsertAll();
      expect(((await new ScheduleService(replicas[0], fewer).list()) as { id: string }[]).map((s) => s.id)).toEqual(['bars-daily-europe-berlin']);
    } finally {
      for (const p of replicas) await p.close();
    }
  });
});
