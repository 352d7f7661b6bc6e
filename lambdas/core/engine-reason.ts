/**
 * What a client may read of an engine's failure reason. DuckDB names the lake file it could not read by its absolute
 * path and appends the SQL; Athena names S3 locations. The answer keeps the reason's first line with every file path
 * and S3 location replaced, cut to a readable length; the full reason goes to the log only.
 */

const MAX_PUBLIC_REASON_LENGTH = 300;
/** A quoted text that contains a path separator: `"/tmp/lake/raw/…/x.json.gz"`, `'C:\\lake\\x.json.gz'`. */
const QUOTED_PATH = /(["'])[^"'\n]*[\\/][^"'\n]*\1/g;
const S3_LOCATION = /\bs3a?:\/\/\S+/gi;
/** An unquoted absolute path (POSIX, or a Windows drive) of two segments or more. */
const BARE_PATH = /(^|[\s(=:,[])(?:[A-Za-z]:)?[\\/][^\s"'(),[\]]*[\\/][^\s"'(),[\]]*/g;

export function publicEngineReason(reason: string): string {
  // Splitting always gives a first element, the whole reason when it has no newline.
  const firstLine = (reason.split('\n', 1) as [string])[0].trim();
  const redacted = firstLine
    .replace(S3_LOCATION, '<s3 location>')
    .replace(QUOTED_PATH, (_match, quote: string) => `${quote}<file>${quote}`)
    .replace(BARE_PATH, (match, before: string) => `${before}<file>${match.slice(match.search(/[:.,;]*$/))}`);
  return redacted.length > MAX_PUBLIC_REASON_LENGTH ? `${redacted.slice(0, MAX_PUBLIC_REASON_LENGTH - 1)}…` : redacted;
}
