import { describe, expect, it } from 'vitest';
import { synthLakeline } from './synth-lakeline';

/** Asset hashes change with every handler edit; the snapshot is about the infrastructure. */
function withoutAssetHashes(template: unknown): unknown {
  return JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}(\.zip)?/g, '<asset-hash>$1'));
}

describe('template snapshot', () => {
  it('matches the reviewed dev template', () => {
    // Act
    const template = withoutAssetHashes(synthLakeline({ stage: 'dev' }).toJSON());

    // Assert
    expect(template).toMatchSnapshot();
  });
});
