import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { StudyProgressBars } from './study-progress-bars.ts';

function fakeStream(tty: boolean): { stream: NodeJS.WriteStream; text(): string } {
  let out = '';
  const w = new Writable({
    write(chunk, _enc, done) {
      out += String(chunk);
      done();
    },
  }) as unknown as NodeJS.WriteStream & Record<string, unknown>;
  Object.assign(w, { isTTY: tty, columns: 100, cursorTo: () => true, moveCursor: () => true, clearLine: () => true, clearScreenDown: () => true });
  return { stream: w, text: () => out };
}

const steps = (bars: StudyProgressBars) => {
  bars.update({ trialsDone: 0, trialsTotal: 3, trial: { number: 0, model: 'gbdt', steps: 0, maxSteps: 1000 } });
  bars.update({ trialsDone: 0, trialsTotal: 3, trial: { number: 0, model: 'gbdt', steps: 40, maxSteps: 1000 } });
  bars.log('trial 0: gbdt complete val log loss 0.6900');
  bars.update({ trialsDone: 1, trialsTotal: 3, best: 0.69, trial: { number: 1, model: 'mlp', steps: 3, maxSteps: 20 } });
  bars.stop();
};

describe('study progress on stderr', () => {
  it('is plain lines when stderr is not a terminal: one per trial start and per log line, no control characters', () => {
    const s = fakeStream(false);
    steps(new StudyProgressBars('evaluate', s.stream));
    expect(s.text().split('\n').filter(Boolean)).toEqual([
      'evaluate: trial 1/3 gbdt (up to 1000 steps); 0 done, best val log loss -',
      'trial 0: gbdt complete val log loss 0.6900',
      'evaluate: trial 2/3 mlp (up to 20 steps); 1 done, best val log loss 0.6900',
    ]);
    expect(s.text().includes(String.fromCharCode(27))).toBe(false);
  });

  it('draws a trials bar and a steps bar on a terminal', () => {
    const s = fakeStream(true);
    steps(new StudyProgressBars('evaluate', s.stream));
    expect(s.text()).toMatch(/evaluate trials .*1\/3 best val log loss 0\.6900/);
    expect(s.text()).toMatch(/evaluate steps .*3\/20 trial #1 mlp/);
    expect(s.text()).toMatch(/[█░]/);
  });
});
