import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { redisAnswers } from '@alphapulse/queue';
import { freePort } from '@alphapulse/runtime';

export interface RedisForDemo {
  url: string;
  /** True when we started the server and will stop it. */
  throwaway: boolean;
  stop(): Promise<void>;
}

export class NoRedisError extends Error {
  constructor(url: string) {
    super(
      [
        `Nothing answers at REDIS_URL (${url}) and no redis-server binary is installed to start a throwaway one.`,
        'AlphaPulse runs its jobs on Redis (BullMQ). Install it and run the demo again:',
        '  Debian/Ubuntu: sudo apt-get install redis-server    macOS: brew install redis',
        '  or with Docker: docker run -d -p 6379:6379 redis:7',
        'or point REDIS_URL at a Redis you already have (redis://host:6379).',
      ].join('\n'),
    );
    this.name = 'NoRedisError';
  }
}

/**
 * Redis for the demo: the one at `url` when it answers; otherwise a throwaway `redis-server`
 * child on a free loopback port, without persistence, stopped by `stop()`.
 */
export async function redisForDemo(url: string): Promise<RedisForDemo> {
  if (await redisAnswers(url)) return { url, throwaway: false, stop: async () => {} };
  if (spawnSync('redis-server', ['--version']).status !== 0) throw new NoRedisError(url);
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const local = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !(await redisAnswers(local, 200)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await redisAnswers(local))) {
    child.kill('SIGKILL');
    throw new NoRedisError(url);
  }
  // If the demo is interrupted, take the server down with it rather than leave it running.
  const onSignal = (signal: NodeJS.Signals) => {
    child.kill('SIGTERM');
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    url: local,
    throwaway: true,
    stop: async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
