/**
 * Dates and timestamps as the lake stores them. The Glue table reads JSON with the Hive
 * `JsonSerDe`, which parses timestamps with `java.sql.Timestamp.valueOf`: `yyyy-mm-dd hh:mm:ss[.f...]`,
 * no `T`, no zone. So every timestamp is normalised to UTC and written as `YYYY-MM-DD HH:MM:SS.mmm`.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

const MINUTES_PER_DAY = 1440;
const EXPECTED_TIMESTAMP = 'expected an ISO-8601 timestamp with a zone (Z or ±hh:mm), e.g. 2025-01-31T23:59:59.123Z';
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * What a timestamp text may leave out or add. The ingest takes what producers send (seconds optional, up to
 * nanoseconds, truncated to milliseconds); a query filter takes RFC 3339 `date-time` as the API document states it.
 */
export interface TimestampRule {
  readonly requireSeconds: boolean;
  readonly maxFractionDigits: number;
}

export const LAKE_TIMESTAMP_RULE: TimestampRule = { requireSeconds: false, maxFractionDigits: 9 };
export const FILTER_TIMESTAMP_RULE: TimestampRule = { requireSeconds: true, maxFractionDigits: 3 };

export type ParsedTimestamp =
  | { ok: true; lakeValue: string; date: string }
  /** `dateDoesNotExist`: the text is well formed but names a day the calendar does not have. */
  | { ok: false; message: string; dateDoesNotExist?: true };

/** Why a `YYYY-MM-DD` text names no day of the years 0001–9999: not of that form, or a day that does not exist. */
export type CalendarDateProblem = { readonly malformed: true } | { readonly malformed: false; readonly message: string };

const MALFORMED_DATE: CalendarDateProblem = { malformed: true };

/** The problem of a `YYYY-MM-DD` text, or undefined when it names a real calendar date (year 0001–9999). */
export function calendarDateProblem(value: string): CalendarDateProblem | undefined {
  const match = ISO_DATE.exec(value);
  if (match === null) return MALFORMED_DATE;
  const [, year, month, day] = match;
  const why = nonexistence(Number(year), Number(month), Number(day));
  return why === undefined ? undefined : { malformed: false, message: doesNotExist(value, why) };
}

/** True for a `YYYY-MM-DD` string naming a real calendar date (year 0001–9999). */
export function isCalendarDate(value: string): boolean {
  return calendarDateProblem(value) === undefined;
}

/**
 * Parses an ISO-8601 timestamp that carries a zone (`Z` or `±hh:mm`), with seconds and fraction as `rule` allows.
 * Returns the UTC lake value (`YYYY-MM-DD HH:MM:SS.mmm`, fraction truncated to milliseconds) and its UTC date.
 */
export function parseZonedTimestamp(value: string, rule: TimestampRule = LAKE_TIMESTAMP_RULE): ParsedTimestamp {
  const match = ISO_TIMESTAMP.exec(value);
  if (match === null) return { ok: false, message: EXPECTED_TIMESTAMP };
  const [, year, month, day, hour, minute, second, fraction, zulu, sign, offsetHours, offsetMinutes] = match;
  if ((rule.requireSeconds && second === undefined) || (fraction?.length ?? 0) > rule.maxFractionDigits)
    return { ok: false, message: EXPECTED_TIMESTAMP };
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  const why = nonexistence(y, mo, d);
  if (why !== undefined) return { ok: false, message: doesNotExist(`${year}-${month}-${day}`, why), dateDoesNotExist: true };
  const h = Number(hour);
  const mi = Number(minute);
  if (h > 23 || mi > 59 || Number(second ?? 0) > 59)
    return { ok: false, message: `"${hour}:${minute}:${second ?? '00'}" is not a valid time of day` };
  const fractionMs = fraction === undefined ? '000' : fraction.slice(0, 3).padEnd(3, '0');
  if (zulu !== undefined) {
    // Already UTC: the value is rewritten without date arithmetic (the hot path).
    const date = `${year}-${month}-${day}`;
    return { ok: true, lakeValue: `${date} ${hour}:${minute}:${second ?? '00'}.${fractionMs}`, date };
  }
  const oh = Number(offsetHours);
  const om = Number(offsetMinutes);
  if (oh > 23 || om > 59) return { ok: false, message: `"${sign}${offsetHours}:${offsetMinutes}" is not a valid zone offset` };
  const offset = (sign === '-' ? -1 : 1) * (oh * 60 + om);
  // Shift by the offset without Date objects: at most one day forwards or backwards.
  let minuteOfDay = h * 60 + mi - offset;
  let [uy, um, ud] = [y, mo, d];
  if (minuteOfDay < 0) {
    minuteOfDay += MINUTES_PER_DAY;
    [uy, um, ud] = ud > 1 ? [uy, um, ud - 1] : um > 1 ? [uy, um - 1, daysInMonth(uy, um - 1)] : [uy - 1, 12, 31];
  } else if (minuteOfDay >= MINUTES_PER_DAY) {
    minuteOfDay -= MINUTES_PER_DAY;
    [uy, um, ud] = ud < daysInMonth(uy, um) ? [uy, um, ud + 1] : um < 12 ? [uy, um + 1, 1] : [uy + 1, 1, 1];
  }
  if (uy < 1 || uy > 9999) return { ok: false, message: 'timestamp is outside the years 0001–9999 in UTC' };
  const date = `${pad(uy, 4)}-${pad(um, 2)}-${pad(ud, 2)}`;
  const time = `${pad(Math.floor(minuteOfDay / 60), 2)}:${pad(minuteOfDay % 60, 2)}:${second ?? '00'}.${fractionMs}`;
  return { ok: true, lakeValue: `${date} ${time}`, date };
}

/** The instant of a lake timestamp value (`YYYY-MM-DD HH:MM:SS.mmm`, UTC). */
export function instantOfLakeTimestamp(lakeValue: string): Date {
  return new Date(`${lakeValue.slice(0, 10)}T${lakeValue.slice(11)}Z`);
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** A Date as a lake timestamp value: `YYYY-MM-DD HH:MM:SS.mmm` in UTC. */
export function formatLakeTimestamp(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/** The UTC calendar date `YYYY-MM-DD` of an instant. */
export function utcDateOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function doesNotExist(date: string, why: string): string {
  return `the calendar date ${date} does not exist: ${why}`;
}

/** Why the day does not exist, or undefined when it does. */
function nonexistence(year: number, month: number, day: number): string | undefined {
  if (year < 1) return 'years run from 0001 to 9999';
  if (month < 1 || month > 12) return 'months run from 01 to 12';
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) return `${MONTHS[month - 1]} ${pad(year, 4)} has days 01 to ${days}`;
  return undefined;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
