import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppendLog } from './append-log';
import { removeDurably, writeFileDurably } from './durable-files';
import { Quarantine } from './quarantine';
import { nodeSpoolFiles, type SpoolFiles } from './spool-files';
import { recoverSpool, sequenceName, sequenceOf } from './spool-recovery';
import type { BatchManifest, JournalLine, SegmentLine } from './spool-shapes';
import type { QueuedMessage, SpooledMessage } from './spooled-message';

export type { BatchManifest } from './spool-shapes';

/** What became of each message of a delivered batch. */
export interface BatchOutcome {
  readonly stored: readonly string[];
  readonly failed: readonly string[];
  readonly deadLettered: readonly string[];
}

export interface SpoolOptions {
  /** The file-system port appends and whole-file writes go through (default: node:fs). */
  readonly files?: SpoolFiles;
  /** Where recovery reports what it moved to the quarantine (default: stderr). */
  readonly log?: (line: string) => void;
}

interface SegmentState {
  readonly path: string;
  live: number;
}

const SEGMENT_LIMIT_BYTES = 8 * 1024 * 1024;
const SEGMENTS = 'segments';
const BATCHES = 'batches';
const QUARANTINE = 'quarantine';
const JOURNAL = 'journal.ndjson';

/**
 * The durable storage of one dataset's local queue. It stores what it is given and reads it back after a restart; the
 * queue (`local-queue.ts`) decides what a receive, a retry or a dead letter is.
 *
 * - `segments/*.ndjson`: accepted messages, appended and fsynced before the publish is acknowledged.
 * - `batches/*.json`: the exact membership of a batch and each message's receive count, written before the ingest
 *   handler sees it, so a batch interrupted by a crash can be redelivered identically (the ingest's object ids then
 *   overwrite).
 * - `journal.ndjson`: one line per finished batch (stored / failed / dead-lettered message ids, failed receive counts).
 */
export class Spool {
  private readonly segments = new Map<number, SegmentState>();
  private readonly segmentOfMessage = new Map<string, number>();
  private current: AppendLog | undefined;
  private currentSequence = 0;
  private nextBatch = 1;
  private readonly journal: AppendLog;
  private rotating: Promise<void> | undefined;
  private closingPrevious: Promise<void> = Promise.resolve();

  private constructor(
    readonly dir: string,
    private readonly files: SpoolFiles,
    journal: AppendLog,
    /** Batches found on disk without a journal entry, as recorded when they were delivered. */
    readonly interrupted: readonly BatchManifest[],
    /** Messages acknowledged, in no interrupted batch and not finished, with their recorded receive counts. */
    readonly pending: readonly QueuedMessage[],
    /** Lines (and manifests) recovery could not read and moved to `<dir>/quarantine/`. */
    readonly quarantinedLines: number,
  ) {
    this.journal = journal;
  }

  static async open(dir: string, options: SpoolOptions = {}): Promise<Spool> {
    const files = options.files ?? nodeSpoolFiles;
    const segmentsDir = join(dir, SEGMENTS);
    const batchesDir = join(dir, BATCHES);
    const journalPath = join(dir, JOURNAL);
    await mkdir(segmentsDir, { recursive: true });
    await mkdir(batchesDir, { recursive: true });
    // Stryker disable next-line ArrowFunction: the default logger only writes to the console, which no test reads
    const quarantine = new Quarantine(join(dir, QUARANTINE), files, options.log ?? ((line) => console.warn(line)));
    const recovered = await recoverSpool({ segmentsDir, batchesDir, journalPath }, quarantine);
    const { segmentNames, live } = recovered;

    // Compaction: the live messages move to one fresh segment, then the old segments and the journal go.
    const lastSegment = sequenceOf(segmentNames.at(-1) ?? '0');
    const compactedSequence = lastSegment + 1;
    const compactedPath = join(segmentsDir, sequenceName(compactedSequence, '.ndjson'));
    await writeFileDurably(
      compactedPath,
      live.map((entry) => `${JSON.stringify({ m: entry.message, f: entry.receiveCount } satisfies SegmentLine)}\n`).join(''),
      files,
    );
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: the segments were just listed; force matters only for a missing one
    for (const name of segmentNames) await rm(join(segmentsDir, name), { force: true });
    await files.syncDirectory(segmentsDir);
    // The manifests of completed batches must be gone for good before the journal that marks them completed is emptied.
    await files.syncDirectory(batchesDir);
    await writeFileDurably(journalPath, '', files);

    const journal = await AppendLog.open(journalPath, files);
    const current = await AppendLog.open(compactedPath, files).catch(async (error: unknown) => {
      await journal.close();
      throw error;
    });
    const spool = new Spool(dir, files, journal, recovered.interrupted, recovered.pending, quarantine.lines);
    spool.nextBatch = recovered.maxBatch + 1;
    spool.segments.set(compactedSequence, { path: compactedPath, live: live.length });
    for (const entry of live) spool.segmentOfMessage.set(entry.message.messageId, compactedSequence);
    spool.currentSequence = compactedSequence;
    spool.current = current;
    return spool;
  }

