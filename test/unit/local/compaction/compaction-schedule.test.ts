import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CompactionSchedule } from '../../../../local/compaction/compaction-schedule';

/** A task whose runs end only when the test says so. */
function controlledTask() {
  const finishers: (() => void)[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const task = () =>
    new Promise<void>((resolve) => {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      finishers.push(() => {
        running--;
        resolve();
      });
    });
  return {
    task,
    finishNext: () => finishers.shift()?.(),
    get started() {
      return finishers.length;
    },
    get mostAtOnce() {
      return mostAtOnce;
    },
  };
}

describe('compaction schedule', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs the task one interval after the end of the previous run, never two at once', async () => {
    // Prepare
    const runs = controlledTask();
    const schedule = new CompactionSchedule(1000, runs.task, () => {});

    // Act
    schedule.start();
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(5000);
    const whileRunning = runs.started;
    runs.finishNext();
    await vi.advanceTimersByTimeAsync(999);
    const beforeNext = runs.started;
    await vi.advanceTimersByTimeAsync(1);

    // Assert
    expect(whileRunning).toBe(1);
    expect(beforeNext).toBe(0);
    expect(runs.started).toBe(1);
    expect(runs.mostAtOnce).toBe(1);
    runs.finishNext();
    await schedule.stop();
  });

  it('reports a failed run and keeps going', async () => {
    // Prepare
    const errors: unknown[] = [];
    let calls = 0;
    const schedule = new CompactionSchedule(
      100,
      async () => {
        calls++;
        if (calls === 1) throw new Error('first run failed');
      },
      (error) => errors.push(error),
    );

    // Act
    schedule.start();
    await vi.advanceTimersByTimeAsync(250);
    await schedule.stop();

    // Assert
    expect(calls).toBe(2);
    expect(errors).toEqual([new Error('first run failed')]);
  });

  it('stops by waiting for the run going and starting no other', async () => {
    // Prepare
    const runs = controlledTask();
    const schedule = new CompactionSchedule(100, runs.task, () => {});
    schedule.start();
    await vi.advanceTimersByTimeAsync(100);
    let stopped = false;

    // Act
    const stopping = schedule.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    const stoppedWhileRunning = stopped;
    runs.finishNext();
    await stopping;
    await vi.advanceTimersByTimeAsync(1000);

    // Assert
    expect(stoppedWhileRunning).toBe(false);
    expect(stopped).toBe(true);
    expect(runs.started).toBe(0);
  });
});
