/**
 * A self-contained API explorer for `/v1/openapi.json` (no CDN is reachable offline): it lists every
 * operation with its parameters and lets you send the request and see the answer.
 */
export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Lakeline API (local)</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 960px; padding: 1rem 1.5rem; color: #1d2733; }
  h1 { margin-bottom: .2rem; } .muted { color: #5b6b7b; }
  details { border: 1px solid #d4dbe3; border-radius: 6px; margin: .7rem 0; }
  summary { cursor: pointer; padding: .6rem .8rem; font-weight: 600; }
  .method { display: inline-block; min-width: 3.5rem; font-family: monospace; color: #fff; background: #2f7d4f; border-radius: 4px; padding: 0 .4rem; margin-right: .5rem; text-align: center; }
  .op { padding: 0 1rem 1rem; }
  label { display: grid; grid-template-columns: 12rem 1fr; gap: .5rem; align-items: center; margin: .3rem 0; font-family: monospace; }
  input { padding: .3rem; font-family: monospace; }
  button { padding: .4rem 1rem; margin-top: .5rem; cursor: pointer; }
  pre { background: #f4f6f8; padding: .7rem; overflow: auto; max-height: 28rem; border-radius: 4px; }
  .required::after { content: " *"; color: #b3261e; }
</style>
</head>
<body>
<h1>Lakeline API</h1>
<p class="muted">Local mode: no API key is needed. Document: <a href="/v1/openapi.json">/v1/openapi.json</a></p>
<div id="info"></div>
<div id="operations">Loading the OpenAPI document…</div>
<script>
const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

function resolveRef(doc, item) {
  if (!item || !item.$ref) return item;
  return item.$ref.replace(/^#\\//, '').split('/').reduce((node, key) => (node ? node[key] : undefined), doc) || item;
}

function renderOperation(doc, path, method, op, pathItem) {
  const params = [...(pathItem.parameters || []), ...(op.parameters || [])].map((p) => resolveRef(doc, p));
  const id = (method + path).replace(/[^a-z0-9]/gi, '_');
  const fields = params.map((p) => {
    const hint = p.schema ? (p.schema.type || '') + (p.schema.format ? ' (' + p.schema.format + ')' : '') : '';
    const example = p.example ?? (p.schema && p.schema.example) ?? '';
    return '<label title="' + escapeHtml(p.description || '') + '"><span class="' + (p.required ? 'required' : '') + '">' + escapeHtml(p.name) +
      ' <small class="muted">' + escapeHtml(p.in) + ' ' + escapeHtml(hint) + '</small></span>' +
      '<input data-name="' + escapeHtml(p.name) + '" data-in="' + escapeHtml(p.in) + '" placeholder="' + escapeHtml(example) + '"></label>';
  }).join('');
  return '<details><summary><span class="method">' + method.toUpperCase() + '</span>' + escapeHtml(path) +
    ' <span class="muted">' + escapeHtml(op.summary || '') + '</span></summary><div class="op" id="' + id + '">' +
    '<p>' + escapeHtml(op.description || '') + '</p>' + fields +
    '<button data-path="' + escapeHtml(path) + '" data-method="' + method + '">Send</button><pre hidden></pre></div></details>';
}

async function send(button) {
  const container = button.parentElement;
  let path = button.dataset.path;
  const query = new URLSearchParams();
  const headers = {};
  for (const input of container.querySelectorAll('input')) {
    if (input.value === '') continue;
    if (input.dataset.in === 'path') path = path.replace('{' + input.dataset.name + '}', encodeURIComponent(input.value));
    else if (input.dataset.in === 'header') headers[input.dataset.name] = input.value;
    else query.append(input.dataset.name, input.value);
  }
  const url = path + (query.toString() ? '?' + query : '');
  const out = container.querySelector('pre');
  out.hidden = false;
  out.textContent = 'GET ' + url + ' …';
  const started = performance.now();
  try {
    const response = await fetch(url, { method: button.dataset.method.toUpperCase(), headers });
    const text = await response.text();
    let body = text;
    try { body = JSON.stringify(JSON.parse(text), null, 2); } catch {}
    out.textContent = 'GET ' + url + '\\n' + response.status + ' ' + response.statusText + ' in ' + Math.round(performance.now() - started) + ' ms\\n\\n' + body;
  } catch (error) {
    out.textContent = 'Request failed: ' + error;
  }
}

async function main() {
  const target = document.getElementById('operations');
  try {
    const doc = await (await fetch('/v1/openapi.json')).json();
    document.getElementById('info').innerHTML = '<h2>' + escapeHtml(doc.info && doc.info.title || '') + ' <small class="muted">' +
      escapeHtml(doc.info && doc.info.version || '') + '</small></h2><p>' + escapeHtml(doc.info && doc.info.description || '') + '</p>';
    const parts = [];
    for (const [path, item] of Object.entries(doc.paths || {})) {
      for (const method of ['get', 'post', 'put', 'delete', 'patch']) {
        if (item[method]) parts.push(renderOperation(doc, path, method, item[method], item));
      }
    }
    target.innerHTML = parts.join('') || 'The document lists no operations.';
    for (const button of target.querySelectorAll('button')) button.addEventListener('click', () => send(button));
  } catch (error) {
    target.textContent = 'Could not load /v1/openapi.json: ' + error;
  }
}
main();
</script>
</body>
</html>
`;
