import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { freePort } from '@alphapulse/runtime';

/**
 * A Postgres cluster of a fault test's own on a free loopback port, never the shared one; it can be
 * stopped and started again mid-test (Redis: see redis-servers.ts).
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(probe: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

export interface PrivatePostgres {
  port: number;
  /** Admin URL of the cluster (database `postgres`, trust auth). */
  url: string;
  /** Fast shutdown: every connection is cut. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops and drops the cluster. */
  close(): Promise<void>;
}

function pgVersion(): string {
  const versions = execFileSync('ls', ['/etc/postgresql'], { encoding: 'utf8' }).split(/\s+/).filter(Boolean);
  return versions.sort((a, b) => Number(a) - Number(b)).at(-1) as string;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const version = pgVersion();
  const port = await freePort();
  const name = `ap_fault_${randomBytes(3).toString('hex')}`;
  execFileSync('pg_createcluster', [version, name, '-p', String(port), '--', '--auth-host=trust', '--auth-local=trust'], { stdio: 'ignore' });
  const ready = () => spawnSync('pg_isready', ['-h', '127.0.0.1', '-p', String(port), '-q']).status === 0;
  const start = async () => {
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, 'start'], { stdio: 'ignore' });
    await until(ready, `postgres on ${port}`, 60_000);
  };
  const stop = async () => {
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, 'stop', '-m', 'fast'], { stdio: 'ignore' });
    await until(() => !ready(), `postgres on ${port} to stop`);
  };
  await start();
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop,
    start,
    async close() {
      spawnSync('pg_dropcluster', ['--stop', version, name], { stdio: 'ignore' });
    },
  };
}
