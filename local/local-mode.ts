import type { Server } from 'node:http';
import { join } from 'node:path';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { datasets as allDatasets } from '../datasets';
import { createDuckDbQueryEngine } from '../lambdas/adapters/duckdb-query-engine';
import { FilesystemObjectStore } from '../lambdas/adapters/filesystem-object-store';
import type { CompactedDayReport } from '../lambdas/compaction/compact-dataset';
import { DEFAULT_COMPACTION_LAG_HOURS } from '../lambdas/core/compaction-plan';
import type { DatasetDefinition } from '../lambdas/core/dataset';
import { MAX_RECEIVE_COUNT } from '../lambdas/core/delivery-policy';
import type { ObjectStore } from '../lambdas/core/ports/object-store';
import { INGEST_SERVICE } from '../lambdas/core/telemetry';
import { createIngestHandler } from '../lambdas/ingest/handler';
import { createQueryHandler } from '../lambdas/query/handler';
import { createApiServer } from './api/api-server';
import { withCompactionControl } from './api/compaction-control';
import { CompactionSchedule } from './compaction/compaction-schedule';
import { LocalCompactor } from './compaction/local-compactor';
import { ManifestCatalog } from './compaction/manifest-catalog';
import { DEFAULT_BATCH_SIZE, DEFAULT_BATCH_WINDOW_MS, DEFAULT_COMPACTION_INTERVAL_SECONDS } from './config';
import { lockDataDir } from './data-dir-lock';
import { closeServer, LOCAL_HOST, listenLocally } from './listen';
import { localLogger } from './local-logger';
import { fullDiskNotice } from './sns/full-disk-notice';
import type { TopicSink } from './sns/sns-actions';
import { createSnsServer } from './sns/sns-server';
import { Batcher } from './spool/batcher';
import { deadLetterDirectory } from './spool/dead-letters';
import { LocalQueue } from './spool/local-queue';
import { isNoSpace, NoSpaceError } from './spool/no-space';
import { Spool } from './spool/spool';
import { topicArn } from './topics';

