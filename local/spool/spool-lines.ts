/** What a spool file held: the values read, and the text of every line that could not be read. */
export interface SpoolLines<T> {
  readonly values: T[];
  readonly unreadable: string[];
}

function parsed<T>(text: string, isValid: (value: unknown) => value is T): T | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isValid(value) ? value : undefined;
  } /* Stryker disable next-line BlockStatement: a line that is not JSON answers undefined either way */ catch {
    return undefined;
  }
}

/**
 * Reads NDJSON written by an append log. A line that is not a valid value (a tail torn by a crash or a full disk) is
 * returned in `unreadable`, never dropped. A whole line glued onto a torn fragment (what an earlier version wrote when
 * it appended after a short write) is recovered from the last point where a line starts with `lineStart`; only the
 * fragment before it is unreadable.
 */
export function readSpoolLines<T>(text: string, isValid: (value: unknown) => value is T, lineStart: string): SpoolLines<T> {
  const values: T[] = [];
  const unreadable: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const value = parsed(line, isValid);
    if (value !== undefined) {
      values.push(value);
      continue;
    }
    let recovered = false;
    for (let start = line.indexOf(lineStart, 1); start !== -1; start = line.indexOf(lineStart, start + 1)) {
      const glued = parsed(line.slice(start), isValid);
      if (glued === undefined) continue;
      values.push(glued);
      unreadable.push(line.slice(0, start));
      recovered = true;
      break;
    }
    if (!recovered) unreadable.push(line);
  }
  return { values, unreadable };
}
