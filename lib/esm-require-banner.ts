/** esbuild emits ESM; some bundled CommonJS dependencies still call `require`, so the bundle gives them one. */
export const ESM_REQUIRE_BANNER = "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";
