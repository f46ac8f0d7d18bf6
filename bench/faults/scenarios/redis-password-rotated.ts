import { randomBytes } from 'node:crypto';
import type { TierProcess } from '../../../test/support/tier-process.ts';
import { describeProbe, probe } from '../probes.ts';
import type { FaultScenario } from '../scenario.ts';
import { ScenarioStack } from '../scenario-stack.ts';

const OUTAGE_MS = 15_000;

/** SIGTERM (an operator's rolling restart), SIGKILL if the process has not exited within 15 s. */
async function replace(tier: TierProcess): Promise<string> {
  const exited = tier.stop('SIGTERM');
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000));
  if ((await Promise.race([exited, timer])) === 'timeout') {
    await tier.stop('SIGKILL');
    return 'SIGTERM ignored for 15 s, SIGKILLed';
  }
  return 'exited on SIGTERM';
}

const unparsable = (t: TierProcess) =>
  t
    .stderr()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .filter((l) => {
      try {
        JSON.parse(l);
        return false;
      } catch {
        return true;
      }
    }).length;

/**
 * The Redis password rotated under running tiers mid-study (CONFIG SET requirepass + CLIENT KILL):
 * every connection then fails AUTH. After 15 s the operator restarts both tiers with the new
 * password; the run must complete, and neither password may appear in any process's output.
 */
export const redisPasswordRotated: FaultScenario = {
  id: 'redis-password-rotated',
  fault: 'Redis password rotated (CONFIG SET requirepass + CLIENT KILL), tiers restarted with the new one',
  short: false,
  async run({ postgres, log }) {
    const secret = `old-${randomBytes(12).toString('hex')}`;
    const rotated = `new-${randomBytes(12).toString('hex')}`;
    const s = await ScenarioStack.start({ postgres, redisPassword: secret });
    try {
      await s.startRun();
      const runId = await s.studyUnderWay();
      const before = await s.studyProgress(runId);
      log(`redis-password-rotated: rotating at ${before.text}`);
      await s.redis.cli('config', 'set', 'requirepass', rotated);
      await s.redis.cli('client', 'kill', 'type', 'normal');
      await new Promise((r) => setTimeout(r, OUTAGE_MS / 2));
      const during = await Promise.all([
        probe('ingest GET /healthz', `${s.ingest.url}/healthz`),
        probe('ingest GET /status', `${s.ingest.url}/status`, { headers: s.auth }),
      ]);
      await new Promise((r) => setTimeout(r, OUTAGE_MS / 2));
      const progressBeforeRestart = await s.studyProgress(runId);
      const old = [s.ingest, ...s.stack.trainers];
      const stops = await Promise.all(old.map(replace));
      const newUrl = `redis://:${rotated}@127.0.0.1:${s.redis.port}`;
      s.redisUrl = newUrl;
      const [ingest] = await Promise.all([s.stack.startTier('ingest', { REDIS_URL: newUrl }), s.stack.startTier('trainer', { REDIS_URL: newUrl })]);
      log('redis-password-rotated: tiers restarted with the new password');
      const { serviceBackSeconds, recoverySeconds } = await s.recovery(runId, ingest);
      await s.settle();
      const all = [...old, ingest, ...s.stack.trainers.slice(1)];
      const leaks = all.filter((t) => t.logs().includes(secret) || t.logs().includes(rotated)).length;
      const broken = all.reduce((n, t) => n + unparsable(t), 0);
      return {
        serviceBackSeconds,
        recoverySeconds,
        ledger: await s.ledger(),
        checks: [
          { name: 'fault landed mid-study', ok: before.running && before.finished < before.budget, detail: before.text },
          { name: 'no password in any output', ok: leaks === 0, detail: `${leaks} of ${all.length} processes printed the old or new password (stdout + stderr)` },
          { name: 'every stderr line is JSON', ok: broken === 0, detail: `${broken} unparsable stderr line(s)` },
        ],
        notes: [
          `with the old password: ${during.map(describeProbe).join('; ')}; ${progressBeforeRestart.text} after ${OUTAGE_MS / 1000} s`,
          `old tiers: ${[...new Set(stops)].join(', ')}`,
          'figures from the restart with the new password',
        ],
      };
    } finally {
      await s.stop();
    }
  },
};
