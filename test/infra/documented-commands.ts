import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../lib/project-paths';

/** One `cdk deploy|synth` command line as a document gives it. */
export interface DocumentedCommand {
  /** Where it was found: `README.md:28`. */
  readonly source: string;
  readonly text: string;
  /** Its `-c key=value` pairs, placeholders replaced with sample values. */
  readonly context: Readonly<Record<string, string>>;
  /** Stack names it selects (none: every stack of the app). */
  readonly stacks: readonly string[];
}

/** Sample values for the placeholders the documents write (`<owner>/<repo>`, `<account>`). */
const PLACEHOLDERS: readonly [RegExp, string][] = [
  [/<owner>\/<repo>/g, 'acme/lakeline'],
  [/<account>/g, '123456789012'],
];

const DOCUMENTS = [
  'README.md',
  'docs/runbook.md',
  ...readdirSync(join(projectRoot, '.github/workflows')).map((f) => `.github/workflows/${f}`),
];

/**
 * Every `npx cdk deploy` or `npx cdk synth` command line in the README, the runbook and the workflows, continuation lines
 * joined and optional `[-c …]` parts included, so the tests synthesise exactly what the documents tell users to run.
 */
export function documentedCdkCommands(): DocumentedCommand[] {
  return DOCUMENTS.flatMap((document) => {
    const lines = readFileSync(join(projectRoot, document), 'utf8').split('\n');
    const commands: DocumentedCommand[] = [];
    for (let index = 0; index < lines.length; index++) {
      const start = index;
      let text = lines[index] ?? '';
      while (text.trimEnd().endsWith('\\') && index + 1 < lines.length) text = `${text.trimEnd().slice(0, -1)} ${lines[++index]}`;
      const match = /\bnpx cdk (deploy|synth)\b([^`#)\n]*)/.exec(text);
      if (!match) continue;
      let args = match[2] ?? '';
      for (const [pattern, value] of PLACEHOLDERS) args = args.replace(pattern, value);
      const words = args.replaceAll(/[[\]]/g, ' ').split(/\s+/).filter(Boolean);
      const context: Record<string, string> = {};
      const stacks: string[] = [];
      for (let w = 0; w < words.length; w++) {
        const word = words[w] as string;
        if (word === '-c' || word === '--context') {
          const [key, ...value] = (words[++w] ?? '').split('=');
          if (key) context[key] = value.join('=');
        } else if (word.startsWith('-')) {
          if (['--outputs-file', '--require-approval', '-o', '--output'].includes(word)) w++;
        } else if (/^[A-Za-z][A-Za-z0-9-]*$/.test(word)) stacks.push(word);
      }
      commands.push({ source: `${document}:${start + 1}`, text: match[0].trim(), context, stacks });
    }
    return commands;
  });
}
