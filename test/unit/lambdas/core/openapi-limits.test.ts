/**
 * Every limit the OpenAPI document states for a query parameter (pattern, minimum/maximum, maxLength, enum, format)
 * is the server's, tested at its boundary from both sides: a value the document accepts is accepted by the server,
 * a value the document refuses is refused with a 400 naming the parameter. The document side is read from the
 * generated document by a small JSON Schema evaluator (maxLength counts Unicode code points, as JSON Schema does).
 */
import { describe, expect, it } from 'vitest';
import { datasets } from '../../../../datasets';
import { defineDataset } from '../../../../lambdas/core/dataset';
import { buildOpenApiDocument } from '../../../../lambdas/core/openapi';
import { NO_COMPACTED_DAYS } from '../../../../lambdas/core/ports/compaction-catalog';
import { createQueryHandler } from '../../../../lambdas/query/handler';
import { apiEvent } from '../../../fixtures/passenger-lake';
import { emptyEngine } from '../../../support/empty-engine';

/** A filter on a column of every type. */
const filterableTypes = defineDataset({
  name: 'filterable_types',
  description: 'A filterable column of every type, for this test.',
  columns: {
    label: { type: 'string', description: 'A string.', required: true, filterable: true },
    count: { type: 'int', description: 'An int.', filterable: true },
    big: { type: 'bigint', description: 'A bigint.', filterable: true },
    ratio: { type: 'double', description: 'A double.', filterable: true },
    flag: { type: 'boolean', description: 'A boolean.', filterable: true },
    day: { type: 'date', description: 'A date.', filterable: true },
    at: { type: 'timestamp', description: 'The partition timestamp.', required: true, filterable: true },
  },
  partitionColumn: 'at',
});

const DATASETS = [...datasets, filterableTypes];
const NOW = new Date('2025-01-31T15:00:00.000Z');

interface Schema {
  readonly type?: string;
  readonly format?: string;
  readonly pattern?: string;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly enum?: readonly string[];
}

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly schema: Schema;
}

const document = buildOpenApiDocument(DATASETS) as {
  paths: Record<string, { get: { parameters: Array<Parameter | { $ref: string }> } }>;
};

function documentedParameter(path: string, name: string): Schema {
  const parameters = document.paths[path]?.get.parameters ?? [];
  const parameter = parameters.find((candidate): candidate is Parameter => 'name' in candidate && candidate.name === name);
  if (!parameter) throw new Error(`${path} documents no parameter ${name}`);
  return parameter.schema;
}

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** RFC 3339 full-date with a real calendar day. */
function isFullDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

/** RFC 3339 date-time (T and Z in either case, fraction of any length, leap second allowed). */
function isDateTime(text: string): boolean {
  const match = /^(\d{4}-\d{2}-\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/.exec(text);
  if (!match) return false;
  const [hour, minute, second] = [Number(match[2]), Number(match[3]), Number(match[4])];
  const offsetOk = match[7] === undefined || (Number(match[7]) <= 23 && Number(match[8]) <= 59);
  return isFullDate(match[1] ?? '') && hour <= 23 && minute <= 59 && second <= 60 && offsetOk;
}

/** What the document says of a query parameter's text. */
function documentAccepts(schema: Schema, text: string): boolean {
  switch (schema.type) {
    case 'integer': {
      if (!/^-?\d+$/.test(text)) return false;
      const value = BigInt(text);
      return (
        (schema.minimum === undefined || value >= BigInt(schema.minimum)) &&
        (schema.maximum === undefined || value <= BigInt(schema.maximum))
      );
    }
    case 'string':
      if (schema.maxLength !== undefined && [...text].length > schema.maxLength) return false;
      if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(text)) return false;
      if (schema.enum !== undefined && !schema.enum.includes(text)) return false;
      if (schema.format === 'date' && !isFullDate(text)) return false;
      if (schema.format === 'date-time' && !isDateTime(text)) return false;
      return true;
    default:
      throw new Error(`no evaluator for ${JSON.stringify(schema)}`);
  }
}

