/** Tells "nothing answered at that address" apart from an answer that was an error, and says so in one line. */

/** Connection failures by their Node.js error code: nothing answered, so no request reached a server. */
const UNREACHABLE_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/** The connection failure code anywhere in an error's causes (fetch puts it in `cause`, a failed dual-stack connect in `errors`). */
export function unreachableCode(error: unknown, depth = 0): string | undefined {
  if (!(error instanceof Error) || depth > 5) return undefined;
  const { code } = error as { code?: unknown };
  if (typeof code === 'string' && code in UNREACHABLE_REASONS) return code;
  const nested = [error.cause, ...(error instanceof AggregateError ? error.errors : [])];
  for (const inner of nested) {
    const found = unreachableCode(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

export interface Endpoint {
  /** What was called and where, e.g. "the SNS endpoint at http://127.0.0.1:4566". */
  readonly description: string;
  /** The local mode's own address (not one given on the command line): the local mode may not be running. */
  readonly local: boolean;
}

/** An endpoint that did not answer at all; its message is the whole explanation. */
export class EndpointUnreachableError extends Error {}

/** The error to report instead of `error` when it means the endpoint did not answer (undefined otherwise). */
export function explainUnreachable(error: unknown, endpoint: Endpoint): EndpointUnreachableError | undefined {
  const code = unreachableCode(error);
  if (!code) return undefined;
  const reason = UNREACHABLE_REASONS[code] ?? code;
  const hint = endpoint.local ? '; is the local mode running? `npm start` starts it' : '';
  return new EndpointUnreachableError(`no answer from ${endpoint.description}: ${reason}${hint}`);
}

/** The local mode's address, or the one an option gave. */
export function endpointAt(service: string, url: string, givenBy?: string): Endpoint {
  return givenBy
    ? { description: `the ${service} at ${url} (given with ${givenBy})`, local: false }
    : { description: `the local ${service} at ${url}`, local: true };
}
