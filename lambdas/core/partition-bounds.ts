/**
 * The partitions Athena can read. The Glue table projects `dt` from the dataset's `partitionStart` to
 * NOW+<partitionFutureDays>DAYS, with NOW taken in UTC when a query runs; Athena never reads an object under a `dt`
 * outside that range, while DuckDB (local mode) reads every file
 * (https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html#partition-projection-date-type).
 * So the ingest accepts a record only when its `dt` is on or after `partitionStart` and its partition column lies at
 * most `partitionFutureDays` after the message was received: a query that can see the record runs at a NOW after that
 * receive time, so its projection reaches the record's `dt`, and both engines give the same answer.
 */
import type { DatasetDefinition } from './dataset';
import { formatLakeTimestamp } from './lake-value-format';
import type { RejectionReason } from './record-validator';

const DAY_MS = 86_400_000;

/** The end of the table's `projection.dt.range` (`NOW`, `NOW+1DAYS`, …) in Athena's relative-date syntax. */
export function projectedRangeEnd(dataset: DatasetDefinition): string {
  return dataset.partitionFutureDays === 0 ? 'NOW' : `NOW+${dataset.partitionFutureDays}DAYS`;
}

/**
 * Checks a valid record's partition value (lake form) and `dt` against the projected range, for a message received at
 * `receivedAt` (ISO-8601 UTC); undefined when the record is inside.
 */
export type PartitionBoundsCheck = (partitionValue: string, dt: string, receivedAt: string) => RejectionReason | undefined;

export function createPartitionBounds(dataset: DatasetDefinition): PartitionBoundsCheck {
  const column = dataset.partitionColumn;
  const start = dataset.partitionStart;
  const days = dataset.partitionFutureDays;
  const tolerance = `${days} ${days === 1 ? 'day' : 'days'}`;
  return (partitionValue, dt, receivedAt) => {
    if (dt < start)
      return {
        path: column,
        message: `${partitionValue} (partition dt=${dt}) is before the dataset's first partition ${start}, which the table does not project`,
      };
    // A tolerance of a day or more covers the whole receive date: only later dates need the exact bound (the hot path).
    // Stryker disable next-line MethodExpression: `dt` compares with the whole instant as with its date: a date sorts just before the instants of its own day and after those of earlier days
    if (days > 0 && dt <= receivedAt.slice(0, 10)) return undefined;
    // Lake values are `YYYY-MM-DD[ HH:MM:SS.mmm]` in UTC with four-digit years, so text order is time order and a
    // date compares as its midnight.
    const latest = formatLakeTimestamp(new Date(Date.parse(receivedAt) + days * DAY_MS));
    if (partitionValue <= latest) return undefined;
    return {
      path: column,
      message: `${partitionValue} (partition dt=${dt}) is more than ${tolerance} after the message was received (${receivedAt}), which the table does not project`,
    };
  };
}
