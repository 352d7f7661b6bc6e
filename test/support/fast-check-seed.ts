import fc from 'fast-check';

/** The seed of every property run: fixed in CI, overridable to replay or explore (`FC_SEED=123 npx vitest run test/property`). */
export const PROPERTY_SEED = Number(process.env.FC_SEED ?? 20261122);

/** Shrinking 100-message batches is slow; set FC_SHRINK=1 to shrink a failure to a minimal counterexample. */
const SHRINK = process.env.FC_SHRINK === '1';

const clip = (text: string, max = 2000) => (text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text);

/**
 * Runs a property with the fixed seed and, on failure, throws an error whose first line names the seed and the
 * path to replay it, with the (clipped) counterexample and the original error below.
 */
export async function checkProperty<T>(property: fc.IAsyncProperty<T> | fc.IProperty<T>, numRuns: number): Promise<void> {
  const details = await fc.check(property as fc.IAsyncProperty<T>, { seed: PROPERTY_SEED, numRuns, endOnFailure: !SHRINK });
  if (!details.failed) return;
  const replay = `FC_SEED=${details.seed} (path "${details.counterexamplePath ?? ''}")`;
  throw new Error(
    [
      `Property failed after ${details.numRuns} runs with seed ${details.seed}; replay with ${replay}.`,
      `Error: ${clip(details.errorInstance instanceof Error ? (details.errorInstance.stack ?? details.errorInstance.message) : String(details.errorInstance))}`,
      `Counterexample: ${clip(fc.stringify(details.counterexample))}`,
    ].join('\n'),
  );
}
