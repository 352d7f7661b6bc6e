/**
 * Passenger records whose fate is known when they are generated: valid by construction (with the values the lake must
 * hold for them, worked out here from the generated values rather than by the ingest's own code), or one field
 * corrupted in a known way (with the path the rejection must name).
 */
import fc from 'fast-check';
import { passengers } from '../../../datasets/passengers';

/** When SNS received every generated message. */
export const RECEIVED_AT = new Date('2025-01-31T12:00:00.000Z');

export type PassengerColumn = 'passenger_id' | 'flight_id' | 'name' | 'seat_number' | 'boarded_at';

/** A value as the lake's JSON line holds it: integers exactly (read as bigint), text as text, SQL NULL as null. */
export type StoredValue = bigint | string | null;

export type LabelledRecord =
  | {
      readonly valid: true;
      /** The record's JSON text, as the publisher wrote it. */
      readonly text: string;
      /** Every dataset column as the lake must store it (timestamps `YYYY-MM-DD HH:MM:SS.mmm` UTC). */
      readonly stored: Readonly<Record<PassengerColumn, StoredValue>>;
      /** The partition the row must be written to. */
      readonly dt: string;
    }
  | {
      readonly valid: false;
      readonly text: string;
      /** The one rejection path: the corrupted field, or `$` for a record that is no object. */
      readonly path: string;
      /** What was done to the record, for failure messages. */
      readonly corruption: string;
    };

/** One field of a record: its JSON text (absent when undefined) and what the lake stores for it. */
interface Field {
  readonly text: string | undefined;
  readonly stored: StoredValue;
}

const DAY_MS = 86_400_000;
const BIGINT_MIN = -(2n ** 63n);
const BIGINT_MAX = 2n ** 63n - 1n;
/** The first instant of the first projected partition, and the last one the ingest accepts for a message received at RECEIVED_AT. */
const FIRST_INSTANT = Date.parse(`${passengers.partitionStart}T00:00:00.000Z`);
const LAST_INSTANT = RECEIVED_AT.getTime() + passengers.partitionFutureDays * DAY_MS;

/** Characters that break naive encoders, all of them Unicode text: NUL, line separators, quotes, backslash, BOM, astral. */
const awkwardChar = fc.oneof(
  fc.constantFrom('\u0000', '\u2028', '\u2029', '\n', '"', '\\', '\ufeff', '🛫', '\ud83d\ude00', '\u007f'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
/** Well-formed Unicode text (fast-check's `binary` unit never yields a lone surrogate). */
export const validText = fc.string({ unit: awkwardChar, maxLength: 40 });

const exactInteger = fc.oneof(
  fc.integer().map(BigInt),
  fc.bigInt({ min: BIGINT_MIN, max: BIGINT_MAX }),
  fc.constantFrom(BIGINT_MIN, BIGINT_MAX, 2n ** 53n + 1n, -(2n ** 53n) - 1n, 0n),
);

/** A bigint column's value, spelt as JSON may spell an integer; the lake stores its exact digits. */
const integerField = fc.tuple(exactInteger, fc.constantFrom('plain', 'plain', 'plain', 'fraction', 'exponent')).map(
  ([value, spelling]): Field => ({
    text: spelling === 'fraction' ? `${value}.0` : spelling === 'exponent' ? `${value}e0` : `${value}`,
    stored: value,
  }),
);

const textField = (text: fc.Arbitrary<string>) => text.map((value): Field => ({ text: JSON.stringify(value), stored: value }));

const seatField = fc.oneof(
  textField(fc.stringMatching(/^\d{1,2}[A-K]$/)),
  textField(validText),
  fc.constant<Field>({ text: 'null', stored: null }),
  fc.constant<Field>({ text: undefined, stored: null }),
);

const lakeTimestamp = (instant: number) => {
  const iso = new Date(instant).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
};

/**
 * An accepted ISO-8601 timestamp in the projected partitions: `Z` or an offset (`-00:00` included), seconds optional,
 * one to nine fraction digits. The instant is cut to what the spelling can say; the lake keeps milliseconds, UTC.
 */
const timestampField = fc
  .record({
    instant: fc.integer({ min: FIRST_INSTANT, max: LAST_INSTANT }),
    precision: fc.oneof(fc.constantFrom<'minute' | 'second'>('minute', 'second'), fc.integer({ min: 1, max: 9 })),
    extraDigits: fc.stringMatching(/^\d{6}$/),
    offsetMinutes: fc.oneof(fc.constant(undefined), fc.constant(0), fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 })),
    minusZero: fc.boolean(),
  })
  .map(({ instant, precision, extraDigits, offsetMinutes, minusZero }): Field & { dt: string } => {
    const unitMs = precision === 'minute' ? 60_000 : precision === 'second' ? 1000 : 10 ** (3 - Math.min(precision, 3));
    const cut = instant - (instant % unitMs);
    const local = new Date(cut + (offsetMinutes ?? 0) * 60_000).toISOString();
    const seconds = precision === 'minute' ? '' : local.slice(16, 19);
    const fraction =
      typeof precision === 'number'
        ? `.${local.slice(20, 20 + Math.min(precision, 3))}${extraDigits.slice(0, Math.max(0, precision - 3))}`
        : '';
    let zone = 'Z';
    if (offsetMinutes !== undefined) {
      const magnitude = Math.abs(offsetMinutes);
      const sign = offsetMinutes < 0 || (offsetMinutes === 0 && minusZero) ? '-' : '+';
      zone = `${sign}${String(Math.floor(magnitude / 60)).padStart(2, '0')}:${String(magnitude % 60).padStart(2, '0')}`;
    }
    const stored = lakeTimestamp(cut);
    return { text: JSON.stringify(`${local.slice(0, 16)}${seconds}${fraction}${zone}`), stored, dt: stored.slice(0, 10) };
  });

