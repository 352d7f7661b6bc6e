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

/**
 * How many dead letters the injected faults explain. A message is dead-lettered when all `receives` of its deliveries
 * fail, each independently with its `deliveryFailures` chance q, so with chance q^receives; the count is a sum of such
 * draws (a binomial when every message has the same chance), bounded here by its mean plus `deviations` standard
 * deviations. A handler that fails messages the faults did not touch goes far past it.
 */
export function deadLetterBound(deliveryFailures: readonly number[], receives: number, deviations = 6): DeadLetterBound {
  let expected = 0;
  let variance = 0;
  for (const failure of deliveryFailures) {
    const chance = failure ** receives;
    expected += chance;
    variance += chance * (1 - chance);
  }
  return { expected, limit: expected + deviations * Math.sqrt(variance) };
}
