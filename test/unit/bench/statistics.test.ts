import { describe, expect, it } from 'vitest';
import { formatTail, interleavedTimings, MIN_SAMPLES_FOR_P99, median, percentile, tailFigure } from '../../../bench/statistics';

describe('bench statistics', () => {
  it('takes the middle of an odd count and the mean of the two middles of an even count', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('answers the nearest-rank percentile', () => {
    // Prepare
    const values = Array.from({ length: 200 }, (_, index) => index + 1);

    // Act and Assert
    expect(percentile(values, 0.99)).toBe(198);
    expect(percentile(values, 0.5)).toBe(100);
    expect(percentile([], 0.99)).toBeNaN();
  });

  it('reports a p99 once there are enough samples for one', () => {
    // Prepare: the largest value is an outlier the p99 must not be
    const values = [...Array.from({ length: MIN_SAMPLES_FOR_P99 - 1 }, () => 10), 1000];

    // Act
    const tail = tailFigure(values);

    // Assert
    expect(tail).toEqual({ label: 'p99', value: 10, samples: 100 });
    expect(formatTail(tail)).toBe('p99 10 ms');
  });

  it('reports the maximum, named max, when there are too few samples for a p99', () => {
    // Prepare
    const values = [3, 9, 4, 7];

    // Act
    const tail = tailFigure(values);

    // Assert
    expect(tail).toEqual({ label: 'max', value: 9, samples: 4 });
    expect(formatTail(tail)).toBe('max 9 ms (4 samples, too few for a p99)');
  });
});

describe('interleaved timings', () => {
  it('times baseline and subject in turn after untimed warm-up rounds of both, keeping only the timed runs', () => {
    // Prepare: each call answers its own sequence number, so the kept values show which calls were kept.
    const calls: string[] = [];
    const time = (which: 'baseline' | 'subject') => {
      calls.push(which);
      return calls.length;
    };

    // Act
    const times = interleavedTimings(3, 2, time);

    // Assert
    expect(calls).toEqual([
      'baseline',
      'subject',
      'baseline',
      'subject',
      'baseline',
      'subject',
      'baseline',
      'subject',
      'baseline',
      'subject',
    ]);
    expect(times).toEqual({ baseline: [5, 7, 9], subject: [6, 8, 10] });
  });
});
