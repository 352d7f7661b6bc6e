/** A passengers lake written by the real ingest handler into a temporary directory, with a DuckDB engine over it. */
import { afterAll, beforeAll } from 'vitest';
import { datasets } from '../../datasets';
import { createDuckDbQueryEngine, type DuckDbQueryEngine, type DuckDbQueryEngineOptions } from '../../lambdas/adapters/duckdb-query-engine';
import { writePassengerLake } from '../fixtures/passenger-lake';

export interface DuckDbLake {
  readonly lakeDir: string;
  readonly engine: DuckDbQueryEngine;
  /** Closes the engine and removes the lake directory. */
  close(): Promise<void>;
}

export interface DuckDbLakeOptions {
  /** Published through the ingest handler, one SQS batch; default the passengers lake's messages. */
  readonly messages?: readonly string[];
  /** Writes more to the lake before the engine opens (further ingest batches, say). */
  readonly fill?: (lakeDir: string) => Promise<void>;
  /** Engine settings besides the lake directory and the datasets. */
  readonly engine?: Omit<DuckDbQueryEngineOptions, 'lakeDir' | 'datasets'>;
}

export async function openDuckDbLake(options: DuckDbLakeOptions = {}): Promise<DuckDbLake> {
  const lake = await writePassengerLake(options.messages);
  await options.fill?.(lake.lakeDir);
  const engine = await createDuckDbQueryEngine({ ...options.engine, lakeDir: lake.lakeDir, datasets });
  return {
    lakeDir: lake.lakeDir,
    engine,
    async close() {
      await engine.close();
      await lake.remove();
    },
  };
}

/** Opens a DuckDB lake before the tests of the enclosing `describe` and closes it after them. */
export function useDuckDbLake(options: DuckDbLakeOptions = {}): DuckDbLake {
  let opened: DuckDbLake | undefined;
  beforeAll(async () => {
    opened = await openDuckDbLake(options);
  });
  afterAll(async () => {
    await opened?.close();
  });
  const current = (): DuckDbLake => {
    if (!opened) throw new Error('the DuckDB lake opens before the tests run');
    return opened;
  };
  return {
    get lakeDir() {
      return current().lakeDir;
    },
    get engine() {
      return current().engine;
    },
    close: () => current().close(),
  };
}
