import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ApiRoute } from '../../../../lambdas/core/api-routes';

/** Loaded inside each test: a route table that cannot be compiled fails the test instead of the whole file. */
const routeMatch = () => import('../../../../lambdas/core/route-match');

const QUERY_ID = '00000000-0000-4000-8000-000000000000';

/** Each match as the route's key and its captured segments. */
async function matched(path: string, trailingSlash: boolean): Promise<Array<[string, Record<string, string>]>> {
  const { matchPath } = await routeMatch();
  return matchPath(path, { trailingSlash }).map((match) => [match.route.key, { ...match.segments }]);
}

describe('matchPath', () => {
  it('matches each route template and captures its parameter segments by name', async () => {
    // Act
    const outcomes = [
      await matched('/v1/datasets', false),
      await matched('/v1/datasets/passengers/records', false),
      await matched('/v1/datasets/passengers/aggregate', false),
      await matched('/v1/datasets/passengers/rejected', false),
      await matched('/v1/datasets/passengers/rejected/daily', false),
      await matched(`/v1/queries/${QUERY_ID}`, false),
      await matched('/v1/openapi.json', false),
    ];

    // Assert
    expect(outcomes).toEqual([
      [['datasets', {}]],
      [['records', { name: 'passengers' }]],
      [['aggregate', { name: 'passengers' }]],
      [['rejected', { name: 'passengers' }]],
      [['rejectedDaily', { name: 'passengers' }]],
      [['query', { queryId: QUERY_ID }]],
      [['openapi', {}]],
    ]);
  });

  it('keeps captured segments percent-encoded', async () => {
    // Act
    const outcome = await matched('/v1/datasets/pass%65ngers/records', false);

    // Assert
    expect(outcome).toEqual([['records', { name: 'pass%65ngers' }]]);
  });

  it('matches literal segments literally: a dot in a template is no wildcard', async () => {
    // Act
    const outcome = await matched('/v1/openapiXjson', true);

    // Assert
    expect(outcome).toEqual([]);
  });

  it('captures exactly one segment for a parameter and refuses an empty one', async () => {
    // Act
    const outcomes = [
      await matched('/v1/datasets/a/b/records', true),
      await matched('/v1/datasets//records', true),
      await matched('/v1/queries/', false),
    ];

    // Assert
    expect(outcomes).toEqual([[], [], []]);
  });

  it('matches the whole path only: no prefix before it, no segment after it', async () => {
    // Act
    const outcomes = [
      await matched('/prod/v1/datasets', true),
      await matched('/v1/datasets/passengers/records/more', true),
      await matched('/v1/datasetsX', true),
      await matched('v1/datasets', true),
    ];

    // Assert
    expect(outcomes).toEqual([[], [], [], []]);
  });

  it('accepts one trailing slash only when asked to', async () => {
    // Act
    const exact = await matched('/v1/datasets/', false);
    const slashed = await matched('/v1/datasets/', true);
    const twoSlashes = await matched('/v1/datasets//', true);
    const withoutSlash = await matched('/v1/datasets', true);

    // Assert
    expect(exact).toEqual([]);
    expect(slashed).toEqual([['datasets', {}]]);
    expect(twoSlashes).toEqual([]);
    expect(withoutSlash).toEqual([['datasets', {}]]);
  });
});

describe('routesOfResource', () => {
  it('gives the routes declared on exactly that resource template', async () => {
    // Prepare
    const { routesOfResource } = await routeMatch();

    // Act
    const records = routesOfResource('/v1/datasets/{name}/records');
    const concrete = routesOfResource('/v1/datasets/passengers/records');
    const none = routesOfResource(undefined);

    // Assert
    expect(records.map((route) => route.key)).toEqual(['records']);
    expect(concrete).toEqual([]);
    expect(none).toEqual([]);
  });
});

describe('withoutStagePrefix', () => {
  it('strips everything before the first /v1/ segment and leaves other paths alone', async () => {
    // Prepare
    const { withoutStagePrefix } = await routeMatch();

    // Act
    const outcomes = [
      withoutStagePrefix('/prod/v1/datasets'),
      withoutStagePrefix('x/v1/datasets'),
      withoutStagePrefix('/v1/datasets'),
      withoutStagePrefix('/v1/x/v1/datasets'),
      withoutStagePrefix('/prod/datasets'),
      withoutStagePrefix('/prod/v1'),
    ];

    // Assert
    expect(outcomes).toEqual(['/v1/datasets', '/v1/datasets', '/v1/datasets', '/v1/x/v1/datasets', '/prod/datasets', '/prod/v1']);
  });
});

describe('templates with braces inside a segment', () => {
  afterEach(() => {
    vi.doUnmock('../../../../lambdas/core/api-routes');
    vi.resetModules();
  });

  it('take only a whole {segment} as a parameter, and braces inside a segment literally', async () => {
    // Prepare
    const route = { key: 'datasets', method: 'GET', path: '/v1/files/{name}.json/x{part}/{part}y' } as unknown as ApiRoute;
    vi.resetModules();
    vi.doMock('../../../../lambdas/core/api-routes', () => ({ API_ROUTES: [route] }));
    const { matchPath } = await routeMatch();

    // Act
    const literal = matchPath('/v1/files/{name}.json/x{part}/{part}y', { trailingSlash: false });
    const substituted = matchPath('/v1/files/a.json/xb/cy', { trailingSlash: false });

    // Assert
    expect(literal.map((match) => match.segments)).toEqual([{}]);
    expect(substituted).toEqual([]);
  });
});
