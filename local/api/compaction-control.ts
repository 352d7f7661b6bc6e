/**
 * The local mode's compaction control, `POST /local/compactions?dataset=<name>[&day=YYYY-MM-DD]`: runs a compaction in
 * the running local mode, which alone may write its data directory, and answers the reports. Local only: it is not a
 * route of the API, and the local server listens on 127.0.0.1.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { CompactedDayReport } from '../../lambdas/compaction/compact-dataset';
import { DayNotClosedError } from '../../lambdas/compaction/compact-dataset';
import type { DatasetDefinition } from '../../lambdas/core/dataset';
import { badRequest, errorResponse, HttpError, jsonResponse } from '../../lambdas/core/http-response';
import { ParameterErrors } from '../../lambdas/core/parameter-errors';
import { checkParameterNames, singleValuedParameters } from '../../lambdas/core/request-params';
import { parseDateText } from '../../lambdas/core/sql-parameter';

export const COMPACTIONS_PATH = '/local/compactions';

/** The answer of a compaction asked for: the days compacted (none when nothing was due). */
export interface CompactionAnswer {
  readonly dataset: string;
  readonly reports: readonly CompactedDayReport[];
}

export type Compact = (dataset: string, day?: string) => Promise<readonly CompactedDayReport[]>;

interface CompactionRequest {
  readonly dataset: string;
  readonly day?: string;
}

function parseRequest(event: APIGatewayProxyEvent, datasets: readonly DatasetDefinition[]): CompactionRequest {
  const parameters = singleValuedParameters(event);
  checkParameterNames(parameters, ['dataset', 'day'], `POST ${COMPACTIONS_PATH}`);
  const errors = new ParameterErrors();
  const known = datasets.map((dataset) => dataset.name);
  const dataset = errors.check('dataset', () => {
    const name = parameters.dataset;
    if (name === undefined || !known.includes(name))
      throw badRequest('invalid_parameter', `parameter "dataset" must name a dataset: ${known.join(', ')}`);
    return name;
  });
  const { day } = parameters;
  if (day !== undefined) errors.check('day', () => parseDateText('day', day));
  errors.throwIfAny();
  return { dataset: dataset as string, ...(day === undefined ? {} : { day }) };
}

async function answer(
  event: APIGatewayProxyEvent,
  compact: Compact,
  datasets: readonly DatasetDefinition[],
): Promise<APIGatewayProxyResult> {
  if (event.httpMethod !== 'POST') throw new HttpError(405, 'method_not_allowed', `${COMPACTIONS_PATH} accepts only POST`);
  const request = parseRequest(event, datasets);
  try {
    const reports = await compact(request.dataset, request.day);
    return jsonResponse(200, { dataset: request.dataset, reports } satisfies CompactionAnswer);
  } catch (error) {
    if (error instanceof DayNotClosedError) throw new HttpError(409, 'day_not_closed', error.message);
    throw error;
  }
}

/**
 * The compaction control in front of `handler`: requests to `COMPACTIONS_PATH` are answered here, every other request
 * goes to `handler` unchanged. A compaction that fails unexpectedly is reported to `onError` and answered 500 with
 * its message.
 */
export function withCompactionControl(
  compact: Compact,
  datasets: readonly DatasetDefinition[],
  handler: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>,
  onError: (error: unknown) => void = () => {},
): (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult> {
  return async (event) => {
    if (event.path !== COMPACTIONS_PATH) return handler(event);
    try {
      return await answer(event, compact, datasets);
    } catch (error) {
      if (error instanceof HttpError) {
        const response = errorResponse(error);
        return error.statusCode === 405 ? { ...response, headers: { ...response.headers, allow: 'POST' } } : response;
      }
      onError(error);
      const message = error instanceof Error ? error.message : String(error);
      return errorResponse(new HttpError(500, 'internal_error', `the compaction failed: ${message}`));
    }
  };
}