  /**
   * Resolves once every message is completely on disk (fsynced); only then may the publish be acknowledged. Rejects
   * when they could not be stored (a full disk): none of them is then in the spool, and the publish must be refused.
   */
  async append(messages: readonly SpooledMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.rotating;
    const log = this.current;
    if (!log) throw new Error('The spool is closed');
    const sequence = this.currentSequence;
    // Counted before the write, so that the segment cannot be removed while these lines are on their way into it. The
    // current segment is in the map from the moment it becomes current (open, rotate).
    const segment = this.segments.get(sequence) as SegmentState;
    segment.live += messages.length;
    const written = log.append(messages.map((message) => `${JSON.stringify({ m: message } satisfies SegmentLine)}\n`).join(''));
    if (log.size > SEGMENT_LIMIT_BYTES && !this.rotating) {
      this.rotating = this.rotate(log)
        // The next segment could not be opened (a full disk): appends stay in this one, a later append tries again.
        .catch(() => {})
        .finally(() => {
          this.rotating = undefined;
        });
    }
    try {
      await written;
    } catch (error) {
      await this.release(sequence, messages.length);
      throw error;
    }
    for (const message of messages) this.segmentOfMessage.set(message.messageId, sequence);
  }

  /** Fixes a batch's membership and receive counts on disk before delivery. */
  async beginBatch(messages: readonly QueuedMessage[]): Promise<BatchManifest> {
    return this.writeManifest({ sequence: this.nextBatch++, messages });
  }

  /** Replaces an unfinished batch's manifest in one atomic write (same membership, new receive counts). */
  async renewBatch(manifest: BatchManifest, messages: readonly QueuedMessage[]): Promise<BatchManifest> {
    return this.writeManifest({ sequence: manifest.sequence, messages });
  }

  /** Records the outcome durably, then drops the manifest and any segment whose messages are all finished. */
  async completeBatch(manifest: BatchManifest, outcome: BatchOutcome): Promise<void> {
    const receiveCounts = new Map(manifest.messages.map((entry) => [entry.message.messageId, entry.receiveCount]));
    const line: JournalLine = {
      batch: manifest.sequence,
      ...outcome,
      receiveCounts: outcome.failed.map((id) => receiveCounts.get(id) ?? 0),
    };
    await this.journal.append(`${JSON.stringify(line)}\n`);
    await removeDurably(join(this.dir, BATCHES, sequenceName(manifest.sequence, '.json')), this.files);
    for (const id of [...outcome.stored, ...outcome.deadLettered]) {
      const sequence = this.segmentOfMessage.get(id);
      this.segmentOfMessage.delete(id);
      if (sequence !== undefined) await this.release(sequence, 1);
    }
  }

  async close(): Promise<void> {
    await this.rotating;
    await this.closingPrevious;
    await this.current?.close();
    this.current = undefined;
    await this.journal.close();
  }

  private async writeManifest(manifest: BatchManifest): Promise<BatchManifest> {
    await writeFileDurably(join(this.dir, BATCHES, sequenceName(manifest.sequence, '.json')), JSON.stringify(manifest), this.files);
    return manifest;
  }

  /** `count` messages of a segment are finished (or were never stored); a segment left with none is removed. */
  private async release(sequence: number, count: number): Promise<void> {
    // The segment of a held message is in the map: its live count covers the message until this release.
    const segment = this.segments.get(sequence) as SegmentState;
    segment.live -= count;
    if (segment.live <= 0 && sequence !== this.currentSequence) {
      this.segments.delete(sequence);
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: the spool wrote this segment and removes it once; force matters only for a missing one
      await rm(segment.path, { force: true });
    }
  }

  private async rotate(previous: AppendLog): Promise<void> {
    const sequence = this.currentSequence + 1;
    const path = join(this.dir, SEGMENTS, sequenceName(sequence, '.ndjson'));
    this.current = await AppendLog.open(path, this.files);
    this.segments.set(sequence, { path, live: 0 });
    this.currentSequence = sequence;
    // Appends go to the new segment at once; the previous one closes when its last group commit is done.
    const closing = previous.close().catch(() => {});
    this.closingPrevious = Promise.all([this.closingPrevious, closing]).then(() => {});
  }
}
