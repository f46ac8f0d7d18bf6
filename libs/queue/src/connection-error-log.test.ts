import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ConnectionErrorLog, watchErrors } from './connection-error-log.ts';

function recorder() {
  const lines: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
  const logger = {
    error: (obj: Record<string, unknown>, msg: string) => void lines.push({ level: 'error', obj, msg }),
    info: (obj: Record<string, unknown>, msg: string) => void lines.push({ level: 'info', obj, msg }),
  };
  return { lines, logger };
}

describe('ConnectionErrorLog', () => {
  it('logs one line per interval while the outage lasts, then one recovered line', () => {
    const { lines, logger } = recorder();
    let now = 0;
    const log = new ConnectionErrorLog(logger as never, 'redis', 10_000, () => now);
    // 4 errors a second for 25 s.
    for (; now < 25_000; now += 250) log.error(new Error('WRONGPASS invalid username-password pair'), 'worker:x');
    expect(lines.map((l) => l.msg)).toEqual(['redis connection error', 'redis still failing', 'redis still failing']);
    expect(lines[1].obj).toMatchObject({ downForMs: 10_000, errorsSinceLastLine: 40 });
    expect(lines[0].obj.err).toEqual({ type: 'Error', message: 'WRONGPASS invalid username-password pair' });
    log.ready('connection');
    log.ready('connection');
    expect(lines.slice(3).map((l) => l.msg)).toEqual(['redis connection recovered']);
    expect(lines[3].obj).toMatchObject({ errors: 100, downForMs: 25_000 });
    expect(log.isDown).toBe(false);
    now += 1;
    log.error(new Error('ECONNREFUSED'));
    expect(lines.at(-1)?.msg).toBe('redis connection error');
  });

  it('is shared by every emitter watched with the same logger and dependency', () => {
    const { lines, logger } = recorder();
    const a = watchErrors(new EventEmitter(), 'redis', logger as never, 'a');
    const b = watchErrors(new EventEmitter(), 'redis', logger as never, 'b');
    for (let i = 0; i < 20; i++) (i % 2 ? a : b).emit('error', new Error('ECONNREFUSED 127.0.0.1:1'));
    expect(lines).toHaveLength(1);
    a.emit('ready');
    expect(lines.map((l) => l.msg)).toEqual(['redis connection error', 'redis connection recovered']);
  });
});
