import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppendLog } from './append-log';
import { removeDurably, syncDirectory, writeFileDurably } from './durable-files';
import { nodeSpoolFiles, type SpoolFiles } from './spool-files';
import type { PendingMessage, SpooledMessage } from './spooled-message';

/** A batch whose membership was fixed on disk before it was handed to the ingest handler. */
export interface BatchManifest {
  readonly sequence: number;
  readonly messages: readonly PendingMessage[];
}

/** What became of each message of a delivered batch. */
export interface BatchOutcome {
  readonly stored: readonly string[];
  readonly failed: readonly string[];
  readonly deadLettered: readonly string[];
}

export interface SpoolOptions {
  /** The file-system port appends and whole-file writes go through (default: node:fs). */
  readonly files?: SpoolFiles;
}

interface SegmentLine {
  readonly m: SpooledMessage;
  /** Failed deliveries carried over by a compaction. */
  readonly f?: number;
}

interface JournalLine {
  readonly batch: number;
  readonly stored: readonly string[];
  readonly failed: readonly string[];
  readonly deadLettered: readonly string[];
}

interface SegmentState {
  readonly path: string;
  live: number;
}

const SEGMENT_LIMIT_BYTES = 8 * 1024 * 1024;
const SEGMENTS = 'segments';
const BATCHES = 'batches';
const JOURNAL = 'journal.ndjson';

const sequenceName = (sequence: number, extension: string) => `${String(sequence).padStart(10, '0')}${extension}`;
const sequenceOf = (name: string) => Number.parseInt(name, 10);

function parseLines<T>(text: string): T[] {
  const parsed: T[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      parsed.push(JSON.parse(line) as T);
    } catch {
      // A torn last line is a write that was never acknowledged.
    }
  }
  return parsed;
}

async function listSequenced(dir: string, extension: string): Promise<string[]> {
  const names = await readdir(dir);
  return names.filter((name) => name.endsWith(extension) && /^\d+/.test(name)).sort((a, b) => sequenceOf(a) - sequenceOf(b));
}

