import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurably } from '../spool/durable-files';

/** Per dataset, when `--sample` loaded its sample into this data directory and how many records. */
export type SampleMarks = Record<string, { readonly loadedAt: string; readonly records: number }>;

const MARKS_FILE = 'sample-loaded.json';

export const sampleMarksPath = (dataDir: string) => join(dataDir, MARKS_FILE);

const isMark = (value: unknown): value is SampleMarks[string] =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Record<string, unknown>).loadedAt === 'string' &&
  Number.isInteger((value as Record<string, unknown>).records);

/** The marks of `dataDir`; none when the file is missing or unreadable (the sample is then loaded again). */
export async function readSampleMarks(dataDir: string): Promise<SampleMarks> {
  const text = await readFile(sampleMarksPath(dataDir), 'utf8').catch(() => '{}');
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).filter(([, mark]) => isMark(mark)));
  } catch {
    return {};
  }
}

export async function writeSampleMarks(dataDir: string, marks: SampleMarks): Promise<void> {
  await writeFileDurably(sampleMarksPath(dataDir), `${JSON.stringify(marks, null, 2)}\n`);
}
