/**
 * Runs a task every `intervalMs`, counted from the end of the previous run, so two runs never overlap; a failed run
 * is reported and the schedule goes on. `stop()` cancels the next run and waits for the one going.
 */
export class CompactionSchedule {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly intervalMs: number,
    private readonly task: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Schedules the first run one interval from now. */
  start(): void {
    if (!this.stopped && this.timer === undefined) this.scheduleNext();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private scheduleNext(): void {
    this.timer = setTimeout(() => {
      this.running = this.task()
        .catch(this.onError)
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.scheduleNext();
        });
    }, this.intervalMs);
    // A pending compaction alone must not keep the process alive.
    this.timer.unref();
  }
}
