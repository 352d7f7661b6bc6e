import { describe, expect, it } from 'vitest';
import { datasets } from '../../../../datasets';
import { API_ERROR_CODES } from '../../../../lambdas/core/api-error-code';
import { API_ROUTES, type ApiRoute } from '../../../../lambdas/core/api-routes';
import { buildOpenApiDocument } from '../../../../lambdas/core/openapi';
import { NO_COMPACTED_DAYS } from '../../../../lambdas/core/ports/compaction-catalog';
import { createQueryHandler } from '../../../../lambdas/query/handler';
import { toProxyEvent } from '../../../../local/api/proxy-event';
import { apiEvent } from '../../../fixtures/passenger-lake';
import { emptyEngine } from '../../../support/empty-engine';

const QUERY_ID = '00000000-0000-4000-8000-000000000000';

/** A concrete request path of a route: its parameters filled with a known dataset and a well-formed query id. */
function examplePath(route: ApiRoute): string {
  return route.path.replace('{name}', 'passengers').replace('{queryId}', QUERY_ID);
}

type Operation = { operationId: string; security: unknown; responses: Record<string, unknown> };
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { enum?: string[]; properties?: Record<string, unknown> }> };
};

describe('route table', () => {
  const handler = createQueryHandler({
    compactedDays: NO_COMPACTED_DAYS,
    engine: emptyEngine(),
    datasets,
    config: { waitBudgetMs: 0, maxRangeDays: 31 },
  });
  const document = buildOpenApiDocument(datasets) as Document;

  it.each(API_ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))(
    'dispatches %s in the handler and matches it as its resource in the local server',
    async (_name, route) => {
      // Act
      const answer = await handler(apiEvent(examplePath(route), {}, route.method));
      const event = toProxyEvent({ method: route.method, url: examplePath(route), headers: {} });

      // Assert
      expect(['route_not_found', 'method_not_allowed']).not.toContain(JSON.parse(answer.body).error?.code);
      expect(event.resource).toBe(route.path);
    },
  );

  it('declares the API key scheme on every operation whose route requires the key, and the 403 it answers', () => {
    // Act
    const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods));

    // Assert
    expect(API_ROUTES.every((route) => route.apiKeyRequired)).toBe(true);
    const perDataset = API_ROUTES.filter((route) => Object.values(route.pathParameters).some((declaration) => declaration.perDataset));
    expect(operations.length).toBe(API_ROUTES.length - perDataset.length + perDataset.length * datasets.length);
    for (const operation of operations) {
      expect(operation.security, operation.operationId).toEqual([{ apiKey: [] }]);
      expect(operation.responses['403'], operation.operationId).toBeDefined();
    }
  });

  it('lists every error code as the enum of the error schema, beside the errors of every invalid parameter', () => {
    // Act
    const { ErrorCode, Error: error } = document.components.schemas;

    // Assert
    expect(ErrorCode?.enum).toEqual([...API_ERROR_CODES]);
    expect(Object.keys(error?.properties ?? {})).toEqual(['error', 'errors']);
  });

  it('answers an unknown path route_not_found and another method method_not_allowed', async () => {
    // Act
    const unknown = await handler(apiEvent('/v1/nothing'));
    const posted = await handler(apiEvent('/v1/datasets', {}, 'POST'));

    // Assert
    expect([unknown.statusCode, JSON.parse(unknown.body).error.code]).toEqual([404, 'route_not_found']);
    expect([posted.statusCode, JSON.parse(posted.body).error]).toEqual([
      405,
      { code: 'method_not_allowed', message: 'only GET is supported, not POST' },
    ]);
  });

  it('matches a stage-prefixed path and URL-decodes its segments', async () => {
    // Act
    const answer = await handler(apiEvent('/prod/v1/datasets/pass%65ngers/records', { limit: 'x' }));
    const slashed = await handler(apiEvent('/prod/v1/datasets/'));
    const undecodable = await handler(apiEvent('/v1/datasets/%E0/records'));

    // Assert
    expect(JSON.parse(answer.body).errors).toEqual([expect.objectContaining({ parameter: 'limit' })]);
    expect(slashed.statusCode).toBe(200);
    expect(JSON.parse(undecodable.body).error.code).toBe('route_not_found');
  });
});
