import { gunzipSync } from 'node:zlib';
import type { ObjectStore, PutObjectInput } from '../../lambdas/core/ports/object-store';

/** An in-memory lake: a map from key to the last body written under it (S3 semantics: a put overwrites). */
export class MemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, Uint8Array>();
  puts = 0;

  async putObject(input: PutObjectInput): Promise<void> {
    this.puts++;
    this.objects.set(input.key, input.body);
  }

  clear(): void {
    this.objects.clear();
  }

  /** The non-empty lines of every gzip NDJSON object whose key starts with `prefix`. */
  lines(prefix: string): string[] {
    const lines: string[] = [];
    for (const [key, body] of this.objects) {
      if (!key.startsWith(prefix)) continue;
      for (const line of gunzipSync(body).toString('utf8').split('\n')) if (line !== '') lines.push(line);
    }
    return lines;
  }
}
