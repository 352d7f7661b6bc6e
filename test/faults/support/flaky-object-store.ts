import { setTimeout as sleep } from 'node:timers/promises';
import type { ObjectStore, PutObjectInput } from '../../../lambdas/core/ports/object-store';

export interface FlakyStoreOptions {
  /** Share of writes refused before anything is written, like an S3 PUT answered with an error (0..1). */
  readonly failureRate: number;
  /**
   * Share of writes stored and then reported failed, like a PUT that S3 committed while the caller timed out waiting
   * for the answer (0..1, on top of `failureRate`).
   */
  readonly writeThenThrowRate?: number;
  /** Each write waits a random 0..maxDelayMs first, so writes of one batch finish out of order. */
  readonly maxDelayMs: number;
  /** Share of writes that stall for `stallMs` instead, longer than the invocation may run (0..1). */
  readonly stallRate?: number;
  readonly stallMs?: number;
  /** Share of stalled writes refused in the end, as a request that times out may never reach S3 (0..1, default `failureRate`). */
  readonly stalledFailureRate?: number;
  /** Seeded random source, so a run can be replayed. */
  readonly random: () => number;
}

/** What the store did with each write: the figures a test asserts on, to prove each fault was injected. */
export interface FlakyStoreCounts {
  /** Writes refused (nothing stored). */
  failures: number;
  /** Writes stored, whatever the caller was told. */
  writes: number;
  /** Writes stored and reported failed. */
  storedButFailed: number;
  /** Writes that stalled for `stallMs`. */
  stalls: number;
  /** Stalled writes that were stored in the end. */
  lateWrites: number;
}

/** Wraps a store: after a random delay (or a stall), refuses a share of writes and stores-then-throws another share. */
export class FlakyObjectStore implements ObjectStore, FlakyStoreCounts {
  failures = 0;
  writes = 0;
  storedButFailed = 0;
  stalls = 0;
  lateWrites = 0;

  constructor(
    private readonly inner: ObjectStore,
    private readonly options: FlakyStoreOptions,
  ) {}

  async putObject(input: PutObjectInput): Promise<void> {
    // Every draw happens before the first await, so a seed replays the same faults whatever order the delays end in.
    const { failureRate, writeThenThrowRate = 0, maxDelayMs, stallRate = 0, stallMs = 0, random } = this.options;
    const delay = Math.floor(random() * maxDelayMs);
    const fault = random();
    const stalls = stallRate > 0 && random() < stallRate;
    const refused = fault < (stalls ? (this.options.stalledFailureRate ?? failureRate) : failureRate);
    // Nobody waits for the answer of a stalled write any more, so only the others are stored-then-failed.
    const throwsAfterStoring = !stalls && !refused && fault < failureRate + writeThenThrowRate;
    if (stalls) {
      this.stalls++;
      await sleep(stallMs);
    } else if (delay > 0) await sleep(delay);
    if (refused) {
      this.failures++;
      throw new Error(`injected write failure for ${input.key}`);
    }
    await this.inner.putObject(input);
    this.writes++;
    if (stalls) this.lateWrites++;
    if (throwsAfterStoring) {
      this.storedButFailed++;
      throw new Error(`injected failure after ${input.key} was stored`);
    }
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
