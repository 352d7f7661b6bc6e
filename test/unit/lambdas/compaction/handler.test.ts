import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { AthenaClient, GetQueryExecutionCommand, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import {
  AlreadyExistsException,
  CreatePartitionCommand,
  EntityNotFoundException,
  GetPartitionsCommand,
  GetTableCommand,
  GlueClient,
  UpdatePartitionCommand,
} from '@aws-sdk/client-glue';
import { DeleteObjectsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { passengers } from '../../../../datasets/passengers';
import { AthenaCompactionWriter } from '../../../../lambdas/adapters/athena-compaction-writer';
import { GlueCompactionCatalog } from '../../../../lambdas/adapters/glue-compaction-catalog';
import { S3LakeListing } from '../../../../lambdas/adapters/s3-lake-listing';
import { CompactionFailedError, createCompactionHandler } from '../../../../lambdas/compaction/handler';
import { buildCompactionSelect } from '../../../../lambdas/core/compaction-query';
import { defineDataset } from '../../../../lambdas/core/dataset';
import { CompactionMetric } from '../../../../lambdas/core/telemetry';

const BUCKET = 'lake-bucket';
const athena = mockClient(AthenaClient);
const s3 = mockClient(S3Client);
const glue = mockClient(GlueClient);
const NOW = new Date('2026-01-05T04:00:00.000Z');
const COLUMNS = [{ Name: 'passenger_id', Type: 'bigint' }];
const STORED =
  '"passenger_id", "flight_id", "name", "seat_number", "boarded_at", "lakeline_message_id", "lakeline_record_index", "lakeline_ingested_at"';
const COPY_NUMBER =
  'ROW_NUMBER() OVER (PARTITION BY "lakeline_message_id", "lakeline_record_index" ORDER BY "lakeline_ingested_at") AS "lakeline_copy"';

afterEach(() => {
  athena.reset();
  s3.reset();
  glue.reset();
  vi.restoreAllMocks();
});

interface Lake {
  /** Days with raw objects. */
  readonly rawDays: readonly string[];
  /** Compaction request keys. */
  readonly requests?: readonly string[];
  /** Run folders per day under curated/passengers/dt=<day>/. */
  readonly runs?: Readonly<Record<string, readonly string[]>>;
}

/** Answers the S3 listings of `lake` and records deletes in `log`. */
function serveLake(lake: Lake, log: string[]): void {
  s3.on(ListObjectsV2Command).callsFake((input) => {
    const prefix: string = input.Prefix;
    if (prefix === 'compaction-requests/passengers/') return { Contents: (lake.requests ?? []).map((Key) => ({ Key })) };
    if (prefix === 'raw/passengers/') return { CommonPrefixes: lake.rawDays.map((day) => ({ Prefix: `raw/passengers/dt=${day}/` })) };
    const day = /^curated\/passengers\/dt=([^/]+)\/$/.exec(prefix)?.[1];
    if (day !== undefined) return { CommonPrefixes: (lake.runs?.[day] ?? []).map((run) => ({ Prefix: `${prefix}run=${run}/` })) };
    if (prefix.includes('/run=')) return { Contents: [{ Key: `${prefix}part-0.parquet` }] };
    return {};
  });
  s3.on(DeleteObjectsCommand).callsFake((input) => {
    log.push(`s3:delete ${input.Delete.Objects.map((object: { Key: string }) => object.Key).join(',')}`);
    return {};
  });
}

/** Glue with the given compacted days (day → run id); each call is recorded in `log`. */
function glueWith(compacted: Readonly<Record<string, string>>, log: string[]): void {
  glue.on(GetPartitionsCommand).callsFake(() => {
    log.push('glue:GetPartitions');
    return { Partitions: Object.entries(compacted).map(([day, runId]) => ({ Values: [day], Parameters: { 'lakeline.runId': runId } })) };
  });
  glue.on(GetTableCommand).callsFake(() => {
    log.push('glue:GetTable');
    return { Table: { Name: 'lakeline_curated_passengers', StorageDescriptor: { Columns: COLUMNS } } };
  });
  glue.on(CreatePartitionCommand).callsFake((input) => {
    log.push('glue:CreatePartition');
    if (compacted[input.PartitionInput.Values[0]])
      throw new AlreadyExistsException({ message: 'Partition already exists.', $metadata: {} });
    return {};
  });
  glue.on(UpdatePartitionCommand).callsFake(() => {
    log.push('glue:UpdatePartition');
    return {};
  });
}

const createdDays = () => glue.commandCalls(CreatePartitionCommand).map((call) => call.args[0].input.PartitionInput?.Values?.[0]);

function handlerWith(options: { datasets?: (typeof passengers)[]; metrics?: Metrics } = {}) {
  let runs = 0;
  return createCompactionHandler({
    ports: {
      listing: new S3LakeListing(new S3Client({ region: 'us-east-1' }), BUCKET),
      catalog: new GlueCompactionCatalog(new GlueClient({ region: 'us-east-1' }), {
        database: 'lakeline_test',
        bucket: BUCKET,
        datasets: options.datasets ?? [passengers],
      }),
      writer: new AthenaCompactionWriter(new AthenaClient({ region: 'us-east-1' }), {
        workGroup: 'lakeline-test-compaction',
        database: 'lakeline_test',
        bucket: BUCKET,
        sleep: async () => {},
      }),
      now: () => NOW,
      newRunId: () => `run-${++runs}`,
    },
    datasets: options.datasets ?? [passengers],
    lagHours: 3,
    logger: new Logger({ logLevel: 'SILENT' }),
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
}

function athenaSucceeds(log: string[] = []): void {
  let started = 0;
  athena.on(StartQueryExecutionCommand).callsFake(() => {
    log.push('athena:start');
    return { QueryExecutionId: `q-${++started}` };
  });
  athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
}

describe('compaction function', () => {
  it("unloads each due day's raw rows and current run as ZSTD Parquet to a fresh run prefix, the day as both execution parameters", async () => {
    // Prepare
    const log: string[] = [];
    serveLake({ rawDays: ['2026-01-02', '2026-01-05'] }, log);
    athenaSucceeds();
    glueWith({}, log);
    const compact = handlerWith();

    // Act
    const summary = await compact({});

    // Assert
    expect(summary.compacted.map((report) => report.day)).toEqual(['2026-01-02']);
    const starts = athena.commandCalls(StartQueryExecutionCommand).map((call) => call.args[0].input);
    expect(starts).toEqual([
      {
        QueryString: `UNLOAD (${buildCompactionSelect(passengers, '2026-01-02').sql}) TO 's3://lake-bucket/curated/passengers/dt=2026-01-02/run=run-1/' WITH (format = 'PARQUET', compression = 'ZSTD')`,
        WorkGroup: 'lakeline-test-compaction',
        QueryExecutionContext: { Database: 'lakeline_test' },
        ExecutionParameters: ["'2026-01-02'", "'2026-01-02'"],
      },
    ]);
    expect(starts[0]?.QueryString).toBe(
      `UNLOAD (SELECT ${STORED} FROM (SELECT ${STORED}, ${COPY_NUMBER} FROM (SELECT ${STORED} FROM "passengers" WHERE "dt" = ? ` +
        `UNION ALL SELECT ${STORED} FROM "lakeline_curated_passengers" WHERE "dt" = ?)) WHERE "lakeline_copy" = 1 ` +
        'ORDER BY "passenger_id" ASC NULLS LAST, "flight_id" ASC NULLS LAST, "seat_number" ASC NULLS LAST, "boarded_at" ASC NULLS LAST, ' +
        '"lakeline_message_id" ASC NULLS LAST, "lakeline_record_index" ASC NULLS LAST) ' +
        "TO 's3://lake-bucket/curated/passengers/dt=2026-01-02/run=run-1/' WITH (format = 'PARQUET', compression = 'ZSTD')",
    );
  });

  it('creates the partition of a day compacted for the first time, pointing at the run prefix as Parquet', async () => {
    // Prepare
    const log: string[] = [];
    serveLake({ rawDays: ['2026-01-02'] }, log);
    athenaSucceeds();
    glueWith({}, log);

    // Act
    await handlerWith()({});

    // Assert
    expect(glue.commandCalls(UpdatePartitionCommand)).toHaveLength(0);
    expect(glue).toHaveReceivedCommandTimes(CreatePartitionCommand, 1);
    expect(glue.commandCalls(CreatePartitionCommand)[0]?.args[0].input).toEqual({
      DatabaseName: 'lakeline_test',
      TableName: 'lakeline_curated_passengers',
      PartitionInput: {
        Values: ['2026-01-02'],
        StorageDescriptor: {
          Columns: COLUMNS,
          Location: 's3://lake-bucket/curated/passengers/dt=2026-01-02/run=run-1/',
          InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
          OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
          SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
        },
        Parameters: { classification: 'parquet', 'lakeline.runId': 'run-1', 'lakeline.compactedAt': NOW.toISOString() },
      },
    });
  });

  it('updates the partition of a day compacted before, and deletes its request markers only after the switch', async () => {
    // Prepare
    const log: string[] = [];
    const marker = 'compaction-requests/passengers/dt=2026-01-02/late-object';
    serveLake({ rawDays: ['2026-01-02'], requests: [marker], runs: { '2026-01-02': ['old', 'older', 'run-1'] } }, log);
    athenaSucceeds(log);
    glueWith({ '2026-01-02': 'old' }, log);

    // Act
    const summary = await handlerWith()({});

    // Assert
    expect(summary.compacted).toEqual([{ dataset: 'passengers', day: '2026-01-02', runId: 'run-1', replacedRunId: 'old', requests: 1 }]);
    expect(glue).toHaveReceivedCommandWith(UpdatePartitionCommand, {
      TableName: 'lakeline_curated_passengers',
      PartitionValueList: ['2026-01-02'],
      PartitionInput: expect.objectContaining({
        StorageDescriptor: expect.objectContaining({ Location: 's3://lake-bucket/curated/passengers/dt=2026-01-02/run=run-1/' }),
      }),
    });
    expect(log.filter((entry) => !entry.startsWith('glue:Get'))).toEqual([
      'athena:start',
      'glue:UpdatePartition',
      `s3:delete ${marker}`,
      's3:delete curated/passengers/dt=2026-01-02/run=older/part-0.parquet',
    ]);
  });

  it('compacts one named day again on request, even when it is already compacted and has no marker', async () => {
    // Prepare
    const log: string[] = [];
    serveLake({ rawDays: ['2026-01-01', '2026-01-02'] }, log);
    athenaSucceeds();
    glueWith({ '2026-01-01': 'a', '2026-01-02': 'b' }, log);

    // Act
    const summary = await handlerWith()({ dataset: 'passengers', day: '2026-01-02' });

    // Assert
    expect(summary.compacted.map((report) => [report.day, report.replacedRunId])).toEqual([['2026-01-02', 'b']]);
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input.ExecutionParameters).toEqual(["'2026-01-02'", "'2026-01-02'"]);
  });

  it('tries every due day when one fails, switches nothing for the failed day, then fails the invocation naming it', async () => {
    // Prepare
    const log: string[] = [];
    serveLake({ rawDays: ['2026-01-01', '2026-01-02', '2026-01-03'] }, log);
    athena.on(StartQueryExecutionCommand).callsFake((input) => ({ QueryExecutionId: input.ExecutionParameters[0] }));
    athena.on(GetQueryExecutionCommand).callsFake((input) => ({
      QueryExecution:
        input.QueryExecutionId === "'2026-01-02'"
          ? { Status: { State: 'FAILED', StateChangeReason: 'Query exhausted resources at this scale factor' } }
          : { Status: { State: 'SUCCEEDED' } },
    }));
    glueWith({}, log);

    // Act
    const run = handlerWith()({});

    // Assert
    const error = await run.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CompactionFailedError);
    expect((error as CompactionFailedError).failures).toEqual([
      { dataset: 'passengers', day: '2026-01-02', error: expect.stringMatching(/FAILED: Query exhausted resources at this scale factor$/) },
    ]);
    expect(createdDays()).toEqual(['2026-01-01', '2026-01-03']);
  });

  it('polls Athena until the UNLOAD finished before it switches the day', async () => {
    // Prepare
    const log: string[] = [];
    serveLake({ rawDays: ['2026-01-02'] }, log);
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce({ QueryExecution: { Status: { State: 'QUEUED' } } })
      .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
      .resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    glueWith({}, log);

    // Act
    await handlerWith()({});

    // Assert
    expect(athena.commandCalls(GetQueryExecutionCommand)).toHaveLength(3);
    expect(createdDays()).toHaveLength(1);
  });

  it('goes on to the next dataset when the catalog of one cannot be read, then fails', async () => {
    // Prepare
    const log: string[] = [];
    const other = defineDataset({
      name: 'flights',
      description: 'Flights',
      columns: { departed_at: { type: 'timestamp', description: 'Departure', required: true } },
      partitionColumn: 'departed_at',
    });
    serveLake({ rawDays: ['2026-01-02'] }, log);
    athenaSucceeds();
    glueWith({}, log);
    glue
      .on(GetPartitionsCommand, { TableName: 'lakeline_curated_flights' })
      .rejects(new EntityNotFoundException({ message: 'Table lakeline_curated_flights not found.', $metadata: {} }));

    // Act
    const error = await handlerWith({ datasets: [other, passengers] })({}).catch((caught: unknown) => caught);

    // Assert
    expect((error as CompactionFailedError).failures).toEqual([{ dataset: 'flights', error: expect.stringMatching(/GetPartitions/) }]);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(1);
  });

  it('refuses an unknown dataset or a malformed day before touching the lake', async () => {
    // Prepare
    const log: string[] = [];
    serveLake({ rawDays: [] }, log);
    glueWith({}, log);
    const compact = handlerWith();

    // Act
    const unknownDataset = compact({ dataset: 'nope' });
    const badDay = compact({ dataset: 'passengers', day: '2026-02-30' });

    // Assert
    await expect(unknownDataset).rejects.toThrow(/unknown dataset "nope"; datasets: passengers/);
    await expect(badDay).rejects.toThrow(/"day" must be a calendar date/);
    expect(s3.calls()).toHaveLength(0);
  });

  it('counts the days compacted and the failures per dataset', async () => {
    // Prepare
    const log: string[] = [];
    serveLake({ rawDays: ['2026-01-02'] }, log);
    athenaSucceeds();
    const metrics = new Metrics({ namespace: 'Lakeline', serviceName: 'compaction' });
    const added = vi.spyOn(metrics, 'addMetric');
    const dimension = vi.spyOn(metrics, 'addDimension');
    vi.spyOn(metrics, 'publishStoredMetrics').mockImplementation(() => metrics);

    // Act
    glueWith({}, log);
    await handlerWith({ metrics })({});

    // Assert
    expect(dimension).toHaveBeenCalledWith('dataset', 'passengers');
    expect(added.mock.calls.map(([name, , value]) => [name, value])).toEqual([
      [CompactionMetric.DaysCompacted, 1],
      [CompactionMetric.CompactionFailures, 0],
    ]);
  });
});
