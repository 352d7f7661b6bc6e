/** Matches a request path against the route table's templates, as API Gateway matches its resources. */
import { API_ROUTES, type ApiRoute } from './api-routes';

export interface PathMatch {
  readonly route: ApiRoute;
  /** The captured segments, still percent-encoded. */
  readonly segments: Readonly<Record<string, string>>;
}

interface CompiledRoute {
  readonly route: ApiRoute;
  readonly names: readonly string[];
  readonly exact: RegExp;
  readonly slashed: RegExp;
}

function compile(route: ApiRoute): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const parameter = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (parameter === undefined) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(parameter);
      return '([^/]+)';
    })
    .join('/');
  return { route, names, exact: new RegExp(`^${source}$`), slashed: new RegExp(`^${source}/?$`) };
}

const COMPILED = API_ROUTES.map(compile);

/** Every route (whatever its method) whose template matches the path; `trailingSlash` also accepts one `/` at the end. */
export function matchPath(path: string, options: { readonly trailingSlash: boolean }): PathMatch[] {
  const matches: PathMatch[] = [];
  for (const { route, names, exact, slashed } of COMPILED) {
    const match = (options.trailingSlash ? slashed : exact).exec(path);
    // Stryker disable next-line StringLiteral: every group of a template is mandatory, so a match holds each capture
    if (match) matches.push({ route, segments: Object.fromEntries(names.map((name, index) => [name, match[index + 1] ?? ''])) });
  }
  return matches;
}

/** The routes declared on exactly this resource template (an API Gateway event's `resource`). */
export function routesOfResource(resource: string | undefined): ApiRoute[] {
  return API_ROUTES.filter((route) => route.path === resource);
}

/** Strips a stage or base-path prefix so `/prod/v1/datasets` and `/v1/datasets` match alike. */
export function withoutStagePrefix(path: string): string {
  const index = path.indexOf('/v1/');
  return index === -1 ? path : path.slice(index);
}
