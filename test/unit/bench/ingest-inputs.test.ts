import { describe, expect, it } from 'vitest';
import { ingestModelInputs } from '../../../bench/ingest-inputs';

describe('ingest cost model inputs', () => {
  it('label what no run here can measure as assumed, beside what this run measured', () => {
    // Prepare
    const figures = {
      msPerRecord: 0.01234,
      objectsPerBatch: 1.5,
      batchSize: 1000,
      envelopeBytes: 812,
      rawGzipBytesPerRecord: 61,
      messagesPerInvocation: '1 record/message: 1000; 10 records/message: 566',
    };

    // Act
    const inputs = ingestModelInputs(figures);

    // Assert
    const sourceOf = Object.fromEntries(inputs.map((input) => [input.input, [input.source, input.value]]));
    expect(sourceOf).toMatchObject({
      'S3 PUT round': ['assumed', '40 ms per 8 parallel PUTs'],
      'event size': ['assumed', '1024 B'],
      'AWS delivery fields beyond the bench envelope': ['assumed', '1000 B'],
      'messages per invocation': ['assumed', figures.messagesPerInvocation],
      'ingest CPU per record': ['measured', '0.0123 ms'],
      'objects per 1000-message batch': ['measured', '1.50'],
      'SNS envelope and SQS record fields per message': ['measured', '812 B'],
      'raw gzip bytes per record': ['measured', '61'],
      'Lambda payload': ['AWS limit', '6291456 B'],
    });
  });
});
