/** Small statistics shared by the benchmarks. */

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Nearest-rank percentile (fraction in 0..1), rounded to a whole number; NaN for no values. */
export function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN);
}

/** Samples below which a p99 is only the largest value seen (the 99th percentile needs 100 values to exist). */
export const MIN_SAMPLES_FOR_P99 = 100;

export interface TailFigure {
  /** `p99` with enough samples, else `max`: the name the figure is reported under. */
  readonly label: 'p99' | 'max';
  readonly value: number;
  readonly samples: number;
}

/** The tail of `values`: the p99 when there are at least MIN_SAMPLES_FOR_P99 of them, else the maximum, labelled as such. */
export function tailFigure(values: readonly number[]): TailFigure {
  if (values.length >= MIN_SAMPLES_FOR_P99) return { label: 'p99', value: percentile(values, 0.99), samples: values.length };
  return { label: 'max', value: percentile(values, 1), samples: values.length };
}

/** `p99 12 ms` or `max 12 ms (40 samples)`. */
export function formatTail(tail: TailFigure, unit = 'ms'): string {
  return tail.label === 'p99' ? `p99 ${tail.value} ${unit}` : `max ${tail.value} ${unit} (${tail.samples} samples, too few for a p99)`;
}

/** `--name 12` on the command line as a positive number, or undefined. */
export function numberFlag(name: string): number | undefined {
  const index = process.argv.indexOf(name);
  const value = index >= 0 ? Number(process.argv[index + 1]) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * `runs` timings each of a baseline and a subject, alternating so drift affects both alike, after `warmUps` untimed
 * rounds of both: the first spawns of a run pay a cold file cache that would otherwise land in one of the medians.
 */
export function interleavedTimings(
  runs: number,
  warmUps: number,
  time: (which: 'baseline' | 'subject') => number,
): { readonly baseline: number[]; readonly subject: number[] } {
  for (let round = 0; round < warmUps; round++) {
    time('baseline');
    time('subject');
  }
  const baseline: number[] = [];
  const subject: number[] = [];
  for (let run = 0; run < runs; run++) {
    baseline.push(time('baseline'));
    subject.push(time('subject'));
  }
  return { baseline, subject };
}