export interface LocalModeOptions {
  readonly dataDir: string;
  /** 0 picks a free port. */
  readonly snsPort: number;
  /** 0 picks a free port. */
  readonly apiPort: number;
  /** Most messages per SQS event handed to the ingest handler (default 100). */
  readonly batchSize?: number;
  /** How long a batch may wait to fill (default 500 ms). */
  readonly batchWindowMs?: number;
  /** Receives before a message that keeps failing goes to the dead-letter directory (default MAX_RECEIVE_COUNT). */
  readonly maxReceives?: number;
  /** Delay before a failed message is delivered again: the queue's visibility timeout (default 1000 ms). */
  readonly retryDelayMs?: number;
  /** How long an API request waits for its query before answering 202 (default 10000 ms). */
  readonly queryWaitBudgetMs?: number;
  readonly maxRangeDays?: number;
  /** Seconds between compaction runs over every dataset (default 300); 0 turns the schedule off. */
  readonly compactionIntervalSeconds?: number;
  /** Hours after its end (UTC) before a day is compacted (default DEFAULT_COMPACTION_LAG_HOURS). */
  readonly compactionLagHours?: number;
  readonly datasets?: readonly DatasetDefinition[];
  /** Replaces the ingest handler (tests use it to provoke failures); defaults to the real one. */
  readonly ingestHandler?: (dataset: DatasetDefinition, store: ObjectStore) => (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;
  /** Where unexpected errors are reported (default: the local logger, at ERROR). */
  readonly onError?: (error: unknown) => void;
}

export interface LocalMode {
  readonly snsUrl: string;
  readonly apiUrl: string;
  readonly dataDir: string;
  /** `<dataDir>/lake`: the directory holding `raw/` and `rejected/`. */
  readonly lakeDir: string;
  readonly deadLetterDir: string;
  readonly datasets: readonly DatasetDefinition[];
  topicArn(dataset: string): string;
  /** Delivers every accepted message now, ignoring the batch window; resolves when the ingest finished them. */
  flush(): Promise<void>;
  /**
   * Compacts the closed days of a dataset that are due, or only `day` (again, if it already is; it must be closed),
   * after any compaction already going; answers one report per compacted day.
   */
  compact(datasetName: string, day?: string): Promise<readonly CompactedDayReport[]>;
  /** Stops accepting publishes, flushes in-flight batches, then closes everything. */
  stop(): Promise<void>;
}

interface DatasetPipeline {
  readonly dataset: DatasetDefinition;
  readonly queue: LocalQueue;
  readonly batcher: Batcher;
}

const LOCAL_SERVICE = 'lakeline-local';

/**
 * Starts the queues and batchers, the lake, DuckDB, the API and the SNS endpoint, all bound to 127.0.0.1. The SNS
 * endpoint listens last, once every topic is registered: a publish that arrives earlier is refused by the closed port
 * (a connection error the SDKs retry), never answered NotFound for a topic that exists.
 */
export async function startLocalMode(options: LocalModeOptions): Promise<LocalMode> {
  const datasets = options.datasets ?? allDatasets;
  const logger = localLogger(LOCAL_SERVICE);
  const onError =
    options.onError ??
    ((error: unknown) => logger.error(isNoSpace(error) || !(error instanceof Error) ? String(error) : (error.stack ?? error.message)));
  const lakeDir = join(options.dataDir, 'lake');
  const deadLetterDir = join(options.dataDir, 'dead-letter');
  const store = new FilesystemObjectStore(lakeDir);
  // The ingest logs every batch at INFO; locally only warnings and errors reach the console unless asked for.
  const ingestLogger = localLogger(INGEST_SERVICE);

  const snsSinks = new Map<string, TopicSink>();
  const snsServer: Server = createSnsServer(snsSinks, onError);
  const opened: { close(): Promise<void> }[] = [];
  const servers: Server[] = [];
  let engine: Awaited<ReturnType<typeof createDuckDbQueryEngine>> | undefined;
  let compactor: LocalCompactor | undefined;
  let unlock: (() => Promise<void>) | undefined;

  try {
    unlock = await lockDataDir(options.dataDir);
    const release = unlock;
    const fullDisk = fullDiskNotice(options.dataDir, (line) => logger.warn(line));
    const pipelines: DatasetPipeline[] = [];
    for (const dataset of datasets) {
      const spool = await Spool.open(join(options.dataDir, 'spool', dataset.name), { log: (line) => logger.warn(line) });
      opened.push(spool);
      const queue = new LocalQueue({
        spool,
        deadLetters: deadLetterDirectory(deadLetterDir, dataset.name),
        maxReceiveCount: options.maxReceives ?? MAX_RECEIVE_COUNT,
        visibilityTimeoutMs: options.retryDelayMs ?? 1000,
        onError,
      });
      const deliver = options.ingestHandler?.(dataset, store) ?? createIngestHandler({ store, dataset, logger: ingestLogger });
      const batcher = new Batcher({
        dataset: dataset.name,
        queue,
        deliver,
        batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
        windowMs: options.batchWindowMs ?? DEFAULT_BATCH_WINDOW_MS,
        onError,
      });
      pipelines.push({ dataset, queue, batcher });
      const arn = topicArn(dataset.name);
      snsSinks.set(arn, { arn, accept: (messages) => fullDisk.watch(queue.send(messages)) });
    }

    const catalog = new ManifestCatalog(lakeDir);
    compactor = await LocalCompactor.open({
      lakeDir,
      datasets,
      catalog,
      lagHours: options.compactionLagHours ?? DEFAULT_COMPACTION_LAG_HOURS,
    });
    const openCompactor = compactor;
    const compact = (datasetName: string, day?: string) => openCompactor.compact(datasetName, day);
    engine = await createDuckDbQueryEngine({ lakeDir, datasets, compactedRuns: catalog });
    const queryHandler = createQueryHandler({
      compactedDays: catalog,
      engine,
      datasets,
      config: { waitBudgetMs: options.queryWaitBudgetMs ?? 10_000, maxRangeDays: options.maxRangeDays ?? 31 },
    });
    const apiServer = createApiServer(withCompactionControl(compact, datasets, queryHandler, onError), onError);
    const apiPort = await listenLocally(apiServer, options.apiPort, 'HTTP API', 'LAKELINE_API_PORT');
    servers.push(apiServer);
    const apiUrl = `http://${LOCAL_HOST}:${apiPort}`;

    const snsPort = await listenLocally(snsServer, options.snsPort, 'SNS endpoint', 'LAKELINE_SNS_PORT');
    servers.push(snsServer);
    const snsUrl = `http://${LOCAL_HOST}:${snsPort}`;
    for (const pipeline of pipelines) pipeline.batcher.start();
    const intervalSeconds = options.compactionIntervalSeconds ?? DEFAULT_COMPACTION_INTERVAL_SECONDS;
    const schedule = new CompactionSchedule(intervalSeconds * 1000, () => openCompactor.compactAll(onError), onError);
    if (intervalSeconds > 0) schedule.start();

    const flush = async () => {
      await Promise.all(pipelines.map((pipeline) => pipeline.batcher.flush()));
    };
    let stopping: Promise<void> | undefined;
    const openEngine = engine;
    const stop = () => {
      stopping ??= (async () => {
        await closeServer(snsServer);
        // Closing the compactor first stops a scheduled turn before its next dataset; the one going is finished.
        const compactionStopped = Promise.all([openCompactor.close(), schedule.stop()]);
        await Promise.all(pipelines.map((pipeline) => pipeline.batcher.stop()));
        await Promise.all(pipelines.map((pipeline) => pipeline.queue.close()));
        await compactionStopped;
        await closeServer(apiServer);
        await openEngine.close();
        await release();
      })();
      return stopping;
    };

    return {
      snsUrl,
      apiUrl,
      dataDir: options.dataDir,
      lakeDir,
      deadLetterDir,
      datasets,
      topicArn,
      flush,
      compact,
      stop,
    };
  } catch (error) {
    for (const server of servers) await closeServer(server);
    for (const spool of opened) await spool.close().catch(() => {});
    await engine?.close();
    await compactor?.close();
    await unlock?.();
    throw isNoSpace(error) ? new NoSpaceError(options.dataDir) : error;
  }
}
