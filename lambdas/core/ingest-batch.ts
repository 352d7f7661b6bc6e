import type { SQSRecord } from 'aws-lambda';
import { lakeObjectId } from './batch-id';
import type { DatasetDefinition } from './dataset';
import { rawObjectKey, rejectedObjectKey } from './lake-keys';
import { formatLakeTimestamp } from './lake-value-format';
import { readMessageRecords, recordTexts } from './message-records';
import { createRowEncoder, gzipNdjson } from './ndjson-encoder';
import { groupByPartition } from './partition';
import { createPartitionBounds } from './partition-bounds';
import { createRecordValidator, RECORD_PATH } from './record-validator';
import { encodeRejectedLine, type RejectedLine } from './rejected-line';
import { parseSnsEnvelope } from './sns-envelope';

/** One gzip NDJSON object to write: a partition of valid rows (`raw/`) or of rejected lines (`rejected/`). */
export interface PlannedObject {
  readonly kind: 'raw' | 'rejected';
  readonly key: string;
  readonly dt: string;
  readonly body: Uint8Array;
  readonly lineCount: number;
  /** The SQS messages whose records are in this object: they are the batch item failures if the write fails. */
  readonly sqsMessageIds: readonly string[];
}

export interface IngestCounts {
  /** SQS messages in the batch. */
  readonly messages: number;
  /** SQS messages carrying an SNS message already seen in this batch (SNS/SQS at-least-once delivery); their records are counted once. */
  readonly duplicateMessages: number;
  /** Records received: every record of every distinct message, plus one per unreadable message. */
  readonly received: number;
  readonly accepted: number;
  readonly rejected: number;
  /** Unknown fields dropped from accepted records. */
  readonly droppedFields: number;
}

export interface IngestPlan {
  readonly objects: readonly PlannedObject[];
  readonly counts: IngestCounts;
  /** Distinct message ids of the batch (SNS ids; the SQS id for a body that is not an SNS envelope). */
  readonly messageIds: readonly string[];
}

/** Turns one SQS batch into the objects to write. Pure apart from the clock value passed in. */
export type BatchPlanner = (records: readonly SQSRecord[], ingestedAt: Date) => IngestPlan;

interface RowEntry {
  readonly messageId: string;
  readonly dt: string;
  readonly line: string;
}

interface RejectedEntry {
  readonly dt: string;
  readonly line: RejectedLine;
}

/** Builds the planner of one dataset: validate, bound the partition, add lineage, group by partition, encode, gzip, derive keys. */
export function createBatchPlanner(dataset: DatasetDefinition): BatchPlanner {
  const validate = createRecordValidator(dataset);
  const encodeRow = createRowEncoder(dataset);
  const outsidePartitions = createPartitionBounds(dataset);
  const partitionColumn = dataset.partitionColumn;

  return (records, ingestedAt) => {
    const ingestedAtValue = formatLakeTimestamp(ingestedAt);
    const sqsIdsByMessage = new Map<string, string[]>();
    const rows: RowEntry[] = [];
    const rejected: RejectedEntry[] = [];
    let duplicateMessages = 0;
    let received = 0;
    let droppedFields = 0;

    for (const sqsRecord of records) {
      const envelope = parseSnsEnvelope(sqsRecord.body);
      const messageId = envelope?.messageId ?? sqsRecord.messageId;
      const knownSqsIds = sqsIdsByMessage.get(messageId);
      if (knownSqsIds) {
        knownSqsIds.push(sqsRecord.messageId);
        duplicateMessages++;
        continue;
      }
      sqsIdsByMessage.set(messageId, [sqsRecord.messageId]);

      if (envelope === undefined) {
        received++;
        const reasons = [{ path: RECORD_PATH, message: 'SQS body is not an SNS notification envelope' }];
        rejected.push(rejectedEntry(messageId, null, reasons, sqsRecord.body, receiveTime(undefined, sqsRecord, ingestedAt)));
        continue;
      }
      const parsed = readMessageRecords(envelope.message);
      if (!parsed.ok) {
        received++;
        const reasons = [{ path: RECORD_PATH, message: parsed.message }];
        rejected.push(rejectedEntry(messageId, null, reasons, envelope.message, receiveTime(envelope.timestamp, sqsRecord, ingestedAt)));
        continue;
      }
      let originals: readonly string[] | undefined;
      let receivedAt: string | undefined;
      for (let recordIndex = 0; recordIndex < parsed.records.length; recordIndex++) {
        received++;
        const result = validate(parsed.records[recordIndex]);
        let reasons = result.ok ? undefined : result.reasons;
        if (result.ok) {
          receivedAt ??= receiveTime(envelope.timestamp, sqsRecord, ingestedAt);
          const outside = outsidePartitions(String(result.values[partitionColumn]), result.partitionDate, receivedAt);
          if (outside) reasons = [outside];
          else {
            droppedFields += result.droppedFields.length;
            rows.push({ messageId, dt: result.partitionDate, line: encodeRow(result.values, messageId, recordIndex, ingestedAtValue) });
          }
        }
        if (reasons) {
          originals ??= recordTexts(envelope.message, parsed.isArray);
          receivedAt ??= receiveTime(envelope.timestamp, sqsRecord, ingestedAt);
          rejected.push(rejectedEntry(messageId, recordIndex, reasons, originals[recordIndex] ?? envelope.message, receivedAt));
        }
      }
    }

    // Every message id of a row or rejected line is a key of the map.
    const sqsIdsOf = (messageIds: readonly string[]) => [...new Set(messageIds)].flatMap((id) => sqsIdsByMessage.get(id) as string[]);
    const planObject = (
      kind: PlannedObject['kind'],
      dt: string,
      messageIds: readonly string[],
      lines: readonly string[],
    ): PlannedObject => {
      const id = lakeObjectId(dt, messageIds);
      const key = kind === 'raw' ? rawObjectKey(dataset.name, dt, id) : rejectedObjectKey(dataset.name, dt, id);
      return { kind, key, dt, body: gzipNdjson(lines), lineCount: lines.length, sqsMessageIds: sqsIdsOf(messageIds) };
    };
    const objects: PlannedObject[] = [];
    for (const [dt, group] of groupByPartition(rows, (row) => row.dt)) {
      objects.push(
        planObject(
          'raw',
          dt,
          group.map((row) => row.messageId),
          group.map((row) => row.line),
        ),
      );
    }
    for (const [dt, group] of groupByPartition(rejected, (entry) => entry.dt)) {
      objects.push(
        planObject(
          'rejected',
          dt,
          group.map((entry) => entry.line.messageId),
          group.map((entry) => encodeRejectedLine(entry.line)),
        ),
      );
    }

    return {
      objects,
      counts: { messages: records.length, duplicateMessages, received, accepted: rows.length, rejected: rejected.length, droppedFields },
      messageIds: [...sqsIdsByMessage.keys()],
    };
  };
}

function rejectedEntry(
  messageId: string,
  recordIndex: number | null,
  reasons: RejectedLine['reasons'],
  original: string,
  receivedAt: string,
): RejectedEntry {
  return { dt: receivedAt.slice(0, 10), line: { messageId, recordIndex, reasons, original, receivedAt } };
}

/** When the message was received: SNS publish time, else the SQS sent time, else now. Stable across retries when known. */
function receiveTime(snsTimestamp: string | undefined, record: SQSRecord, ingestedAt: Date): string {
  if (snsTimestamp !== undefined) return snsTimestamp;
  const sent = Number(record.attributes?.SentTimestamp);
  return Number.isFinite(sent) && sent > 0 ? new Date(sent).toISOString() : ingestedAt.toISOString();
}
