import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { countCopies, readLakeCopies } from '../../../bench/lake-copies';
import { rawObjectKey } from '../../../lambdas/core/lake-keys';

const line = (messageId: string, recordIndex: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ passenger_id: 1, ...extra, lakeline_message_id: messageId, lakeline_record_index: recordIndex });

describe('counting stored copies', () => {
  it('counts a record stored twice as one record with one extra copy', () => {
    // Act
    const copies = countCopies([line('m1', 0), line('m1', 1), line('m1', 0, { lakeline_ingested_at: 'later' }), '']);

    // Assert
    expect(copies).toEqual({ rows: 3, records: 2, extraCopies: 1, duplicatedRecords: 1 });
  });

  it('keeps records with the same index in different messages apart', () => {
    // Act
    const copies = countCopies([line('m1', 0), line('m2', 0), line('m10', 0)]);

    // Assert
    expect(copies).toEqual({ rows: 3, records: 3, extraCopies: 0, duplicatedRecords: 0 });
  });

  it('refuses a row without its lineage rather than counting it as unique', () => {
    expect(() => countCopies([JSON.stringify({ passenger_id: 1 })])).toThrow('without its lineage');
  });
});

describe('reading the copies of a lake directory', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('reads every raw object of the dataset, across days, and nothing of another dataset', async () => {
    // Prepare
    const lakeDir = await mkdtemp(join(tmpdir(), 'lake-copies-'));
    dirs.push(lakeDir);
    const put = async (key: string, lines: string[]) => {
      await mkdir(dirname(join(lakeDir, key)), { recursive: true });
      await writeFile(join(lakeDir, key), gzipSync(`${lines.join('\n')}\n`));
    };
    await put(rawObjectKey('passengers', '2025-01-01', 'a'), [line('m1', 0), line('m1', 1)]);
    await put(rawObjectKey('passengers', '2025-01-02', 'b'), [line('m1', 1)]);
    await put(rawObjectKey('flights', '2025-01-01', 'c'), [line('m9', 0)]);

    // Act
    const copies = readLakeCopies(lakeDir, 'passengers');

    // Assert
    expect(copies).toEqual({ rows: 3, records: 2, extraCopies: 1, duplicatedRecords: 1 });
  });
});
