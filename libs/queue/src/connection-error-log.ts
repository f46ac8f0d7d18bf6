import type { EventEmitter } from 'node:events';
import { describeError, type ErrorField, type Logger } from '@alphapulse/logger';

/** While a dependency stays down, at most one log line per this many milliseconds. */
export const CONNECTION_ERROR_INTERVAL_MS = 10_000;

/**
 * The log of one dependency's outages, shared by every connection and queue object that reaches
 * it: the first error is logged at once, later ones are counted and summarised at most once per
 * interval while the outage lasts, and the first `ready` after errors logs one "recovered" line.
 * Errors are logged as type, code and message (no stack, no command arguments).
 */
export class ConnectionErrorLog {
  private down = false;
  private since = 0;
  private lastLine = 0;
  private suppressed = 0;
  private total = 0;

  constructor(
    private readonly logger: Pick<Logger, 'error' | 'info'>,
    readonly dependency: string,
    private readonly intervalMs = CONNECTION_ERROR_INTERVAL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  get isDown(): boolean {
    return this.down;
  }

  error(err: unknown, source?: string): void {
    const t = this.now();
    const field: ErrorField = describeError(err, [], { stack: false });
    this.total++;
    if (!this.down) {
      this.down = true;
      this.since = t;
      this.lastLine = t;
      this.suppressed = 0;
      this.total = 1;
      this.logger.error({ dependency: this.dependency, source, err: field }, `${this.dependency} connection error`);
      return;
    }
    if (t - this.lastLine < this.intervalMs) {
      this.suppressed++;
      return;
    }
    this.logger.error(
      { dependency: this.dependency, source, err: field, downForMs: t - this.since, errorsSinceLastLine: this.suppressed + 1 },
      `${this.dependency} still failing`,
    );
    this.lastLine = t;
    this.suppressed = 0;
  }

  ready(source?: string): void {
    if (!this.down) return;
    this.down = false;
    this.logger.info({ dependency: this.dependency, source, downForMs: this.now() - this.since, errors: this.total }, `${this.dependency} connection recovered`);
  }
}

const logs = new WeakMap<object, Map<string, ConnectionErrorLog>>();

function logOf(logger: Logger, dependency: string): ConnectionErrorLog {
  const byDependency = logs.get(logger) ?? new Map<string, ConnectionErrorLog>();
  logs.set(logger, byDependency);
  const log = byDependency.get(dependency) ?? new ConnectionErrorLog(logger, dependency);
  byDependency.set(dependency, log);
  return log;
}

/**
 * Gives an emitter (an ioredis connection, a BullMQ Queue, Worker, FlowProducer or QueueEvents)
 * an `error` listener that logs through `logger`, rate-limited per dependency (see
 * ConnectionErrorLog), and counts its `ready` events as recovery. Without a listener BullMQ
 * `console.error`s the raw error, whose properties include AUTH's password. Returns the emitter.
 */
export function watchErrors<T extends EventEmitter>(emitter: T, dependency: string, logger: Logger, source?: string): T {
  const log = logOf(logger, dependency);
  emitter.on('error', (err: unknown) => log.error(err, source));
  emitter.on('ready', () => log.ready(source));
  return emitter;
}
