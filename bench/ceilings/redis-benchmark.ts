import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Ceilings } from './types.ts';
import { loopbackTarget } from './loopback.ts';

const run = promisify(execFile);

/** redis-benchmark was not installed or failed; the run reports this ceiling as missing. */
export class RedisBenchmarkError extends Error {
  override name = 'RedisBenchmarkError';
}

/** A database number nobody else uses, so the benchmark's keys collide with nothing. */
const BENCH_DB = 15;

/**
 * Parses `redis-benchmark --csv` output into requests/s per test name (SET, GET, ...).
 * The header is `"test","rps",...`; one line per test follows.
 */
export function parseRedisBenchmarkCsv(text: string): Map<string, number> {
  const figures = new Map<string, number>();
  for (const line of text.split('\n')) {
    const cells = line.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
    if (cells.length < 2 || cells[0] === 'test') continue;
    const rps = Number(cells[1]);
    if (cells[0] && Number.isFinite(rps)) figures.set(cells[0], rps);
  }
  return figures;
}

/**
 * SET and GET requests/s from `redis-benchmark` against the Redis at `redisUrl` (loopback only),
 * unpipelined and with 16-deep pipelines, `requests` each, in database 15; its keys are deleted after.
 */
export async function measureRedisCeilings(redisUrl: string, requests: number): Promise<Ceilings> {
  const { host, port } = loopbackTarget('REDIS_URL', redisUrl, 6379);
  const base = ['-h', host, '-p', String(port), '--dbnum', String(BENCH_DB), '-t', 'set,get', '-n', String(requests), '--csv'];
  const password = decodeURIComponent(new URL(redisUrl).password);
  if (password) base.push('-a', password, '--no-auth-warning');
  const bench = async (extra: string[]) => {
    try {
      const { stdout } = await run('redis-benchmark', [...base, ...extra], { timeout: 120_000 });
      return parseRedisBenchmarkCsv(stdout);
    } catch (err) {
      throw new RedisBenchmarkError(`redis-benchmark failed: ${(err as Error).message.split('\n')[0]}`);
    }
  };
  try {
    const plain = await bench([]);
    const piped = await bench(['-P', '16']);
    const note = (p: string) => `redis-benchmark -t set,get -n ${requests}${p}, 50 clients, ${host}:${port} db ${BENCH_DB}`;
    const ceilings: Ceilings = {};
    const set = plain.get('SET');
    const get = plain.get('GET');
    const setP = piped.get('SET');
    const getP = piped.get('GET');
    if (set) ceilings['redis.set'] = { value: set, unit: 'requests/s', note: note('') };
    if (get) ceilings['redis.get'] = { value: get, unit: 'requests/s', note: note('') };
    if (setP) ceilings['redis.set.p16'] = { value: setP, unit: 'requests/s', note: note(' -P 16') };
    if (getP) ceilings['redis.get.p16'] = { value: getP, unit: 'requests/s', note: note(' -P 16') };
    return ceilings;
  } finally {
    // Without -r, redis-benchmark uses the literal key names below.
    const args = ['-h', host, '-p', String(port), '-n', String(BENCH_DB)];
    if (password) args.push('-a', password, '--no-auth-warning');
    await run('redis-cli', [...args, 'DEL', 'key:__rand_int__', 'counter:__rand_int__', 'mylist', 'myset'], { timeout: 10_000 }).catch(
      () => undefined,
    );
  }
}
