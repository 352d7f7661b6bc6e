/** A stand-in for the Glue service's HTTP endpoint: records each JSON 1.1 call and answers it like Glue does. */

export interface GlueCall {
  /** The operation, from `X-Amz-Target: AWSGlue.<operation>`. */
  readonly operation: string;
  readonly input: Record<string, unknown>;
  readonly headers: Record<string, string>;
}

/** An answer: a JSON body with a status, or an error type (Glue's `__type`) with its status. */
export type GlueAnswer = { readonly status?: number; readonly body?: unknown } | { readonly error: string; readonly status: number };

export function glueWire(answer: (call: GlueCall) => GlueAnswer | Promise<GlueAnswer>, log?: string[]) {
  const calls: GlueCall[] = [];
  const fetchFake: typeof fetch = async (_url, init) => {
    const headers = Object.fromEntries(
      Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
    );
    const operation = (headers['x-amz-target'] ?? '').replace(/^AWSGlue\./, '');
    const call = { operation, input: JSON.parse(String(init?.body ?? '{}')), headers };
    calls.push(call);
    log?.push(`glue:${operation}`);
    const result = await answer(call);
    if ('error' in result)
      return new Response(JSON.stringify({ __type: result.error, Message: `${result.error} from the fake` }), {
        status: result.status,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
      });
    return new Response(JSON.stringify(result.body ?? {}), { status: result.status ?? 200 });
  };
  return { fetch: fetchFake, calls };
}

export const TEST_CREDENTIALS = { accessKeyId: 'AKIDFAKEFORTESTS', secretAccessKey: 'fake-secret-for-tests' };
