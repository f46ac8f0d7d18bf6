import { randomBytes } from 'node:crypto';
import type { TierProcess } from '../../../test/support/tier-process.ts';
import { describeProbe, probe } from '../probes.ts';
import type { FaultScenario } from '../scenario.ts';
import { faultDuringStudy } from '../scenario-runner.ts';

const OUTAGE_MS = 15_000;

/** SIGTERM (an operator's rolling restart), SIGKILL if the process has not exited within 15 s. */
async function replace(tier: TierProcess): Promise<string> {
  const exited = tier.stop('SIGTERM');
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000));
  if ((await Promise.race([exited, timer])) === 'timeout') {
    await tier.stop('SIGKILL');
    return 'still running 15 s after SIGTERM, SIGKILLed';
  }
  return `exited ${tier.child.exitCode}`;
}

/** The stderr lines of a process that are not one JSON object each (a log stream that breaks). */
const unparsable = (t: TierProcess): string[] =>
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
    });

/**
 * The Redis password rotated under running tiers mid-study (CONFIG SET requirepass + CLIENT KILL):
 * every connection then fails AUTH. After 15 s the operator restarts both tiers with the new
 * password; the run must complete, and neither password may appear in any process's output.
 */
export const redisPasswordRotated: FaultScenario = {
  id: 'redis-password-rotated',
  fault: 'Redis password rotated (CONFIG SET requirepass + CLIENT KILL), tiers restarted with the new one',
  short: false,
  run: (context) => {
    const secret = `old-${randomBytes(12).toString('hex')}`;
    const rotated = `new-${randomBytes(12).toString('hex')}`;
    return faultDuringStudy(context, 'redis-password-rotated', { redisPassword: secret }, async (s, runId) => {
      await s.redis.cli('config', 'set', 'requirepass', rotated);
      await s.redis.cli('client', 'kill', 'type', 'normal');
      await new Promise((r) => setTimeout(r, OUTAGE_MS / 2));
      const during = await Promise.all([
        probe('ingest GET /healthz', `${s.ingest.url}/healthz`),
        probe('ingest GET /status', `${s.ingest.url}/status`, { headers: s.auth }),
      ]);
      await new Promise((r) => setTimeout(r, OUTAGE_MS / 2));
      const progress = await s.studyProgress(runId);
      const old = [s.ingest, ...s.stack.trainers];
      const stops = await Promise.all(old.map(replace));
      const newUrl = `redis://:${rotated}@127.0.0.1:${s.redis.port}`;
      s.redisUrl = newUrl;
      const [ingest, trainer] = await Promise.all([s.stack.startTier('ingest', { REDIS_URL: newUrl }), s.stack.startTier('trainer', { REDIS_URL: newUrl })]);
      return {
        service: ingest,
        notes: [
          `with the old password: ${during.map(describeProbe).join('; ')}; ${progress.text} after ${OUTAGE_MS / 1000} s`,
          `old tiers on SIGTERM: ${stops.join(', ')}`,
          'figures from the restart with the new password',
        ],
        afterwards: async () => {
          const named: [string, TierProcess][] = [['old ingest', old[0]], ['old trainer', old[1]], ['new ingest', ingest], ['new trainer', trainer]];
          const all = named.map(([, t]) => t);
          const leaks = all.filter((t) => t.logs().includes(secret) || t.logs().includes(rotated)).length;
          const broken = all.flatMap(unparsable);
          const where = named.filter(([, t]) => unparsable(t).length > 0).map(([n, t]) => `${n} ${unparsable(t).length}`).join(', ');
          const sample = (broken[0] ?? '').replaceAll(secret, '<old>').replaceAll(rotated, '<new>').slice(0, 160);
          return {
            checks: [
              { name: 'no password in any output', ok: leaks === 0, detail: `${leaks} of ${all.length} processes printed the old or new password (stdout + stderr)` },
              { name: 'every stderr line is JSON', ok: broken.length === 0, detail: `${broken.length} unparsable stderr line(s)${sample ? ` (${where}), the first: ${JSON.stringify(sample)}` : ''}` },
            ],
          };
        },
      };
    });
  },
};