const handler = createQueryHandler({
  compactedDays: NO_COMPACTED_DAYS,
  engine: emptyEngine(),
  datasets: DATASETS,
  config: { waitBudgetMs: 1000, maxRangeDays: 31 },
  now: () => NOW,
});

/** The request that tests `text` as `name`; "to" goes with the same "from", so the range is one day whenever the date is valid. */
function queryFor(name: string, text: string): Record<string, string> {
  return name === 'to' ? { from: text, to: text } : { [name]: text };
}

async function serverAccepts(dataset: string, name: string, text: string): Promise<boolean> {
  const response = await handler(apiEvent(`/v1/datasets/${dataset}/records`, queryFor(name, text)));
  if (response.statusCode === 200) return true;
  expect(response.statusCode, response.body).toBe(400);
  expect(JSON.parse(response.body).error.message).toContain(`"${name}"`);
  return false;
}

const astral = '😀';
const CASES: ReadonlyArray<readonly [dataset: string, parameter: string, values: readonly string[]]> = [
  [
    'passengers',
    'passenger_id',
    [
      '0',
      '1',
      '-1',
      '9223372036854775807',
      '9223372036854775808',
      '-9223372036854775808',
      '-9223372036854775809',
      '9999999999999999999',
      '1000000000000000000',
      '999999999999999999',
      '00000000000000000001',
      '01',
      '-0',
      '',
      '+1',
      '1e3',
    ],
  ],
  ['passengers', 'flight_id', ['9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809']],
  [
    'passengers',
    'seat_number',
    [
      'x'.repeat(500),
      'x'.repeat(501),
      astral.repeat(500),
      astral.repeat(501),
      `${'x'.repeat(499)}${astral}`,
      `${'x'.repeat(500)}${astral}`,
      'é'.repeat(500),
      '',
    ],
  ],
  ['passengers', 'limit', ['0', '1', '1000', '1001', '-1', '0001', '01000']],
  ['passengers', 'order', ['passenger_id', '-passenger_id', 'lakeline_ingested_at', '--passenger_id', 'nope', 'dt', '']],
  ['passengers', 'to', ['2025-01-25', '2024-02-29', '2025-02-29', '2025-13-01', '2025-1-1', '0000-01-01', '0001-01-01']],
  ['filterable_types', 'count', ['-2147483649', '-2147483648', '2147483647', '2147483648', '0', '007', '-0']],
  ['filterable_types', 'big', ['-9223372036854775808', '9223372036854775807', '9223372036854775808']],
  ['filterable_types', 'day', ['0001-01-01', '0000-01-01', '9999-12-31', '2024-02-29', '2023-02-29', '2025-04-31', '2025-01-01T00:00:00Z']],
  [
    'filterable_types',
    'at',
    [
      '2025-01-31T10:15:00Z',
      '2025-01-31T10:15Z',
      '2025-01-31T10:15:00.123Z',
      '2025-01-31T10:15:00.1Z',
      '2025-01-31T10:15:00.1234Z',
      '2025-01-31T23:59:59+23:59',
      '2025-01-31T23:59:59+24:00',
      '2025-01-31T23:59:60Z',
      '2025-01-31T24:00:00Z',
      '2025-01-31t10:15:00z',
      '2025-02-29T10:15:00Z',
      '2025-01-31 10:15:00Z',
      '2025-01-31T10:15:00',
    ],
  ],
];

describe('documented limits of the query parameters', () => {
  it.each(CASES)('%s %s: the server accepts exactly what the document accepts', async (dataset, parameter, values) => {
    // Prepare
    const schema = documentedParameter(`/v1/datasets/${dataset}/records`, parameter);

    // Act
    const outcomes = [];
    for (const value of values) {
      outcomes.push({
        value: value.length > 40 ? `${value.slice(0, 20)}… (${[...value].length} code points)` : value,
        document: documentAccepts(schema, value),
        server: await serverAccepts(dataset, parameter, value),
      });
    }

    // Assert
    expect(outcomes.filter((outcome) => outcome.document !== outcome.server)).toEqual([]);
    expect(outcomes.some((outcome) => outcome.document)).toBe(true);
    expect(outcomes.some((outcome) => !outcome.document)).toBe(true);
  });
});
