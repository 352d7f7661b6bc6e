/** JSON text helpers that never round a big integer: records travel as their original text where possible. */

/** Serialises a record whose bigint values are written as bare digits (JSON.stringify cannot). */
export function toJsonText(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  const fields = Object.entries(value as Record<string, unknown>)
    .filter(([, field]) => field !== undefined)
    .map(([key, field]) => `${JSON.stringify(key)}:${toJsonText(field)}`);
  return `{${fields.join(',')}}`;
}

/** Splits the text of a JSON array into the exact texts of its elements (checked to be valid JSON). */
export function splitJsonArray(text: string): string[] {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) throw new Error('expected a JSON array');
  JSON.parse(trimmed);
  const elements: string[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = 1;
  for (let index = 1; index < trimmed.length - 1; index++) {
    const char = trimmed[index];
    if (inString) {
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') depth--;
    else if (char === ',' && depth === 0) {
      elements.push(trimmed.slice(start, index).trim());
      start = index + 1;
    }
  }
  const last = trimmed.slice(start, trimmed.length - 1).trim();
  if (last !== '' || elements.length > 0) elements.push(last);
  return elements;
}
