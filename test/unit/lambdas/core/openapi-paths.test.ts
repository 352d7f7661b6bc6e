import { afterEach, describe, expect, it, vi } from 'vitest';
import { datasets } from '../../../../datasets';
import type { ApiRoute } from '../../../../lambdas/core/api-routes';

const SETTINGS = { resultReuseMaxAgeMinutes: 0, maxResultRows: 100_000 };

/** buildPaths over the given route table instead of the API's own. */
async function pathsOf(routes: readonly ApiRoute[], settings = SETTINGS) {
  vi.resetModules();
  vi.doMock('../../../../lambdas/core/api-routes', () => ({ API_ROUTES: routes }));
  const { buildPaths } = await import('../../../../lambdas/core/openapi-paths');
  return () => buildPaths(datasets, settings);
}

const HEALTH: ApiRoute = {
  key: 'datasets',
  method: 'GET',
  path: '/v1/health',
  pathParameters: {},
  queryParameters: [],
  apiKeyRequired: false,
  operationId: 'health',
  summary: 'Health',
  tag: 'meta',
  responses: { '200': { description: 'Healthy.', schema: 'Health' } },
};

describe('OpenAPI paths', () => {
  afterEach(() => {
    vi.doUnmock('../../../../lambdas/core/api-routes');
    vi.resetModules();
  });

  it('declares no security scheme and no 403 on a route that needs no API key', async () => {
    // Prepare
    const build = await pathsOf([HEALTH]);

    // Act
    const paths = build();

    // Assert
    expect(paths).toStrictEqual({
      '/v1/health': {
        get: {
          operationId: 'health',
          summary: 'Health',
          tags: ['meta'],
          security: [],
          responses: {
            '200': { description: 'Healthy.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Health' } } } },
          },
        },
      },
    });
  });

  it('refuses a route table whose route without a dataset name takes a dataset parameter', async () => {
    // Prepare
    const build = await pathsOf([{ ...HEALTH, queryParameters: ['columns'] }]);

    // Act
    const act = () => build();

    // Assert
    expect(act).toThrow(new Error('query parameter columns needs a route that takes a dataset name'));
  });

  it('tells in each query operation the configured row cap and the age of a reused result', async () => {
    // Prepare
    const { buildPaths } = await import('../../../../lambdas/core/openapi-paths');

    // Act
    const paths = buildPaths(datasets, { resultReuseMaxAgeMinutes: 15, maxResultRows: 2500 });

    // Assert
    expect(paths['/v1/datasets/passengers/rejected']?.get?.description).toBe(
      'Passengers boarding flights: one record per boarding pass scan.\n\n' +
        'One request serves at most 2500 rows over all its pages; when the result holds more, the page that reaches the cap ' +
        'says "truncated": true and has no nextToken (narrow the range or add filters).\n\n' +
        'When the whole from..to range lies in UTC days that ended at least 15 minutes ago, the answer may be a result the ' +
        'engine stored up to 15 minutes earlier for the same query; a range that includes today (or a later day) always runs afresh.',
    );
    expect(paths['/v1/datasets/passengers/rejected/daily']?.get?.description).toBe(
      'Passengers boarding flights: one record per boarding pass scan.',
    );
    expect(paths['/v1/queries/{queryId}']?.get).not.toHaveProperty('description');
  });
});
