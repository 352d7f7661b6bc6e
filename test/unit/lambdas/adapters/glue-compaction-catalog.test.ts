import {
  AlreadyExistsException,
  CreatePartitionCommand,
  EntityNotFoundException,
  GetPartitionsCommand,
  GetTableCommand,
  GlueClient,
  UpdatePartitionCommand,
} from '@aws-sdk/client-glue';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { passengers } from '../../../../datasets/passengers';
import { GlueCallError, GlueCompactedDays, GlueCompactionCatalog } from '../../../../lambdas/adapters/glue-compaction-catalog';

const glue = mockClient(GlueClient);
const TABLE = { DatabaseName: 'lakeline_test', TableName: 'lakeline_curated_passengers' };
const COLUMNS = [
  { Name: 'passenger_id', Type: 'bigint' },
  { Name: 'name', Type: 'string' },
];
const ENTRY = { day: '2026-01-02', runId: '20260105T040000Z-ab12', compactedAt: '2026-01-05T04:10:00.000Z' };
const PARTITION_INPUT = {
  Values: ['2026-01-02'],
  StorageDescriptor: {
    Columns: COLUMNS,
    Location: 's3://lake-bucket/curated/passengers/dt=2026-01-02/run=20260105T040000Z-ab12/',
    InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
  },
  Parameters: { classification: 'parquet', 'lakeline.runId': ENTRY.runId, 'lakeline.compactedAt': ENTRY.compactedAt },
};

const reader = () => new GlueCompactedDays(new GlueClient({ region: 'eu-west-1' }), { database: 'lakeline_test', datasets: [passengers] });
const catalog = () =>
  new GlueCompactionCatalog(new GlueClient({ region: 'eu-west-1' }), {
    database: 'lakeline_test',
    bucket: 'lake-bucket',
    datasets: [passengers],
  });

/** The curated table's columns, and the partition of 2026-01-02 when `existing`. */
function glueWithTable(existing: boolean): void {
  glue.on(GetTableCommand).resolves({ Table: { Name: TABLE.TableName, StorageDescriptor: { Columns: COLUMNS } } });
  glue
    .on(GetPartitionsCommand)
    .resolves({ Partitions: existing ? [{ Values: ['2026-01-02'], Parameters: { 'lakeline.runId': 'old' } }] : [] });
}

afterEach(() => glue.reset());

describe('Glue compacted days', () => {
  it('reads every page of the partitions whose dt lies in the range, and returns their days and runs in day order', async () => {
    // Prepare
    const requests: unknown[] = [];
    const pages = [
      {
        Partitions: [
          { Values: ['2026-01-03'], Parameters: { 'lakeline.runId': 'r3', 'lakeline.compactedAt': '2026-01-04T04:00:00.000Z' } },
        ],
        NextToken: 'page-2',
      },
      { Partitions: [{ Values: ['2026-01-01'], Parameters: { 'lakeline.runId': 'r1' } }] },
    ];
    // The paginator reuses one input object across pages, so each request is copied as it is sent.
    glue.on(GetPartitionsCommand).callsFake((input) => {
      requests.push(JSON.parse(JSON.stringify(input)));
      return pages[requests.length - 1];
    });

    // Act
    const days = await reader().compactedDays('passengers', '2026-01-01', '2026-01-31');

    // Assert
    expect(days).toEqual([
      { day: '2026-01-01', runId: 'r1', compactedAt: '' },
      { day: '2026-01-03', runId: 'r3', compactedAt: '2026-01-04T04:00:00.000Z' },
    ]);
    expect(requests).toEqual([
      { ...TABLE, Expression: "dt BETWEEN '2026-01-01' AND '2026-01-31'" },
      { ...TABLE, Expression: "dt BETWEEN '2026-01-01' AND '2026-01-31'", NextToken: 'page-2' },
    ]);
  });

  it('takes the run from the location when the partition has no run parameter, and skips a partition with neither', async () => {
    // Prepare
    glue.on(GetPartitionsCommand).resolves({
      Partitions: [
        { Values: ['2026-01-01'], StorageDescriptor: { Location: 's3://lake-bucket/curated/passengers/dt=2026-01-01/run=r1/' } },
        { Values: ['2026-01-02'], StorageDescriptor: { Location: 's3://lake-bucket/elsewhere/' } },
      ],
    });

    // Act
    const days = await reader().compactedDays('passengers', '2026-01-01', '2026-01-02');

    // Assert
    expect(days).toEqual([{ day: '2026-01-01', runId: 'r1', compactedAt: '' }]);
  });

  it('refuses a day that is not YYYY-MM-DD before calling Glue, so nothing else reaches the expression', async () => {
    // Act
    const read = reader().compactedDays('passengers', "2026-01-01' OR '1'='1", '2026-01-02');

    // Assert
    await expect(read).rejects.toThrow(/not a YYYY-MM-DD day/);
    expect(glue.calls()).toHaveLength(0);
  });

  it('names the call and the table when Glue fails, keeping the SDK error as the cause', async () => {
    // Prepare
    const missing = new EntityNotFoundException({ message: 'Table lakeline_curated_passengers not found.', $metadata: {} });
    glue.on(GetPartitionsCommand).rejects(missing);

    // Act
    const error = await reader()
      .compactedDays('passengers', '2026-01-01', '2026-01-02')
      .catch((caught: unknown) => caught);

    // Assert
    expect(error).toBeInstanceOf(GlueCallError);
    expect((error as GlueCallError).message).toBe(
      'Glue GetPartitions on lakeline_test.lakeline_curated_passengers: Table lakeline_curated_passengers not found.',
    );
    expect((error as GlueCallError).cause).toBe(missing);
  });

  it('refuses a dataset it has no table for', async () => {
    // Act
    const read = reader().compactedDays('flights', '2026-01-01', '2026-01-02');

    // Assert
    await expect(read).rejects.toThrow(/unknown dataset "flights"/);
  });
});

