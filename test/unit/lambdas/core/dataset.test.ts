import { describe, expect, it } from 'vitest';
import {
  COLUMN_TYPES,
  type ColumnInput,
  curatedTableName,
  type DatasetInput,
  defineDataset,
  findColumn,
  IDENTIFIER,
  INTEGER_RANGES,
  LINEAGE_COLUMNS,
  LINEAGE_INGESTED_AT,
  LINEAGE_MESSAGE_ID,
  LINEAGE_PREFIX,
  LINEAGE_RECORD_INDEX,
  PARTITION_FUTURE_TOLERANCE_DAYS,
  PARTITION_KEY,
  partitionColumnType,
  rejectedTableName,
  storedColumns,
} from '../../../../lambdas/core/dataset';

const AT: ColumnInput = { type: 'timestamp', description: 'When.', required: true };

/** A valid definition of one required timestamp column `at`, changed by `overrides`. */
function input(overrides: Partial<DatasetInput> = {}): DatasetInput {
  return { name: 'trips', description: 'Trips.', columns: { at: AT }, partitionColumn: 'at', ...overrides };
}

/** The message `defineDataset` refuses `definition` with. */
function refusal(definition: DatasetInput): string {
  try {
    defineDataset(definition);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the definition to be refused');
}

describe('defineDataset', () => {
  it('fills every optional setting of a column and of the dataset with its default', () => {
    // Act
    const dataset = defineDataset(input({ columns: { at: AT, note: { type: 'string', description: 'A note.' } } }));

    // Assert
    expect(dataset).toEqual({
      name: 'trips',
      description: 'Trips.',
      columns: [
        { name: 'at', type: 'timestamp', description: 'When.', required: true, filterable: false, groupable: false, measures: [] },
        { name: 'note', type: 'string', description: 'A note.', required: false, filterable: false, groupable: false, measures: [] },
      ],
      partitionColumn: 'at',
      partitionStart: '2024-01-01',
      partitionFutureDays: PARTITION_FUTURE_TOLERANCE_DAYS,
    });
    expect(PARTITION_FUTURE_TOLERANCE_DAYS).toBe(1);
  });

  it('keeps the flags, measures and partition settings a definition gives', () => {
    // Act
    const dataset = defineDataset(
      input({
        columns: {
          at: AT,
          fare: { type: 'double', description: 'Fare.', required: true, filterable: true, groupable: false, measures: ['sum', 'max'] },
          zone: { type: 'string', description: 'Zone.', filterable: true, groupable: true },
        },
        partitionStart: '2023-06-15',
        partitionFutureDays: 0,
      }),
    );

    // Assert
    expect(dataset.columns.slice(1)).toEqual([
      { name: 'fare', type: 'double', description: 'Fare.', required: true, filterable: true, groupable: false, measures: ['sum', 'max'] },
      { name: 'zone', type: 'string', description: 'Zone.', required: false, filterable: true, groupable: true, measures: [] },
    ]);
    expect([dataset.partitionStart, dataset.partitionFutureDays]).toEqual(['2023-06-15', 0]);
  });

  it('accepts a date as the partition column and names of 1 and 63 characters', () => {
    // Prepare
    const longest = `a${'b'.repeat(62)}`;

    // Act
    const dataset = defineDataset(
      input({ name: longest, columns: { d: { type: 'date', description: 'Day.', required: true } }, partitionColumn: 'd' }),
    );

    // Assert
    expect([dataset.name, dataset.partitionColumn]).toEqual([longest, 'd']);
  });

  it('accepts a partition range reaching 366 days past the receive date', () => {
    // Act
    const dataset = defineDataset(input({ partitionFutureDays: 366 }));

    // Assert
    expect(dataset.partitionFutureDays).toBe(366);
  });

  it.each([
    ['starts with a capital', 'Trips'],
    ['starts with a digit', '9trips'],
    ['has a hyphen at the end', 'trips-'],
    ['has 64 characters', `a${'b'.repeat(63)}`],
    ['is empty', ''],
  ])('refuses a dataset name that %s', (_, name) => {
    // Act
    const message = refusal(input({ name }));

    // Assert
    expect(message).toBe(`Invalid dataset definition "${name}": dataset name "${name}" must match /^[a-z][a-z0-9_]{0,62}$/`);
  });

  it("refuses a dataset name with the prefix of Lakeline's own tables", () => {
    // Act
    const message = refusal(input({ name: 'lakeline_trips' }));

    // Assert
    expect(message).toBe(
      'Invalid dataset definition "lakeline_trips": dataset name "lakeline_trips" uses the reserved prefix "lakeline_" of Lakeline\'s own tables',
    );
  });

  it('refuses a dataset without columns', () => {
    // Act
    const message = refusal(input({ columns: {} }));

    // Assert
    expect(message).toBe('Invalid dataset definition "trips": a dataset needs at least one column; partition column "at" is not a column');
  });

  it('names every problem of the columns in one error, in order', () => {
    // Prepare
    const columns: Record<string, ColumnInput> = {
      at: AT,
      'Bad-Name': { type: 'string', description: 'x' },
      lakeline_extra: { type: 'string', description: 'x' },
      dt: { type: 'date', description: 'x' },
      blob: { type: 'binary' as ColumnInput['type'], description: 'x' },
      flag: { type: 'boolean', description: 'x', measures: ['sum'] },
    };

    // Act
    const message = refusal(input({ columns }));

    // Assert
    expect(message).toBe(
      [
        'Invalid dataset definition "trips": column name "Bad-Name" must match /^[a-z][a-z0-9_]{0,62}$/',
        'column "lakeline_extra" uses the reserved prefix "lakeline_"',
        'column name "dt" is reserved for the partition key',
        'column "blob" has unknown type "binary"',
        'column "flag" of type boolean cannot have measure "sum"',
      ].join('; '),
    );
  });

  it('refuses a partition column that is missing, not a time or not required', () => {
    // Act
    const missing = refusal(input({ partitionColumn: 'when' }));
    const notTime = refusal(input({ columns: { at: { type: 'string', description: 'x', required: true } } }));
    const optional = refusal(input({ columns: { at: { type: 'timestamp', description: 'x' } } }));

    // Assert
    expect([missing, notTime, optional]).toEqual([
      'Invalid dataset definition "trips": partition column "when" is not a column',
      'Invalid dataset definition "trips": partition column "at" must be a timestamp or date',
      'Invalid dataset definition "trips": partition column "at" must be required',
    ]);
  });

  it.each(['2024-1-01', 'x2024-01-01', '2024-01-01x', 'abcd-ef-gh'])('refuses the partition start %s', (partitionStart) => {
    // Act
    const message = refusal(input({ partitionStart }));

    // Assert
    expect(message).toBe(`Invalid dataset definition "trips": partitionStart "${partitionStart}" must be YYYY-MM-DD`);
  });

  it.each([-1, 1.5, 367, Number.NaN])('refuses %s future partition days', (partitionFutureDays) => {
    // Act
    const message = refusal(input({ partitionFutureDays }));

    // Assert
    expect(message).toBe(
      `Invalid dataset definition "trips": partitionFutureDays ${partitionFutureDays} must be a whole number of days from 0 to 366`,
    );
  });
});

describe('dataset vocabulary', () => {
  it('names the column types, integer ranges, partition key and identifier rule the lake uses', () => {
    // Assert
    expect(COLUMN_TYPES).toEqual(['string', 'int', 'bigint', 'double', 'boolean', 'date', 'timestamp']);
    expect(INTEGER_RANGES).toEqual({
      int: { min: -2147483648n, max: 2147483647n },
      bigint: { min: -9223372036854775808n, max: 9223372036854775807n },
    });
    expect(PARTITION_KEY).toBe('dt');
    expect(IDENTIFIER.source).toBe('^[a-z][a-z0-9_]{0,62}$');
  });

  it('adds the message id, record index and ingest time to every stored row, all required and none queryable', () => {
    // Assert
    expect([LINEAGE_PREFIX, LINEAGE_MESSAGE_ID, LINEAGE_RECORD_INDEX, LINEAGE_INGESTED_AT]).toEqual([
      'lakeline_',
      'lakeline_message_id',
      'lakeline_record_index',
      'lakeline_ingested_at',
    ]);
    expect(LINEAGE_COLUMNS).toEqual([
      {
        name: 'lakeline_message_id',
        type: 'string',
        description: 'SNS message id that carried the record.',
        required: true,
        filterable: false,
        groupable: false,
        measures: [],
      },
      {
        name: 'lakeline_record_index',
        type: 'int',
        description: 'Zero-based index of the record inside its SNS message.',
        required: true,
        filterable: false,
        groupable: false,
        measures: [],
      },
      {
        name: 'lakeline_ingested_at',
        type: 'timestamp',
        description: 'UTC time at which the ingest function stored the record.',
        required: true,
        filterable: false,
        groupable: false,
        measures: [],
      },
    ]);
  });
});

describe('stored columns', () => {
  // Built in each test, not while the tests are collected: a definition that throws then fails the test that uses it.
  const noted = () => defineDataset(input({ columns: { at: AT, note: { type: 'string', description: 'A note.' } } }));

  it("lists the dataset's columns in table order, then the lineage columns", () => {
    // Prepare
    const dataset = noted();

    // Act
    const names = storedColumns(dataset).map((column) => column.name);

    // Assert
    expect(names).toEqual(['at', 'note', 'lakeline_message_id', 'lakeline_record_index', 'lakeline_ingested_at']);
  });

  it('finds a column of the dataset or of the lineage by name, and nothing for another name', () => {
    // Prepare
    const dataset = noted();

    // Act
    const found = [findColumn(dataset, 'note')?.type, findColumn(dataset, 'lakeline_record_index')?.type, findColumn(dataset, 'dt')];

    // Assert
    expect(found).toEqual(['string', 'int', undefined]);
  });

  it('gives the type of the partition column, a date or a timestamp', () => {
    // Prepare
    const day: ColumnInput = { type: 'date', description: 'Day.', required: true };
    const timestamped = defineDataset(input({ columns: { note: { type: 'string', description: 'A note.' }, at: AT } }));
    const dated = defineDataset(input({ columns: { at: AT, day }, partitionColumn: 'day' }));

    // Act
    const types = [partitionColumnType(timestamped), partitionColumnType(dated)];

    // Assert
    expect(types).toEqual(['timestamp', 'date']);
  });
});

describe('table names', () => {
  it("names a dataset's curated and rejected tables with the reserved prefix", () => {
    // Prepare
    const dataset = defineDataset(input());

    // Act
    const names = [curatedTableName(dataset), rejectedTableName(dataset)];

    // Assert
    expect(names).toEqual(['lakeline_curated_trips', 'lakeline_rejected_trips']);
  });
});
