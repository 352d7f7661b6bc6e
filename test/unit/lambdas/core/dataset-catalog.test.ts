import { describe, expect, it } from 'vitest';
import { passengers } from '../../../../datasets/passengers';
import { defineDataset } from '../../../../lambdas/core/dataset';
import { describeDataset, describeDatasets, findDataset } from '../../../../lambdas/core/dataset-catalog';
import { HttpError } from '../../../../lambdas/core/http-response';
import { rejection } from '../../../support/http-rejection';

const events = defineDataset({
  name: 'events',
  description: 'Events.',
  columns: {
    at: { type: 'timestamp', description: 'When.', required: true },
    kind: { type: 'string', description: 'What.', filterable: true },
  },
  partitionColumn: 'at',
});

describe('describeDataset', () => {
  it('lists every stored column with its type and flags, marking the lineage columns, the filters and the records path', () => {
    // Act
    const summary = describeDataset(events);

    // Assert
    expect(summary).toEqual({
      name: 'events',
      description: 'Events.',
      partitionColumn: 'at',
      partitionKey: 'dt',
      columns: [
        { name: 'at', type: 'timestamp', description: 'When.', required: true, filterable: false, lineage: false },
        { name: 'kind', type: 'string', description: 'What.', required: false, filterable: true, lineage: false },
        {
          name: 'lakeline_message_id',
          type: 'string',
          description: 'SNS message id that carried the record.',
          required: true,
          filterable: false,
          lineage: true,
        },
        {
          name: 'lakeline_record_index',
          type: 'int',
          description: 'Zero-based index of the record inside its SNS message.',
          required: true,
          filterable: false,
          lineage: true,
        },
        {
          name: 'lakeline_ingested_at',
          type: 'timestamp',
          description: 'UTC time at which the ingest function stored the record.',
          required: true,
          filterable: false,
          lineage: true,
        },
      ],
      filters: ['kind'],
      records: '/v1/datasets/events/records',
    });
  });

  it('describes each dataset in the order given', () => {
    // Act
    const catalog = describeDatasets([passengers, events]);

    // Assert
    expect(catalog).toEqual({ datasets: [describeDataset(passengers), describeDataset(events)] });
    expect(catalog.datasets.map((summary) => [summary.name, summary.filters])).toEqual([
      ['passengers', ['passenger_id', 'flight_id', 'seat_number']],
      ['events', ['kind']],
    ]);
  });
});

describe('findDataset', () => {
  it('finds the dataset a request names', () => {
    // Act
    const found = findDataset([passengers, events], 'events');

    // Assert
    expect(found).toBe(events);
  });

  it('answers 404 for an unknown name, listing the known datasets', () => {
    // Act
    const error = rejection(() => findDataset([passengers, events], 'flights'));

    // Assert
    expect(error).toBeInstanceOf(HttpError);
    expect([error.statusCode, error.code, error.message]).toEqual([
      404,
      'dataset_not_found',
      'dataset "flights" is not known; known datasets: passengers, events',
    ]);
  });

  it('quotes at most 64 characters of an unknown name', () => {
    // Act
    const error = rejection(() => findDataset([events], `${'x'.repeat(64)}tail`));

    // Assert
    expect(error.message).toBe(`dataset "${'x'.repeat(64)}" is not known; known datasets: events`);
  });
});
