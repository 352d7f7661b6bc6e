/**
 * The AWS API calls the project's own code makes, read from the sources so the IAM evaluation cannot drift from them:
 * every `new <Name>Command(` of a command and every `paginate<Name>(` call of a paginator imported from
 * `@aws-sdk/client-<service>` (a paginator sends the `<Name>` command once per page), and every `aws <service> <command>`
 * and `cdk deploy` in the GitHub workflows, with the role the workflow job assumed before it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectRoot } from '../../lib/project-paths';

export interface SdkCall {
  /** Source file, relative to the repository root. */
  readonly site: string;
  /** The IAM action that authorises the command, e.g. `s3:PutObject`. */
  readonly action: string;
  /** The command, or the paginator that sends it. */
  readonly command: string;
}

export interface SdkScan {
  readonly calls: readonly SdkCall[];
  /**
   * AWS SDK imports the scan cannot map to API calls (aggregated clients, waiters, other `@aws-sdk/*` packages,
   * namespace imports): each could call AWS without a `new …Command(` in sight, so any of them fails the check.
   */
  readonly unreadable: readonly string[];
}

export interface WorkflowCall {
  readonly site: string;
  readonly line: number;
  readonly job: string;
  /** `aws <service> <command>`, `cdk deploy`, or an entry point such as `npm run smoke`. */
  readonly call: string;
  /** The GitHub variable holding the role the job assumed last before this line (`vars.AWS_SMOKE_ROLE_ARN`). */
  readonly roleVariable: string | undefined;
}

/** IAM service prefix of each SDK client package in use; a new package needs its prefix here. */
const SERVICE_PREFIX: Record<string, string> = {
  '@aws-sdk/client-athena': 'athena',
  '@aws-sdk/client-glue': 'glue',
  '@aws-sdk/client-s3': 's3',
  '@aws-sdk/client-sns': 'sns',
  '@aws-sdk/client-sqs': 'sqs',
};

/**
 * Commands authorised by an action of another name. SNS has no `PublishBatch` action: the Service Authorization
 * Reference lists only `Publish`, which PublishBatch requires for every entry.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html
 */
const ACTION_OF_COMMAND: Record<string, string> = { 'sns:PublishBatch': 'sns:Publish' };

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'test', 'cdk.out', '.lakeline', 'coverage']);

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return SKIPPED_FOLDERS.has(entry.name) ? [] : sourceFiles(join(folder, entry.name));
    return /\.(ts|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [join(folder, entry.name)] : [];
  });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The SDK calls of one source text. */
export function sdkCallsIn(site: string, text: string): SdkScan {
  const calls: SdkCall[] = [];
  const unreadable: string[] = [];
  for (const match of text.matchAll(/import\s+(type\s+)?([^;]*?)\s+from\s+['"](@aws-sdk\/[^'"]+)['"]/g)) {
    const [, typeOnly, clause = '', pkg = ''] = match;
    if (typeOnly) continue;
    const prefix = SERVICE_PREFIX[pkg];
    const named = /^\{([^}]*)\}$/.exec(clause.trim());
    if (!prefix || !named) {
      unreadable.push(`${site}: import ${clause.trim()} from '${pkg}'`);
      continue;
    }
    for (const specifier of (named[1] ?? '').split(',').map((part) => part.trim())) {
      if (specifier === '' || specifier.startsWith('type ')) continue;
      const [exported = '', local = exported] = specifier.split(/\s+as\s+/);
      if (/(Client|Exception)$/.test(exported)) continue;
      const operation = /^paginate([A-Z]\w*)$/.exec(exported)?.[1] ?? /^(\w+)Command$/.exec(exported)?.[1];
      if (operation === undefined) {
        unreadable.push(`${site}: ${exported} from '${pkg}'`);
        continue;
      }
      const called = exported.endsWith('Command') ? `new\\s+${escapeRegExp(local)}\\s*\\(` : `\\b${escapeRegExp(local)}\\s*\\(`;
      if (!new RegExp(called).test(text)) continue;
      const action = `${prefix}:${operation}`;
      calls.push({ site, command: exported, action: ACTION_OF_COMMAND[action] ?? action });
    }
  }
  return { calls, unreadable };
}

/** Every SDK call in the repository's TypeScript outside `test/`. */
export function sdkCallsInSources(root = projectRoot): SdkScan {
  const scans = sourceFiles(root).map((file) => sdkCallsIn(relative(root, file), readFileSync(file, 'utf8')));
  return { calls: scans.flatMap((scan) => scan.calls), unreadable: scans.flatMap((scan) => scan.unreadable) };
}

const CLI_CALL = /(?:^|[\s"'(=|;&])(aws [a-z0-9-]+ [a-z0-9-]+|cdk (?:deploy|destroy|diff|bootstrap|import|watch)|npm run smoke)\b/g;

/** The AWS-touching commands of one workflow text, each with the role its job assumed last. */
export function workflowCallsIn(site: string, text: string): WorkflowCall[] {
  const calls: WorkflowCall[] = [];
  let inJobs = false;
  let job = '';
  let roleVariable: string | undefined;
  text.split('\n').forEach((line, index) => {
    if (/^jobs:\s*$/.test(line)) inJobs = true;
    const jobHeader = /^ {2}([A-Za-z0-9_-]+):\s*$/.exec(line);
    if (inJobs && jobHeader) {
      job = jobHeader[1] ?? '';
      roleVariable = undefined;
    }
    const role = /role-to-assume:\s*\$\{\{\s*vars\.(\w+)\s*\}\}/.exec(line);
    if (role) roleVariable = role[1];
    // Comments and step names describe commands; only run lines execute them.
    if (/^\s*(#|-?\s*name:)/.test(line)) return;
    for (const match of line.matchAll(CLI_CALL)) {
      calls.push({ site, line: index + 1, job, call: match[1] ?? '', roleVariable });
    }
  });
  return calls;
}

export function workflowCallsInRepository(root = projectRoot): WorkflowCall[] {
  const folder = join(root, '.github/workflows');
  return readdirSync(folder)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .flatMap((name) => workflowCallsIn(`.github/workflows/${name}`, readFileSync(join(folder, name), 'utf8')));
}
