/**
 * The API explorer at `/docs`: Swagger UI from the swagger-ui-dist package, every file served by the local server
 * itself, so the page works offline and sends nothing to another host.
 */

/** Where the page loads its files from; explorer-assets.ts serves exactly these paths. */
export const EXPLORER_PATHS = {
  script: '/docs/explorer.js',
  bundle: '/docs/swagger-ui-bundle.js',
  styles: '/docs/swagger-ui.css',
  icon32: '/docs/favicon-32x32.png',
  icon16: '/docs/favicon-16x16.png',
} as const;

/**
 * Only this origin may provide scripts, styles, images and connections. Swagger UI sets styles through the DOM
 * (allowed without 'unsafe-inline') and its stylesheet embeds its icons as data: URIs.
 * https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Content-Security-Policy
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Lakeline API (local)</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" type="image/png" href="${EXPLORER_PATHS.icon32}" sizes="32x32">
<link rel="icon" type="image/png" href="${EXPLORER_PATHS.icon16}" sizes="16x16">
<link rel="stylesheet" href="${EXPLORER_PATHS.styles}">
</head>
<body>
<div id="swagger-ui"><p>Loading the OpenAPI document <a href="/v1/openapi.json">/v1/openapi.json</a>…</p></div>
<script src="${EXPLORER_PATHS.bundle}"></script>
<script src="${EXPLORER_PATHS.script}"></script>
</body>
</html>
`;

/**
 * Starts Swagger UI on the local API's own document. The document's `servers` name a deployed stage first, then port
 * 3000; the copy shown lists this page's origin alone, so "Try it out" calls the server the page came from, whatever its
 * port.
 * `validatorUrl: null` keeps Swagger UI from sending the document to validator.swagger.io
 * (https://swagger.io/docs/open-source-tools/swagger-ui/usage/configuration/).
 */
export const DOCS_SCRIPT = `'use strict';
(async () => {
  const target = document.getElementById('swagger-ui');
  try {
    const response = await fetch('/v1/openapi.json', { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error('HTTP ' + response.status);
    const spec = await response.json();
    spec.servers = [{ url: window.location.origin, description: 'This local server (no API key needed)' }];
    window.ui = SwaggerUIBundle({
      spec,
      domNode: target,
      presets: [SwaggerUIBundle.presets.apis],
      layout: 'BaseLayout',
      validatorUrl: null,
      deepLinking: true,
      displayRequestDuration: true,
    });
  } catch (error) {
    target.textContent = 'Could not load /v1/openapi.json: ' + error;
  }
})();
`;
