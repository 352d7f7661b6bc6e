/** HTTP requests as bytes on a socket: request targets and bodies that `fetch` and `http.request` refuse to send. */
import { connect } from 'node:net';

export interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The body of a chunked message once its last chunk arrived, else undefined. */
function dechunk(bytes: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', offset);
    if (lineEnd < 0) return undefined;
    const size = Number.parseInt(bytes.subarray(offset, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size)) return undefined;
    if (size === 0) return Buffer.concat(parts);
    const start = lineEnd + 2;
    if (bytes.length < start + size + 2) return undefined;
    parts.push(bytes.subarray(start, start + size));
    offset = start + size + 2;
  }
}

/** Parses the first HTTP/1.1 response on the socket (Content-Length or chunked bodies, as Node's servers send). */
function parseResponse(bytes: Buffer): RawAnswer | undefined {
  const headerEnd = bytes.indexOf('\r\n\r\n');
  if (headerEnd < 0) return undefined;
  const [statusLine = '', ...headerLines] = bytes.subarray(0, headerEnd).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = bytes.subarray(headerEnd + 4);
  let body: Buffer | undefined;
  if (headers['transfer-encoding']?.toLowerCase() === 'chunked') body = dechunk(rest);
  else if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    body = rest.length >= length ? rest.subarray(0, length) : undefined;
  } else body = rest;
  if (body === undefined) return undefined;
  return { status: Number(statusLine.split(' ')[1]), headers, body: body.toString('utf8') };
}

/**
 * Sends `request` (the whole request: request line, headers, body) and resolves with the first response, or rejects
 * when the server closes without one. Writing stops quietly if the server answers and closes first.
 */
export function rawRequest(port: number, request: Buffer | string, timeoutMs = 10_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      outcome();
    };
    const timer = setTimeout(() => finish(() => reject(new Error('no answer in time'))), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const answer = parseResponse(Buffer.concat(chunks));
      if (answer) finish(() => resolve(answer));
    });
    socket.on('error', () => {
      const answer = parseResponse(Buffer.concat(chunks));
      finish(() => (answer ? resolve(answer) : reject(new Error('connection failed before an answer'))));
    });
    socket.on('close', () => {
      const answer = parseResponse(Buffer.concat(chunks));
      finish(() => (answer ? resolve(answer) : reject(new Error('connection closed without an answer'))));
    });
    socket.on('connect', () => {
      socket.write(request);
    });
  });
}
