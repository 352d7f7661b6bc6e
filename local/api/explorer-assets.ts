import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DOCS_CONTENT_SECURITY_POLICY, DOCS_PAGE, DOCS_SCRIPT, EXPLORER_PATHS } from './docs-page';

interface Asset {
  readonly contentType: string;
  /** The body itself, or a file of the swagger-ui-dist package. */
  readonly source: { readonly text: string } | { readonly packageFile: string };
  readonly headers?: Record<string, string>;
}

const HTML = 'text/html; charset=utf-8';
const JAVASCRIPT = 'text/javascript; charset=utf-8';
const PNG = 'image/png';

const page: Asset = {
  contentType: HTML,
  source: { text: DOCS_PAGE },
  headers: { 'content-security-policy': DOCS_CONTENT_SECURITY_POLICY, 'cache-control': 'no-store' },
};

const ASSETS: ReadonlyMap<string, Asset> = new Map([
  ['/', page],
  ['/docs', page],
  ['/docs/', page],
  [EXPLORER_PATHS.script, { contentType: JAVASCRIPT, source: { text: DOCS_SCRIPT } }],
  [EXPLORER_PATHS.bundle, { contentType: JAVASCRIPT, source: { packageFile: 'swagger-ui-bundle.js' } }],
  [EXPLORER_PATHS.styles, { contentType: 'text/css; charset=utf-8', source: { packageFile: 'swagger-ui.css' } }],
  [EXPLORER_PATHS.icon32, { contentType: PNG, source: { packageFile: 'favicon-32x32.png' } }],
  [EXPLORER_PATHS.icon16, { contentType: PNG, source: { packageFile: 'favicon-16x16.png' } }],
  // Browsers ask for /favicon.ico on their own; a PNG is fine there, its content type says what it is.
  ['/favicon.ico', { contentType: PNG, source: { packageFile: 'favicon-32x32.png' } }],
]);

// package.json has no "exports" map, so any file of the package resolves; its directory holds the built files.
const packageDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const fileCache = new Map<string, Promise<Buffer>>();

function packageFile(name: string): Promise<Buffer> {
  let cached = fileCache.get(name);
  if (cached === undefined) {
    cached = readFile(join(packageDir, name));
    cached.catch(() => fileCache.delete(name));
    fileCache.set(name, cached);
  }
  return cached;
}

/** Whether `path` is a file of the API explorer; a GET for one is answered here, never by the API's proxy. */
export function isExplorerAsset(path: string): boolean {
  return ASSETS.has(path);
}

/** Answers a GET for one of the explorer's files (`isExplorerAsset`) with its content type. */
export async function writeExplorerAsset(path: string, response: ServerResponse): Promise<void> {
  const asset = ASSETS.get(path);
  if (asset === undefined) throw new Error(`${path} is not a file of the API explorer`);
  const body = 'text' in asset.source ? Buffer.from(asset.source.text) : await packageFile(asset.source.packageFile);
  response.writeHead(200, {
    'content-type': asset.contentType,
    'content-length': String(body.length),
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    ...asset.headers,
  });
  response.end(body);
}
