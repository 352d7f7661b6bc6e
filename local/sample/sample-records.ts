import type { ColumnDefinition, DatasetDefinition } from '../../lambdas/core/dataset';
import { toJsonText } from '../publish/json-text';

export interface SampleOptions {
  readonly records: number;
  /** Records spread over this many UTC days, ending with `end`'s day. */
  readonly days: number;
  readonly seed?: number;
  readonly end?: Date;
}

const DAY_MS = 86_400_000;
const FIRST_NAMES = [
  'Ada',
  'Bruno',
  'Chiara',
  'Dmitri',
  'Elif',
  'Farah',
  'Gustav',
  'Hana',
  'Ines',
  'Jonas',
  'Kofi',
  'Lena',
  'Mateo',
  'Noor',
  'Olga',
  'Pavel',
  'Quentin',
  'Rosa',
  'Sven',
  'Tariq',
  'Uma',
  'Valeria',
  'Wei',
  'Yusuf',
  'Zoe',
];
const LAST_NAMES = [
  'Almeida',
  'Berg',
  'Costa',
  'Dubois',
  'Eriksen',
  'Fischer',
  'García',
  'Hoffmann',
  'Ivanova',
  'Jansen',
  'Kowalski',
  'Lindqvist',
  "O'Neill",
  'Moreau',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Rossi',
  'Schmidt',
  'Tanaka',
  'Van Dijk',
  'Weber',
  'Yilmaz',
  'Zhang',
];
const SEAT_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'];

/** mulberry32: a small seeded generator, so the same options give the same sample. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(next: () => number, values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;

function windowStart(options: SampleOptions): number {
  const end = options.end ?? new Date();
  const endDay = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate());
  return endDay - (Math.max(1, options.days) - 1) * DAY_MS;
}

/** Boarding scans: flights depart through the window; each flight's passengers board in the 45 minutes before departure. */
function passengerRecords(options: SampleOptions): string[] {
  const next = random(options.seed ?? 1);
  const start = windowStart(options);
  const span = Math.max(1, options.days) * DAY_MS;
  const now = (options.end ?? new Date()).getTime();
  const latest = Math.min(start + span, now);
  const records: string[] = [];
  let flightNumber = 0;
  while (records.length < options.records) {
    flightNumber += 1;
    const flightId = 40_000 + flightNumber;
    const departure = start + Math.floor(next() * Math.max(1, latest - start));
    const passengers = Math.min(options.records - records.length, 60 + Math.floor(next() * 120));
    for (let seat = 0; seat < passengers; seat++) {
      const boardedAt = Math.max(start, departure - Math.floor(next() * 45 * 60_000));
      const record = {
        passenger_id: 1_000_000 + Math.floor(next() * 9_000_000),
        flight_id: flightId,
        name: `${pick(next, FIRST_NAMES)} ${pick(next, LAST_NAMES)}`,
        seat_number: next() < 0.05 ? undefined : `${1 + Math.floor(seat / SEAT_LETTERS.length)}${SEAT_LETTERS[seat % SEAT_LETTERS.length]}`,
        boarded_at: new Date(boardedAt).toISOString(),
      };
      records.push(toJsonText(record));
    }
  }
  return records;
}

function genericValue(column: ColumnDefinition, next: () => number, start: number, span: number, index: number): unknown {
  switch (column.type) {
    case 'string':
      return `${column.name}-${index}`;
    case 'int':
      return Math.floor(next() * 1000);
    case 'bigint':
      return 1_000_000 + Math.floor(next() * 1_000_000_000);
    case 'double':
      return Math.round(next() * 100_000) / 100;
    case 'boolean':
      return next() < 0.5;
    case 'date':
      return new Date(start + Math.floor(next() * span)).toISOString().slice(0, 10);
    case 'timestamp':
      return new Date(start + Math.floor(next() * span)).toISOString();
  }
}

/** Realistic records for `passengers`; type-correct filler for any other dataset. Each record is a JSON text. */
export function sampleRecords(dataset: DatasetDefinition, options: SampleOptions): string[] {
  if (dataset.name === 'passengers') return passengerRecords(options);
  const next = random(options.seed ?? 1);
  const start = windowStart(options);
  const span = Math.min(Math.max(1, options.days) * DAY_MS, (options.end ?? new Date()).getTime() - start + 1);
  return Array.from({ length: options.records }, (_, index) =>
    toJsonText(Object.fromEntries(dataset.columns.map((column) => [column.name, genericValue(column, next, start, span, index)]))),
  );
}
