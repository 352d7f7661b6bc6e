/** Every property test runs through the seeded helper, and a failure names the seed that replays it. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProperty, PROPERTY_SEED } from '../../support/fast-check-seed';

const TEST_ROOT = join(import.meta.dirname, '../..');

function typeScriptFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('the seeded property helper', () => {
  it('is the only way the suite runs a property: no test calls fc.assert or fc.check itself', () => {
    // Prepare
    const helper = join(TEST_ROOT, 'support/fast-check-seed.ts');
    const self = import.meta.filename;

    // Act
    const unseeded = typeScriptFiles(TEST_ROOT)
      .filter((file) => file !== helper && file !== self)
      .filter((file) => /\bfc\.(assert|check)\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(TEST_ROOT, file));

    // Assert
    expect(unseeded).toEqual([]);
  });

  it('names the seed and how to replay it when a property fails', async () => {
    // Prepare
    const property = fc.property(fc.integer({ min: 0, max: 100 }), (value) => value < 50);

    // Act
    const failure = checkProperty(property, 200);

    // Assert
    await expect(failure).rejects.toThrow(
      new RegExp(`^Property failed after \\d+ runs with seed ${PROPERTY_SEED}; replay with FC_SEED=${PROPERTY_SEED} \\(path "[\\d:]+"\\)`),
    );
  });
});
