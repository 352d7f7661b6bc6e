import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { passengers } from '../../../../datasets/passengers';
import { LakeViews } from '../../../../lambdas/adapters/duckdb-lake-views';
import { ATHENA_ROWS, ingestInto, PASSENGER_MESSAGES } from '../../../fixtures/passenger-lake';

/** `connection`, whose first statement creating the lake view of the passengers fails as a DuckDB error would. */
function failingOnceOnLakeView(connection: DuckDBConnection): DuckDBConnection {
  let failed = false;
  return new Proxy(connection, {
    get(target, property, receiver) {
      if (property !== 'run') return Reflect.get(target, property, receiver);
      return (sql: string) => {
        if (!failed && sql.startsWith('CREATE OR REPLACE VIEW "passengers" AS SELECT * FROM read_json(')) {
          failed = true;
          return Promise.reject(new Error('IO Error: could not read the lake'));
        }
        return target.run(sql);
      };
    },
  });
}

describe('lake views of the local DuckDB database', () => {
  let lakeDir: string;
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;

  beforeEach(async () => {
    lakeDir = await mkdtemp(join(tmpdir(), 'lakeline-lake-views-'));
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
  });

  afterEach(async () => {
    connection.closeSync();
    instance.closeSync();
    await rm(lakeDir, { recursive: true, force: true });
  });

  it('switch a dataset to its lake files on the refresh after one that failed', async () => {
    // Prepare
    const views = await LakeViews.create(failingOnceOnLakeView(connection), lakeDir, [passengers]);
    await ingestInto(lakeDir, PASSENGER_MESSAGES);
    const failedRefresh = await views.refresh().then(
      () => 'refreshed',
      (error: Error) => error.message,
    );

    // Act
    await views.refresh();

    // Assert
    const rows = (await connection.runAndReadAll('SELECT count(*) FROM passengers')).getRows();
    expect(failedRefresh).toBe('IO Error: could not read the lake');
    expect(rows).toEqual([[BigInt(ATHENA_ROWS.length)]]);
  });
});
