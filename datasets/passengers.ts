import { defineDataset } from '../lambdas/core/dataset';

export const passengers = defineDataset({
  name: 'passengers',
  description: 'Passengers boarding flights: one record per boarding pass scan.',
  columns: {
    passenger_id: {
      type: 'bigint',
      description: 'Passenger identifier.',
      required: true,
      filterable: true,
      measures: ['count_distinct'],
    },
    flight_id: {
      type: 'bigint',
      description: 'Flight identifier.',
      required: true,
      filterable: true,
      groupable: true,
      measures: ['count_distinct'],
    },
    name: { type: 'string', description: 'Passenger name as printed on the boarding pass.', required: true },
    seat_number: { type: 'string', description: 'Seat, such as "12A".', filterable: true, groupable: true, measures: ['count_distinct'] },
    boarded_at: {
      type: 'timestamp',
      description: 'Boarding time (ISO-8601 with a zone).',
      required: true,
      measures: ['min', 'max'],
    },
  },
  partitionColumn: 'boarded_at',
  partitionStart: '2024-01-01',
});
