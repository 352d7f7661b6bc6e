import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Quarantine } from './quarantine';
import { readSpoolLines } from './spool-lines';
import { type BatchManifest, batchManifestOf, isJournalLine, isSegmentLine, JOURNAL_LINE_START, SEGMENT_LINE_START } from './spool-shapes';
import type { QueuedMessage, SpooledMessage } from './spooled-message';

/** What a restart found in a spool directory, as recorded: recovery reads receive counts, it never counts a receive. */
export interface RecoveredSpool {
  /** Segment files read, oldest first (compaction replaces them). */
  readonly segmentNames: readonly string[];
  /** Batches found on disk without a journal entry, as their manifests recorded them. */
  readonly interrupted: readonly BatchManifest[];
  /** Every acknowledged message not yet stored nor dead-lettered, interrupted ones included, with its last recorded receive count. */
  readonly live: readonly QueuedMessage[];
  /** The live messages that are in no interrupted batch. */
  readonly pending: readonly QueuedMessage[];
  readonly maxBatch: number;
}

export const sequenceName = (sequence: number, extension: string) => `${String(sequence).padStart(10, '0')}${extension}`;
export const sequenceOf = (name: string) => Number.parseInt(name, 10);

export async function listSequenced(dir: string, extension: string): Promise<string[]> {
  const names = await readdir(dir);
  return names.filter((name) => name.endsWith(extension) && /^\d/.test(name)).sort((a, b) => sequenceOf(a) - sequenceOf(b));
}

/** The manifest in `path`, or undefined (after moving its text to the quarantine) when it cannot be read. */
async function readManifest(path: string, quarantine: Quarantine): Promise<BatchManifest | undefined> {
  // Stryker disable next-line StringLiteral: without an encoding readFile answers a Buffer, which JSON.parse and the quarantine read as the same UTF-8 text
  const text = await readFile(path, 'utf8');
  try {
    const manifest = batchManifestOf(JSON.parse(text));
    if (manifest) return manifest;
  } catch {
    // Falls through to the quarantine.
  }
  await quarantine.keep(path, [text]);
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: the file was just listed in its directory; force matters only for a missing one
  await rm(path, { force: true });
  return undefined;
}

/**
 * Reads the segments, the journal and the batch manifests of a spool. Nothing is dropped silently: a line or manifest
 * that cannot be read goes to the quarantine (with a log line) before compaction removes the files it came from.
 */
export async function recoverSpool(
  paths: { readonly segmentsDir: string; readonly batchesDir: string; readonly journalPath: string },
  quarantine: Quarantine,
): Promise<RecoveredSpool> {
  const messages = new Map<string, { readonly message: SpooledMessage; receiveCount: number }>();
  // Receive counts only grow: the highest one recorded anywhere is the message's count.
  const record = (id: string, receiveCount: number) => {
    const entry = messages.get(id);
    if (entry) entry.receiveCount = Math.max(entry.receiveCount, receiveCount);
  };
  const segmentNames = await listSequenced(paths.segmentsDir, '.ndjson');
  for (const name of segmentNames) {
    const path = join(paths.segmentsDir, name);
    const { values, unreadable } = readSpoolLines(await readFile(path, 'utf8'), isSegmentLine, SEGMENT_LINE_START);
    await quarantine.keep(path, unreadable);
    for (const line of values) messages.set(line.m.messageId, { message: line.m, receiveCount: line.f ?? 0 });
  }

  const finished = new Set<string>();
  const completedBatches = new Set<number>();
  const journalText = await readFile(paths.journalPath, 'utf8').catch(() => '');
  const journal = readSpoolLines(journalText, isJournalLine, JOURNAL_LINE_START);
  await quarantine.keep(paths.journalPath, journal.unreadable);
  for (const line of journal.values) {
    completedBatches.add(line.batch);
    for (const id of [...line.stored, ...line.deadLettered]) finished.add(id);
    line.failed.forEach((id, index) => {
      record(id, line.receiveCounts?.[index] ?? 0);
    });
  }

  const interrupted: BatchManifest[] = [];
  const inInterrupted = new Set<string>();
  let maxBatch = 0;
  for (const name of await listSequenced(paths.batchesDir, '.json')) {
    const path = join(paths.batchesDir, name);
    maxBatch = Math.max(maxBatch, sequenceOf(name));
    if (completedBatches.has(sequenceOf(name))) {
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: the file was just listed in its directory; force matters only for a missing one
      await rm(path, { force: true });
      continue;
    }
    const manifest = await readManifest(path, quarantine);
    if (!manifest) continue;
    if (manifest.messages.every((entry) => finished.has(entry.message.messageId))) {
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: the file was just listed in its directory; force matters only for a missing one
      await rm(path, { force: true });
      continue;
    }
    interrupted.push(manifest);
    for (const entry of manifest.messages) {
      record(entry.message.messageId, entry.receiveCount);
      inInterrupted.add(entry.message.messageId);
    }
  }

  const live = [...messages.values()]
    .filter((entry) => !finished.has(entry.message.messageId))
    .map(({ message, receiveCount }) => ({ message, receiveCount }));
  const pending = live.filter((entry) => !inInterrupted.has(entry.message.messageId));
  return { segmentNames, interrupted, live, pending, maxBatch };
}
