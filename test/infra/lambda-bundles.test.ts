import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildLakelineApp } from './synth-lakeline';

interface FunctionResource {
  readonly Type: string;
  readonly Properties: { readonly FunctionName: string; readonly Handler: string; readonly Code: { readonly S3Key: string } };
}

describe('Lambda bundles', () => {
  const { app, stack } = buildLakelineApp({ bundle: true });
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template as { Resources: Record<string, FunctionResource> };
  const functions = Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::Lambda::Function');
  /** The staged bundle of a function: the asset directory named after the S3 key's hash. */
  const bundleOf = (fn: FunctionResource) =>
    join(assembly.directory, `asset.${fn.Properties.Code.S3Key.replace(/\.zip$/, '')}`, 'index.mjs');

  it('bundles the ingest, query and compaction handlers with the local esbuild', () => {
    expect(functions.map((fn) => fn.Properties.FunctionName).sort()).toEqual([
      'lakeline-dev-compaction',
      'lakeline-dev-passengers-ingest',
      'lakeline-dev-query',
      'lakeline-dev-smoke_checks-ingest',
    ]);
    for (const fn of functions) {
      // Act
      const bundle = bundleOf(fn);

      // Assert
      expect(fn.Properties.Handler).toBe('index.handler');
      expect(existsSync(bundle), bundle).toBe(true);
      expect(existsSync(`${bundle}.map`)).toBe(true);
    }
  });

  it('emits ESM that gives bundled CommonJS dependencies a require function', () => {
    for (const fn of functions) {
      // Act
      const code = readFileSync(bundleOf(fn), 'utf8');

      // Assert
      expect(code.startsWith("import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);")).toBe(true);
      expect(code).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
    }
  });
});
