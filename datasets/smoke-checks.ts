import { defineDataset } from '../lambdas/core/dataset';

/**
 * Where `lakeline smoke` writes: a canary of its own, so a deploy's smoke test runs the same topic, queue, ingest,
 * table and query code as every dataset without leaving a record in one that holds user data.
 */
export const smokeChecks = defineDataset({
  name: 'smoke_checks',
  description:
    'Deploy smoke checks written by `lakeline smoke`: one record per check, published and then read back through the API. Holds no user data.',
  columns: {
    check_id: {
      type: 'string',
      description: 'Id of the check, "smoke-<uuid>"; the smoke test queries by it.',
      required: true,
      filterable: true,
      measures: ['count_distinct'],
    },
    sequence: {
      type: 'bigint',
      description: 'Random number just below 2^53, so every check carries a large integer through ingest, lake and query.',
      required: true,
      // Two of them already sum past 2^53: the aggregate route answers such a sum as an exact string.
      measures: ['sum', 'avg', 'min', 'max'],
    },
    published_at: {
      type: 'timestamp',
      description: 'When the smoke test published the record (ISO-8601 with a zone).',
      required: true,
      measures: ['min', 'max'],
    },
  },
  partitionColumn: 'published_at',
});
