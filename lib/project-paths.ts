import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root: the esbuild project root and the home of `package-lock.json`. */
export const projectRoot = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');

/** Entry file of a Lambda handler folder under `lambdas/`. */
export function lambdaEntry(handlerFolder: string): string {
  return join(projectRoot, 'lambdas', handlerFolder, 'index.ts');
}
