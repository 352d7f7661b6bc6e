import { describe, expect, it } from 'vitest';
import type { PlannedObject } from '../../../../lambdas/core/ingest-batch';
import type { ObjectStore, PutObjectInput } from '../../../../lambdas/core/ports/object-store';
import { failedSqsMessageIds, writeCompactionRequests, writePlannedObjects } from '../../../../lambdas/ingest/write-planned-objects';

function planned(key: string, sqsMessageIds: string[]): PlannedObject {
  return { kind: 'raw', key, dt: '2025-01-31', body: new Uint8Array([1]), lineCount: 1, sqsMessageIds };
}

describe('writePlannedObjects', () => {
  it('writes every object with NDJSON content type and gzip encoding, one failure not stopping the others', async () => {
    // Prepare
    const written: PutObjectInput[] = [];
    const store: ObjectStore = {
      putObject: async (input) => {
        if (input.key === 'b') throw new Error('boom');
        written.push(input);
      },
    };

    // Act
    const outcomes = await writePlannedObjects(store, [planned('a', ['q-1']), planned('b', ['q-2', 'q-3']), planned('c', ['q-3'])]);

    // Assert
    expect(written.map((input) => [input.key, input.contentType, input.contentEncoding])).toEqual([
      ['a', 'application/x-ndjson', 'gzip'],
      ['c', 'application/x-ndjson', 'gzip'],
    ]);
    expect(outcomes.map((outcome) => outcome.error === undefined)).toEqual([true, false, true]);
    expect(failedSqsMessageIds(outcomes)).toEqual(['q-2', 'q-3']);
  });

  it('keeps at most the given number of writes in flight', async () => {
    // Prepare
    let inFlight = 0;
    let mostInFlight = 0;
    const store: ObjectStore = {
      putObject: async () => {
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
      },
    };
    const objects = Array.from({ length: 10 }, (_, index) => planned(`k-${index}`, [`q-${index}`]));

    // Act
    const outcomes = await writePlannedObjects(store, objects, 3);

    // Assert
    expect(outcomes).toHaveLength(10);
    expect(mostInFlight).toBe(3);
  });

  it('reports each failed SQS message once even when several failed objects hold it', () => {
    // Act
    const failed = failedSqsMessageIds([
      { object: planned('a', ['q-1', 'q-2']), error: new Error('x') },
      { object: planned('b', ['q-2']), error: new Error('y') },
      { object: planned('c', ['q-3']) },
    ]);

    // Assert
    expect(failed).toEqual(['q-1', 'q-2']);
  });
});

describe('writeCompactionRequests', () => {
  it('puts an empty request for each written object that needs one, and none for an object that was not written', async () => {
    // Prepare
    const written: PutObjectInput[] = [];
    const store: ObjectStore = { putObject: async (input) => void written.push(input) };
    const outcomes = [
      { object: planned('a', ['q-1']) },
      { object: planned('b', ['q-2']), error: new Error('x') },
      { object: planned('c', ['q-3']) },
    ];

    // Act
    const result = await writeCompactionRequests(store, outcomes, (object) => (object.key === 'c' ? undefined : `request-${object.key}`));

    // Assert
    expect(written).toEqual([{ key: 'request-a', body: new Uint8Array(0), contentType: 'application/octet-stream' }]);
    expect(result.map((outcome) => outcome.request)).toEqual([{ key: 'request-a' }, undefined, undefined]);
    expect(failedSqsMessageIds(result)).toEqual(['q-2']);
  });

  it('fails the messages of an object whose request could not be written', async () => {
    // Prepare
    const failure = new Error('AccessDenied');
    const store: ObjectStore = {
      putObject: async (input) => {
        if (input.key === 'request-b') throw failure;
      },
    };
    const outcomes = [{ object: planned('a', ['q-1']) }, { object: planned('b', ['q-2', 'q-3']) }];

    // Act
    const result = await writeCompactionRequests(store, outcomes, (object) => `request-${object.key}`);

    // Assert
    expect(result[1]).toEqual({ object: outcomes[1]?.object, request: { key: 'request-b', error: failure } });
    expect(failedSqsMessageIds(result)).toEqual(['q-2', 'q-3']);
  });
});
