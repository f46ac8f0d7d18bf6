import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ClusterNode } from '@alphapulse/queue';

const run = promisify(execFile);

/** A redis-server this test started on loopback; `stop()` shuts it down and removes its directory. */
export interface PrivateRedis {
  port: number;
  /** redis://[:password@]127.0.0.1:port */
  url: string;
  /** Runs redis-cli against it (with its current password) and returns stdout. */
  cli(...args: string[]): Promise<string>;
  /** Stops the server and starts it again on the same port, empty (no persistence): every key is gone. */
  restartEmpty(downMs?: number): Promise<void>;
  /**
   * Shuts the server down (saving its keys to disk first), leaves it down for `downMs`, and starts it
   * again on the same port with every key back: an outage, not a loss.
   */
  outage(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

/** A Redis Cluster of private servers, all masters; `stop()` shuts every node down. */
export interface PrivateRedisCluster {
  nodes: ClusterNode[];
  /** REDIS_CLUSTER_NODES for the tiers. */
  seeds: string;
  stop(): Promise<void>;
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** A loopback port below 55535 that is free, with port + 10000 (a cluster node's bus) free too. */
async function freeRedisPort(taken: Set<number>): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = 20_000 + Math.floor(Math.random() * 35_000);
    if (taken.has(port) || taken.has(port + 10_000) || taken.has(port - 10_000)) continue;
    if ((await portFree(port)) && (await portFree(port + 10_000))) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('no free loopback port pair for redis-server');
}

async function waitFor(probe: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function startServer(dir: string, port: number, extra: string[]): Promise<void> {
  await run('redis-server', [
    '--port', String(port), '--bind', '127.0.0.1', '--daemonize', 'yes', '--save', '', '--appendonly', 'no',
    '--dir', dir, '--pidfile', path.join(dir, `redis-${port}.pid`), '--logfile', path.join(dir, `redis-${port}.log`), ...extra,
  ]);
}

async function shutdown(dir: string, port: number, password?: string, save = false): Promise<void> {
  const auth = password ? ['-a', password, '--no-auth-warning'] : [];
  await run('redis-cli', ['-p', String(port), ...auth, 'shutdown', save ? 'save' : 'nosave']).catch(() => undefined);
  try {
    const pid = Number(readFileSync(path.join(dir, `redis-${port}.pid`), 'utf8'));
    if (pid > 0) process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Starts a private redis-server (no persistence) on a free loopback port, with `password` required when given. */
export async function startPrivateRedis(options: { password?: string } = {}): Promise<PrivateRedis> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ap-redis-'));
  const port = await freeRedisPort(new Set());
  let password = options.password;
  await startServer(dir, port, password ? ['--requirepass', password] : []);
  const cli = async (...args: string[]) => {
    const auth = password ? ['-a', password, '--no-auth-warning'] : [];
    const { stdout } = await run('redis-cli', ['-p', String(port), ...auth, ...args]);
    if (args[0]?.toLowerCase() === 'config' && args[1]?.toLowerCase() === 'set' && args[2] === 'requirepass') password = args[3] || undefined;
    return stdout;
  };
  await waitFor(async () => (await cli('ping')).trim() === 'PONG', `redis-server on ${port}`);
  return {
    port,
    url: password ? `redis://:${encodeURIComponent(password)}@127.0.0.1:${port}` : `redis://127.0.0.1:${port}`,
    cli,
    async restartEmpty(downMs = 0) {
      await shutdown(dir, port, password);
      await waitFor(async () => portFree(port), `redis-server on ${port} to stop`);
      // An earlier outage() left a dump: without it the server comes back empty.
      rmSync(path.join(dir, 'dump.rdb'), { force: true });
      await new Promise((r) => setTimeout(r, downMs));
      await startServer(dir, port, password ? ['--requirepass', password] : []);
      await waitFor(async () => (await cli('ping')).trim() === 'PONG', `redis-server on ${port} again`);
    },
    async outage(downMs) {
      await shutdown(dir, port, password, true);
      await waitFor(async () => portFree(port), `redis-server on ${port} to stop`);
      await new Promise((r) => setTimeout(r, downMs));
      await startServer(dir, port, password ? ['--requirepass', password] : []);
      await waitFor(async () => (await cli('ping')).trim() === 'PONG', `redis-server on ${port} again`);
    },
    async stop() {
      await shutdown(dir, port, password);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts `masters` cluster-enabled redis-servers on free loopback ports (each with its bus port
 * free), joins them with `redis-cli --cluster create ... --cluster-replicas 0` and waits for
 * `cluster_state:ok` on every node.
 */
export async function startPrivateRedisCluster(masters = 3): Promise<PrivateRedisCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ap-redis-cluster-'));
  const taken = new Set<number>();
  const ports: number[] = [];
  const stop = async () => {
    await Promise.all(ports.map((p) => shutdown(dir, p)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) ports.push(await freeRedisPort(taken));
    for (const port of ports) {
      await startServer(dir, port, ['--cluster-enabled', 'yes', '--cluster-config-file', path.join(dir, `nodes-${port}.conf`)]);
    }
    for (const port of ports) await waitFor(async () => (await run('redis-cli', ['-p', String(port), 'ping'])).stdout.trim() === 'PONG', `node ${port}`);
    const create = run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0']);
    create.child.stdin?.end('yes\n');
    await create;
    for (const port of ports) {
      await waitFor(async () => (await run('redis-cli', ['-p', String(port), 'cluster', 'info'])).stdout.includes('cluster_state:ok'), `cluster_state:ok on ${port}`, 30_000);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const nodes = ports.map((port) => ({ host: '127.0.0.1', port }));
  return { nodes, seeds: nodes.map((n) => `${n.host}:${n.port}`).join(','), stop };
}
