/** Reading IAM statements out of a synthesised template, for the least-privilege and security checks. */

export interface PolicyStatement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: unknown;
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
  readonly Sid?: string;
}

export interface TemplateResource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
}

export const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Every statement of every policy document (identity, resource and trust policies) with its owner's logical id. */
export function statementsOf(resources: Record<string, TemplateResource>): { owner: string; statement: PolicyStatement }[] {
  const found: { owner: string; statement: PolicyStatement }[] = [];
  const visit = (owner: string, value: unknown): void => {
    if (Array.isArray(value)) for (const item of value) visit(owner, item);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (Array.isArray(record.Statement)) for (const statement of record.Statement as PolicyStatement[]) found.push({ owner, statement });
      else for (const child of Object.values(record)) visit(owner, child);
    }
  };
  for (const [logicalId, resource] of Object.entries(resources)) visit(logicalId, resource.Properties);
  return found;
}