/** Fields the dataset does not define: dropped from a valid record, never stored (lineage names included). */
const extraField = fc.tuple(
  fc.constantFrom('extra', 'Name', 'passenger_id ', 'lakeline_message_id', 'lakeline_record_index', 'lakeline_ingested_at'),
  fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
);

const validFields = fc.record({
  passenger_id: integerField,
  flight_id: integerField,
  name: textField(validText),
  seat_number: seatField,
  boarded_at: timestampField,
  extras: fc.uniqueArray(extraField, { maxLength: 2, selector: ([key]) => key }),
});
type ValidFields = typeof validFields extends fc.Arbitrary<infer T> ? T : never;

const COLUMNS: readonly PassengerColumn[] = ['passenger_id', 'flight_id', 'name', 'seat_number', 'boarded_at'];

function recordText(fields: ValidFields, replaced?: { column: PassengerColumn; text: string | undefined }): string {
  const entries: string[] = [];
  for (const column of COLUMNS) {
    const text = replaced?.column === column ? replaced.text : fields[column].text;
    if (text !== undefined) entries.push(`${JSON.stringify(column)}:${text}`);
  }
  for (const [key, text] of fields.extras) entries.push(`${JSON.stringify(key)}:${text}`);
  return `{${entries.join(',')}}`;
}

function labelValid(fields: ValidFields): LabelledRecord {
  return {
    valid: true,
    text: recordText(fields),
    stored: {
      passenger_id: fields.passenger_id.stored,
      flight_id: fields.flight_id.stored,
      name: fields.name.stored,
      seat_number: fields.seat_number.stored,
      boarded_at: fields.boarded_at.stored,
    },
    dt: fields.boarded_at.dt,
  };
}

export const validRecord: fc.Arbitrary<LabelledRecord> = validFields.map(labelValid);

/** A valid record whose name is 50,000 to 300,000 characters long. */
export const hugeNameRecord: fc.Arbitrary<LabelledRecord> = fc
  .tuple(validFields, fc.integer({ min: 50_000, max: 300_000 }), fc.constantFrom('x', 'é', '\u0000', '"', '🛫'))
  .map(([fields, length, unit]) => {
    const name = unit.repeat(Math.ceil(length / unit.length));
    return labelValid({ ...fields, name: { text: JSON.stringify(name), stored: name } });
  });

/** One field replaced (or removed, when `text` is undefined) so that the record must be rejected for it. */
interface Corruption {
  readonly column: PassengerColumn;
  readonly text: string | undefined;
  readonly corruption: string;
}

const corruptionOf = (column: PassengerColumn, corruption: string, texts: fc.Arbitrary<string | undefined>) =>
  texts.map((text): Corruption => ({ column, text, corruption }));

const json = (values: fc.Arbitrary<unknown>) => values.map((value) => JSON.stringify(value));
const absentOrNull = (column: PassengerColumn) => [
  corruptionOf(column, 'required field missing', fc.constant(undefined)),
  corruptionOf(column, 'required field null', fc.constant('null')),
];
const notText = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant([]), fc.constant({}));
/** Text holding a lone UTF-16 surrogate, spelt as the escape JSON.stringify writes for it, or as other escapes that decode to one. */
const loneSurrogateText = fc.oneof(
  fc.tuple(validText, fc.constantFrom('\ud800', '\udbff')).map(([text, high]) => JSON.stringify(`${text}${high}`)),
  fc.tuple(validText, fc.constantFrom('\udc00', '\udfff')).map(([text, low]) => JSON.stringify(`${low}${text}`)),
  fc.constantFrom('"\\ud800"', '"\\udfff"', '"\\ud83d\\u0041"', '"\\ud800\\ud800"', '"a\\udc00b"'),
);

