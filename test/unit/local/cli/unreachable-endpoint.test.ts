import { describe, expect, it } from 'vitest';
import { endpointAt, explainUnreachable, unreachableCode } from '../../../../local/cli/unreachable-endpoint';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3000'), { code: 'ECONNREFUSED' });

describe('telling an endpoint that did not answer from one that answered with an error', () => {
  it('finds the connection failure inside fetch errors and dual-stack connection attempts', () => {
    // Prepare
    const fetchFailure = new TypeError('fetch failed', { cause: new AggregateError([refused(), refused()]) });

    // Act
    const code = unreachableCode(fetchFailure);

    // Assert
    expect(code).toBe('ECONNREFUSED');
  });

  it('leaves an error that is not a connection failure alone', () => {
    // Act
    const explained = explainUnreachable(new Error('HTTP 500'), endpointAt('API', 'http://127.0.0.1:3000'));

    // Assert
    expect(explained).toBeUndefined();
  });

  it('points at npm start only for the local mode address', () => {
    // Act
    const local = explainUnreachable(refused(), endpointAt('API', 'http://127.0.0.1:3000'))?.message;
    const given = explainUnreachable(refused(), endpointAt('API', 'https://example.com/dev/', '--api-url'))?.message;

    // Assert
    expect(local).toBe(
      'no answer from the local API at http://127.0.0.1:3000: connection refused; is the local mode running? `npm start` starts it',
    );
    expect(given).toBe('no answer from the API at https://example.com/dev/ (given with --api-url): connection refused');
  });
});
