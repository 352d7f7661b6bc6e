/** The chance that one delivery of a message fails when it needs `writes` writes, each failing with `writeFailureRate`. */
export function deliveryFailure(writeFailureRate: number, writes: number): number {
  return 1 - (1 - writeFailureRate) ** writes;
}

export interface DeadLetterBound {
  /** Dead letters the injected faults explain on average. */
  readonly expected: number;
  /** The most the faults explain: the expectation plus `deviations` standard deviations. */
  readonly limit: number;
}

export interface BoundOptions {
  /** Standard deviations above the expectation still put down to chance (default 6). */
  readonly deviations?: number;
  /**
   * The most messages whose fates one fault decides together (default 1: independent). Messages of one batch share its
   * objects, so one refused write fails them all; their dead letters come in clusters and the count spreads wider
   * than a binomial's, by at most this factor in variance.
   */
  readonly sharedFate?: number;
}

/**
 * How many dead letters the injected faults explain. A message is dead-lettered when all `receives` of its deliveries
 * fail, each independently with its `deliveryFailures` chance q, so with chance q^receives; the count is a sum of such
 * draws (a binomial when every message has the same chance), bounded here by its mean plus `deviations` standard
 * deviations, the variance widened by `sharedFate`. A handler that fails messages the faults did not touch goes far past it.
 */
export function deadLetterBound(deliveryFailures: readonly number[], receives: number, options: BoundOptions = {}): DeadLetterBound {
  const { deviations = 6, sharedFate = 1 } = options;
  let expected = 0;
  let variance = 0;
  for (const failure of deliveryFailures) {
    const chance = failure ** receives;
    expected += chance;
    variance += chance * (1 - chance);
  }
  return { expected, limit: expected + deviations * Math.sqrt(sharedFate * variance) };
}
