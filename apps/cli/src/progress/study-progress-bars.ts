import cliProgress from 'cli-progress';

/** Where a study is: trials finished of the budget, and the trial being fitted with its steps. */
export interface StudyProgressState {
  trialsDone: number;
  trialsTotal: number;
  /** The trial being fitted (epochs or boosting rounds so far; the limit when known, early stopping may end it sooner). */
  trial?: { number: number; model: string; steps: number; maxSteps: number | null };
  best?: number | null;
}

/**
 * Study progress on stderr: on a terminal two bars (trials done of the budget; steps of the trial
 * being fitted), the library `alphapulse ingest` uses (cli-progress); otherwise plain lines, one when
 * a trial starts and one per `log`, never a bar's control characters.
 */
export class StudyProgressBars {
  private readonly tty: boolean;
  private multi?: cliProgress.MultiBar;
  private trials?: cliProgress.SingleBar;
  private steps?: cliProgress.SingleBar;
  private lastTrial = -1;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = Boolean(stream.isTTY);
  }

  update(s: StudyProgressState): void {
    const best = s.best === undefined || s.best === null ? '-' : s.best.toFixed(4);
    if (!this.tty) {
      if (s.trial && s.trial.number !== this.lastTrial) {
        this.lastTrial = s.trial.number;
        const limit = s.trial.maxSteps ? ` (up to ${s.trial.maxSteps} steps)` : '';
        this.stream.write(`${this.label}: trial ${s.trial.number + 1}/${s.trialsTotal} ${s.trial.model}${limit}; ${s.trialsDone} done, best val log loss ${best}\n`);
      }
      return;
    }
    if (!this.multi) {
      this.multi = new cliProgress.MultiBar(
        { stream: this.stream, format: `${this.label} {name} {bar} {value}/{total} {info}`, hideCursor: true, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      );
      this.trials = this.multi.create(s.trialsTotal, 0, { name: 'trials', info: '' });
      this.steps = this.multi.create(1, 0, { name: 'steps ', info: '' });
    }
    this.trials?.setTotal(s.trialsTotal);
    this.trials?.update(s.trialsDone, { info: `best val log loss ${best}` });
    if (s.trial) {
      this.steps?.setTotal(Math.max(1, s.trial.maxSteps ?? s.trial.steps));
      this.steps?.update(s.trial.steps, { info: `trial #${s.trial.number} ${s.trial.model}` });
    }
  }

  /** A line of its own (above the bars on a terminal). */
  log(line: string): void {
    if (this.multi) this.multi.log(`${line}\n`);
    else this.stream.write(`${line}\n`);
  }

  stop(): void {
    this.multi?.stop();
    this.multi = undefined;
  }
}