/**
 * The durable spool of one dataset: the local stand-in for the SQS queue.
 *
 * - `segments/*.ndjson`: accepted messages, appended and fsynced before the publish is acknowledged.
 * - `batches/*.json`: the exact membership of a batch, written before the ingest handler sees it, so a
 *   batch interrupted by a crash is redelivered identically (the ingest's object ids then overwrite).
 * - `journal.ndjson`: one line per finished batch (stored / failed / dead-lettered message ids).
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
    /** Batches found on disk without a journal entry: redeliver these first, unchanged. */
    readonly interrupted: readonly BatchManifest[],
    /** Messages acknowledged but not yet delivered successfully. */
    readonly pending: readonly PendingMessage[],
  ) {
    this.journal = journal;
  }

  static async open(dir: string, options: SpoolOptions = {}): Promise<Spool> {
    const files = options.files ?? nodeSpoolFiles;
    const segmentsDir = join(dir, SEGMENTS);
    const batchesDir = join(dir, BATCHES);
    await mkdir(segmentsDir, { recursive: true });
    await mkdir(batchesDir, { recursive: true });

    const messages = new Map<string, { message: SpooledMessage; failedReceives: number }>();
    const segmentNames = await listSequenced(segmentsDir, '.ndjson');
    for (const name of segmentNames) {
      for (const line of parseLines<SegmentLine>(await readFile(join(segmentsDir, name), 'utf8'))) {
        messages.set(line.m.messageId, { message: line.m, failedReceives: line.f ?? 0 });
      }
    }

    const finished = new Set<string>();
    const completedBatches = new Set<number>();
    const journalPath = join(dir, JOURNAL);
    const journalText = await readFile(journalPath, 'utf8').catch(() => '');
    for (const line of parseLines<JournalLine>(journalText)) {
      completedBatches.add(line.batch);
      for (const id of [...line.stored, ...line.deadLettered]) finished.add(id);
      for (const id of line.failed) {
        const entry = messages.get(id);
        if (entry) entry.failedReceives += 1;
      }
    }

    const interrupted: BatchManifest[] = [];
    const inInterrupted = new Set<string>();
    const batchNames = await listSequenced(batchesDir, '.json');
    let maxBatch = 0;
    for (const name of batchNames) {
      const sequence = sequenceOf(name);
      maxBatch = Math.max(maxBatch, sequence);
      if (completedBatches.has(sequence)) {
        await rm(join(batchesDir, name), { force: true });
        continue;
      }
      const manifest = JSON.parse(await readFile(join(batchesDir, name), 'utf8')) as BatchManifest;
      const open = manifest.messages.filter((entry) => !finished.has(entry.message.messageId));
      if (open.length === 0) {
        await rm(join(batchesDir, name), { force: true });
        continue;
      }
      // An interrupted delivery counts as a receive, as on SQS, so a batch that kills the process every time still ends in the dead-letter directory.
      const received: BatchManifest = {
        sequence: manifest.sequence,
        messages: manifest.messages.map((entry) => ({ message: entry.message, failedReceives: entry.failedReceives + 1 })),
      };
      await writeFileDurably(join(batchesDir, name), JSON.stringify(received), files);
      interrupted.push(received);
      for (const entry of manifest.messages) inInterrupted.add(entry.message.messageId);
    }

    const live = [...messages.values()].filter((entry) => !finished.has(entry.message.messageId));
    const pending = live.filter((entry) => !inInterrupted.has(entry.message.messageId));

    // Compaction: the live messages move to one fresh segment, then the old segments and the journal go.
    const lastSegment = segmentNames.length > 0 ? sequenceOf(segmentNames[segmentNames.length - 1] ?? '0') : 0;
    const compactedSequence = lastSegment + 1;
    const compactedPath = join(segmentsDir, sequenceName(compactedSequence, '.ndjson'));
    await writeFileDurably(
      compactedPath,
      live.map((entry) => `${JSON.stringify({ m: entry.message, f: entry.failedReceives } satisfies SegmentLine)}\n`).join(''),
      files,
    );
    for (const name of segmentNames) await rm(join(segmentsDir, name), { force: true });
    await syncDirectory(segmentsDir);
    // The manifests of completed batches must be gone for good before the journal that marks them completed is emptied.
    await syncDirectory(batchesDir);
    await writeFileDurably(journalPath, '', files);

    const journal = await AppendLog.open(journalPath, files);
    const current = await AppendLog.open(compactedPath, files).catch(async (error: unknown) => {
      await journal.close();
      throw error;
    });
    const spool = new Spool(dir, files, journal, interrupted, pending);
    spool.nextBatch = maxBatch + 1;
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
    // Counted before the write, so that the segment cannot be removed while these lines are on their way into it.
    const segment = this.segments.get(sequence);
    if (segment) segment.live += messages.length;
    const written = log.append(messages.map((message) => `${JSON.stringify({ m: message } satisfies SegmentLine)}\n`).join(''));
    if (log.size > SEGMENT_LIMIT_BYTES && !this.rotating) {
      this.rotating = this.rotate()
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

  /** Fixes a batch's membership on disk before delivery. */
  async beginBatch(messages: readonly PendingMessage[]): Promise<BatchManifest> {
    const manifest: BatchManifest = { sequence: this.nextBatch++, messages };
    await writeFileDurably(join(this.dir, BATCHES, sequenceName(manifest.sequence, '.json')), JSON.stringify(manifest), this.files);
    return manifest;
  }

  /** Records the outcome durably, then drops the manifest and any segment whose messages are all finished. */
  async completeBatch(manifest: BatchManifest, outcome: BatchOutcome): Promise<void> {
    const line: JournalLine = { batch: manifest.sequence, ...outcome };
    await this.journal.append(`${JSON.stringify(line)}\n`);
    await removeDurably(join(this.dir, BATCHES, sequenceName(manifest.sequence, '.json')));
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

  /** `count` messages of a segment are finished (or were never stored); a segment left with none is removed. */
  private async release(sequence: number, count: number): Promise<void> {
    const segment = this.segments.get(sequence);
    if (!segment) return;
    segment.live -= count;
    if (segment.live <= 0 && sequence !== this.currentSequence) {
      this.segments.delete(sequence);
      await rm(segment.path, { force: true });
    }
  }

  private async rotate(): Promise<void> {
    const previous = this.current;
    const sequence = this.currentSequence + 1;
    const path = join(this.dir, SEGMENTS, sequenceName(sequence, '.ndjson'));
    this.current = await AppendLog.open(path, this.files);
    this.segments.set(sequence, { path, live: 0 });
    this.currentSequence = sequence;
    // Appends go to the new segment at once; the previous one closes when its last group commit is done.
    const closing = previous?.close().catch(() => {});
    this.closingPrevious = Promise.all([this.closingPrevious, closing]).then(() => {});
  }
}