const integerCorruptions = (column: PassengerColumn) => [
  ...absentOrNull(column),
  corruptionOf(
    column,
    'not a number',
    json(
      fc.oneof(
        fc.string(),
        exactInteger.map(String),
        fc.boolean(),
        fc.constant([]),
        fc.constant({}),
        fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
      ),
    ),
  ),
  corruptionOf(
    column,
    'not an integer',
    fc.oneof(
      fc
        .double({ noNaN: true, noDefaultInfinity: true })
        .filter((value) => !Number.isInteger(value))
        .map(String),
      fc.constantFrom('1.5', '-0.5', '1e-1', '9007199254740993.5', '12345678901234567890.1'),
    ),
  ),
  corruptionOf(
    column,
    'outside the bigint range',
    fc.oneof(
      fc.oneof(fc.bigInt({ min: BIGINT_MAX + 1n, max: 2n ** 80n }), fc.bigInt({ min: -(2n ** 80n), max: BIGINT_MIN - 1n })).map(String),
      fc.constantFrom('1e400', '99999999999999999999999999', '-1e19', '9223372036854775808', '9.3e18'),
    ),
  ),
];

const MALFORMED_TIMESTAMPS = [
  'not a date',
  '',
  '2025-01-31',
  '2025-01-31T12:00:00',
  '2025-01-31 12:00:00Z',
  '2025-01-31T12:00:00z',
  '2025-01-31T12:00:00.1234567890Z',
  '2025-01-31T12:00:00.Z',
  '2025-1-31T12:00:00Z',
  '2025-01-31T12:00:00+0100',
  '2025-02-30T00:00:00Z',
  '2025-13-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '2025-01-31T24:00:00Z',
  '2025-01-31T12:60:00Z',
  '2025-01-31T12:00:60Z',
  '2025-01-31T12:00:00+24:00',
  '2025-01-31T12:00:00+01:60',
];

const CORRUPTIONS: fc.Arbitrary<Corruption> = fc.oneof(
  ...integerCorruptions('passenger_id'),
  ...integerCorruptions('flight_id'),
  ...absentOrNull('name'),
  corruptionOf('name', 'not text', json(fc.oneof(notText, fc.array(validText, { minLength: 1, maxLength: 2 })))),
  corruptionOf('name', 'lone surrogate', loneSurrogateText),
  corruptionOf('seat_number', 'not text', json(notText)),
  corruptionOf('seat_number', 'lone surrogate', loneSurrogateText),
  ...absentOrNull('boarded_at'),
  corruptionOf('boarded_at', 'not a timestamp', json(fc.oneof(notText, fc.constantFrom(...MALFORMED_TIMESTAMPS), validText))),
  corruptionOf(
    'boarded_at',
    'before the first partition',
    fc
      .integer({ min: Date.parse('0001-01-01T00:00:00.000Z'), max: FIRST_INSTANT - 1 })
      .map((instant) => JSON.stringify(new Date(instant).toISOString())),
  ),
  corruptionOf(
    'boarded_at',
    'more than the projected days after receipt',
    fc
      .integer({ min: LAST_INSTANT + 1, max: Date.parse('9999-12-31T23:59:59.999Z') })
      .map((instant) => JSON.stringify(new Date(instant).toISOString())),
  ),
);

/** A record with exactly one field made invalid. */
export const corruptedRecord: fc.Arbitrary<LabelledRecord> = fc
  .tuple(validFields, CORRUPTIONS)
  .map(([fields, { column, text, corruption }]) => ({
    valid: false,
    text: recordText(fields, { column, text }),
    path: column,
    corruption: `${column}: ${corruption} (${text ?? 'absent'})`,
  }));

/**
 * A record that is no JSON object (not an array: a message that is an array is a list of records), number tokens the
 * ingest keeps exact (an exponent, 16 or more digits) among them.
 */
export const nonObjectRecord: fc.Arbitrary<LabelledRecord> = json(
  fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), validText, fc.boolean(), fc.constant(null)),
).map((text) => ({ valid: false, text, path: '$', corruption: `not an object (${text})` }));
