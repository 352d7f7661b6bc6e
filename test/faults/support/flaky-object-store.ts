import { setTimeout as sleep } from 'node:timers/promises';
import type { ObjectStore, PutObjectInput } from '../../../lambdas/core/ports/object-store';

export interface FlakyStoreOptions {
  /** Share of writes that fail (0..1). */
  readonly failureRate: number;
  /** Each write waits a random 0..maxDelayMs first, so writes of one batch finish out of order. */
  readonly maxDelayMs: number;
  /** Seeded random source, so a run can be replayed. */
  readonly random: () => number;
}

/** Wraps a store: fails a share of writes (before anything is written, like a refused S3 PUT) after a random delay. */
export class FlakyObjectStore implements ObjectStore {
  failures = 0;
  writes = 0;

  constructor(
    private readonly inner: ObjectStore,
    private readonly options: FlakyStoreOptions,
  ) {}

  async putObject(input: PutObjectInput): Promise<void> {
    // Both draws happen before the first await, so a seed replays the same faults whatever order the delays end in.
    const delay = Math.floor(this.options.random() * this.options.maxDelayMs);
    const fails = this.options.random() < this.options.failureRate;
    if (delay > 0) await sleep(delay);
    if (fails) {
      this.failures++;
      throw new Error(`injected write failure for ${input.key}`);
    }
    this.writes++;
    await this.inner.putObject(input);
  }
}

/** A small deterministic generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 2 ** 32;
  };
}
