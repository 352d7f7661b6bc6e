/** Engine calls bounded in time, whose unexpected failures become a 502 that names the query, never a stack trace. */
import type { Logger } from '@aws-lambda-powertools/logger';
import { badRequest, HttpError } from '../core/http-response';
import { EngineBusyError, InvalidPageTokenError } from '../core/ports/query-engine';
import type { EngineCall } from './query-ports';
import { settledWithin } from './wait-for-query';

export function createEngineCall(defaultTimeoutMs: number, logger?: Logger): EngineCall {
  return async (action, queryId, call, timeoutMs = defaultTimeoutMs) => {
    try {
      return await settledWithin(call(), timeoutMs);
    } catch (error) {
      if (error instanceof HttpError) throw error;
      if (error instanceof InvalidPageTokenError)
        throw badRequest('invalid_parameter', 'parameter "nextToken" is not a token this API issued');
      const suffix = queryId ? ` (query ${queryId})` : '';
      if (error instanceof EngineBusyError) {
        logger?.warn(`query engine busy, could not ${action}`, { queryId, retryAfterSeconds: error.retryAfterSeconds });
        throw new HttpError(
          503,
          'engine_busy',
          `the query engine is busy and could not ${action}${suffix}; retry later`,
          queryId,
          error.retryAfterSeconds,
        );
      }
      logger?.error(`query engine failed to ${action}`, { queryId, error: error as Error });
      throw new HttpError(502, 'engine_error', `the query engine failed to ${action}${suffix}`, queryId);
    }
  };
}
