import { describe, expect, it } from 'vitest';
import { EngineBusyError, FINISHED_STATES, InvalidPageTokenError } from '../../../../../lambdas/core/ports/query-engine';

describe('query engine port', () => {
  it("counts a query finished once it succeeded, failed or was cancelled, Athena's final states", () => {
    // https://docs.aws.amazon.com/athena/latest/APIReference/API_QueryExecutionStatus.html: QUEUED and RUNNING are the
    // states a query is still in.
    expect([...FINISHED_STATES].sort()).toEqual(['CANCELLED', 'FAILED', 'SUCCEEDED']);
  });

  it('names a page token the engine did not issue, with a default message', () => {
    // Act
    const error = new InvalidPageTokenError();

    // Assert
    expect(String(error)).toBe('InvalidPageTokenError: the page token is not valid for this query');
  });

  it('says when a busy engine may be asked again', () => {
    // Act
    const busy = new EngineBusyError(5);
    const full = new EngineBusyError(30, 'the query engine holds as many results as it may keep');

    // Assert
    expect([String(busy), busy.retryAfterSeconds]).toEqual(['EngineBusyError: the query engine is busy', 5]);
    expect([full.message, full.retryAfterSeconds]).toEqual(['the query engine holds as many results as it may keep', 30]);
  });
});
