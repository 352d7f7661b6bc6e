import { describe, expect, it } from 'vitest';
import type { RouteKey } from '../../../../lambdas/core/api-routes';

describe('apiRoute', () => {
  it('gives the one route each key names, and refuses a key no route declares', async () => {
    // Prepare
    const { apiRoute } = await import('../../../../lambdas/core/api-routes');

    // Act
    const paths = (['datasets', 'records', 'aggregate', 'rejected', 'rejectedDaily', 'query', 'openapi'] as const).map(
      (key) => apiRoute(key).path,
    );
    const unknown = () => apiRoute('nothing' as RouteKey);

    // Assert
    expect(paths).toEqual([
      '/v1/datasets',
      '/v1/datasets/{name}/records',
      '/v1/datasets/{name}/aggregate',
      '/v1/datasets/{name}/rejected',
      '/v1/datasets/{name}/rejected/daily',
      '/v1/queries/{queryId}',
      '/v1/openapi.json',
    ]);
    expect(unknown).toThrow(new Error('no route is declared for nothing'));
  });
});
