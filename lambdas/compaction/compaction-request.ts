/** What the schedule (or an operator) asks of one compaction invocation: every dataset, or one dataset (and one day). */
import type { DatasetDefinition } from '../core/dataset';
import { isCalendarDate } from '../core/lake-value-format';

export interface CompactionRequest {
  /** The datasets to compact, in order. */
  readonly datasets: readonly DatasetDefinition[];
  /** Compact only this day (again, if it already is). */
  readonly day?: string;
}

/** Reads the invocation input: `{}`, `{"dataset": "<name>"}` or `{"dataset": "<name>", "day": "YYYY-MM-DD"}`. */
export function parseCompactionRequest(event: unknown, datasets: readonly DatasetDefinition[]): CompactionRequest {
  const input = event ?? {};
  if (typeof input !== 'object' || Array.isArray(input)) throw new Error('the compaction input must be a JSON object');
  const { dataset, day, ...others } = input as Record<string, unknown>;
  const unknown = Object.keys(others);
  if (unknown.length > 0)
    throw new Error(`unknown compaction input ${unknown.map((name) => `"${name}"`).join(', ')}; allowed: dataset, day`);
  if (dataset === undefined) {
    if (day !== undefined) throw new Error('"day" needs "dataset": name the dataset whose day to compact');
    return { datasets };
  }
  const definition = datasets.find((candidate) => candidate.name === dataset);
  if (!definition) throw new Error(`unknown dataset ${JSON.stringify(dataset)}; datasets: ${datasets.map((d) => d.name).join(', ')}`);
  if (day === undefined) return { datasets: [definition] };
  if (typeof day !== 'string' || !isCalendarDate(day))
    throw new Error(`"day" must be a calendar date YYYY-MM-DD, got ${JSON.stringify(day)}`);
  return { datasets: [definition], day };
}