describe('Glue compaction catalog', () => {
  it('creates the partition of a new day at the run prefix, as Parquet with the table columns and the run parameters', async () => {
    // Prepare
    glueWithTable(false);

    // Act
    await catalog().switchDay('passengers', ENTRY);

    // Assert
    expect(glue).toHaveReceivedCommandWith(GetTableCommand, { DatabaseName: 'lakeline_test', Name: 'lakeline_curated_passengers' });
    expect(glue).toHaveReceivedCommandWith(GetPartitionsCommand, { ...TABLE, Expression: "dt = '2026-01-02'" });
    expect(glue).toHaveReceivedCommandExactlyOnceWith(CreatePartitionCommand, { ...TABLE, PartitionInput: PARTITION_INPUT });
    expect(glue).not.toHaveReceivedCommand(UpdatePartitionCommand);
  });

  it('updates the partition of a day compacted before to the new run, in place', async () => {
    // Prepare
    glueWithTable(true);

    // Act
    await catalog().switchDay('passengers', ENTRY);

    // Assert
    expect(glue).toHaveReceivedCommandExactlyOnceWith(UpdatePartitionCommand, {
      ...TABLE,
      PartitionValueList: ['2026-01-02'],
      PartitionInput: PARTITION_INPUT,
    });
    expect(glue).not.toHaveReceivedCommand(CreatePartitionCommand);
  });

  it('updates instead when the partition was created after it looked (AlreadyExistsException)', async () => {
    // Prepare
    glueWithTable(false);
    glue.on(CreatePartitionCommand).rejects(new AlreadyExistsException({ message: 'Partition already exists.', $metadata: {} }));

    // Act
    await catalog().switchDay('passengers', ENTRY);

    // Assert
    expect(glue).toHaveReceivedCommandTimes(CreatePartitionCommand, 1);
    expect(glue).toHaveReceivedCommandExactlyOnceWith(UpdatePartitionCommand, {
      ...TABLE,
      PartitionValueList: ['2026-01-02'],
      PartitionInput: PARTITION_INPUT,
    });
  });

  it('creates instead when the partition was removed after it looked (EntityNotFoundException)', async () => {
    // Prepare
    glueWithTable(true);
    glue.on(UpdatePartitionCommand).rejects(new EntityNotFoundException({ message: 'Partition not found.', $metadata: {} }));

    // Act
    await catalog().switchDay('passengers', ENTRY);

    // Assert
    expect(glue).toHaveReceivedCommandTimes(UpdatePartitionCommand, 1);
    expect(glue).toHaveReceivedCommandExactlyOnceWith(CreatePartitionCommand, { ...TABLE, PartitionInput: PARTITION_INPUT });
  });

  it('fails on any other Glue error without trying the other call', async () => {
    // Prepare
    glueWithTable(false);
    glue.on(CreatePartitionCommand).rejects(new EntityNotFoundException({ message: 'Table not found.', $metadata: {} }));

    // Act
    const switched = catalog().switchDay('passengers', ENTRY);

    // Assert
    await expect(switched).rejects.toThrow('Glue CreatePartition on lakeline_test.lakeline_curated_passengers: Table not found.');
    expect(glue).not.toHaveReceivedCommand(UpdatePartitionCommand);
  });

  it('fails when the other call meets a race too, rather than going back and forth', async () => {
    // Prepare
    glueWithTable(false);
    glue.on(CreatePartitionCommand).rejects(new AlreadyExistsException({ message: 'Partition already exists.', $metadata: {} }));
    glue.on(UpdatePartitionCommand).rejects(new EntityNotFoundException({ message: 'Partition not found.', $metadata: {} }));

    // Act
    const switched = catalog().switchDay('passengers', ENTRY);

    // Assert
    await expect(switched).rejects.toThrow(/^Glue UpdatePartition on .*: Partition not found\.$/);
    expect(glue).toHaveReceivedCommandTimes(CreatePartitionCommand, 1);
    expect(glue).toHaveReceivedCommandTimes(UpdatePartitionCommand, 1);
  });

  it('refuses a day that is not a calendar date before calling Glue', async () => {
    // Act
    const switched = catalog().switchDay('passengers', { ...ENTRY, day: '2026-02-30' });

    // Assert
    await expect(switched).rejects.toThrow(/not a calendar day/);
    expect(glue.calls()).toHaveLength(0);
  });
});
