/** What a KMS key policy statement means, where it differs from an identity policy's. */
import type { PolicyStatement, TemplateResource } from './policy-statements';

/**
 * A statement of a key policy: there `Resource: "*"` means the key the policy is attached to, nothing else.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html
 */
export function isKeyPolicyStatement(resources: Record<string, TemplateResource>, owner: string): boolean {
  return resources[owner]?.Type === 'AWS::KMS::Key';
}

/**
 * The default key policy statement, `kms:*` for the key's own account: it gives no principal access by itself but lets
 * the account's IAM policies grant it (those are held to no wildcard action), and without it the key could become
 * unmanageable. https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html#key-policy-default-allow-root-enable-iam
 */
export function isDefaultKeyPolicyStatement(
  resources: Record<string, TemplateResource>,
  owner: string,
  statement: PolicyStatement,
): boolean {
  const principal = JSON.stringify((statement.Principal as { AWS?: unknown } | undefined)?.AWS ?? null);
  return (
    isKeyPolicyStatement(resources, owner) &&
    JSON.stringify(statement.Action) === '"kms:*"' &&
    /:root"/.test(principal) &&
    /AWS::AccountId|:iam::\d{12}:root/.test(principal)
  );
}
