import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FilesystemObjectStore } from '../../../../lambdas/adapters/filesystem-object-store';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'lakeline-fs-store-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const KEY = 'raw/passengers/dt=2025-01-31/0123456789abcdef0123456789abcdef.json.gz';

describe('FilesystemObjectStore', () => {
  it('writes the body at <root>/<key>, creating the folders', async () => {
    // Prepare
    const store = new FilesystemObjectStore(root);

    // Act
    await store.putObject({ key: KEY, body: new Uint8Array([1, 2, 3]), contentType: 'application/x-ndjson', contentEncoding: 'gzip' });

    // Assert
    expect([...(await readFile(join(root, KEY)))]).toEqual([1, 2, 3]);
  });

  it('overwrites an existing object and leaves no temporary file behind', async () => {
    // Prepare
    const store = new FilesystemObjectStore(root);
    await store.putObject({ key: KEY, body: new Uint8Array([1]), contentType: 'application/x-ndjson' });

    // Act
    await store.putObject({ key: KEY, body: new Uint8Array([2, 2]), contentType: 'application/x-ndjson' });

    // Assert
    expect([...(await readFile(join(root, KEY)))]).toEqual([2, 2]);
    expect(await readdir(join(root, 'raw/passengers/dt=2025-01-31'))).toEqual(['0123456789abcdef0123456789abcdef.json.gz']);
  });

  it('leaves one whole object when the same key is written concurrently', async () => {
    // Prepare
    const store = new FilesystemObjectStore(root);
    const bodies = Array.from({ length: 8 }, (_, index) => new Uint8Array(64 * 1024).fill(index));

    // Act
    await Promise.all(bodies.map((body) => store.putObject({ key: KEY, body, contentType: 'application/x-ndjson' })));

    // Assert
    const written = await readFile(join(root, KEY));
    expect(written.byteLength).toBe(64 * 1024);
    expect(new Set(written).size).toBe(1);
  });

  it.each(['../outside.json.gz', '/etc/passwd', '', 'raw/../../outside'])('refuses the key %j that would leave the root', async (key) => {
    // Prepare
    const store = new FilesystemObjectStore(root);

    // Act
    const put = store.putObject({ key, body: new Uint8Array([1]), contentType: 'application/x-ndjson' });

    // Assert
    await expect(put).rejects.toThrow('Invalid object key');
  });
});
