/** Predicates over IAM statements for the security tests, kept apart so each can be shown a planted violation. */
import { isDefaultKeyPolicyStatement } from './key-policies';
import { asList, type PolicyStatement, statementsOf, type TemplateResource } from './policy-statements';

type Resources = Record<string, TemplateResource>;
type OwnedStatement = { owner: string; statement: PolicyStatement };

/**
 * Whether a principal names everyone: `"*"`, or `"*"` as (or among) the values of any principal type, such as
 * `{"AWS": "*"}` or `{"AWS": ["*"]}`. IAM treats `{"AWS": "*"}` like `"*"`:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous
 */
export function isPublicPrincipal(principal: unknown): boolean {
  if (principal === '*') return true;
  if (!principal || typeof principal !== 'object') return false;
  return Object.values(principal as Record<string, unknown>).some((value) => asList(value as string | string[]).includes('*'));
}

/** Allow statements with a wildcard action (`*`, `s3:*`, `s3:Get*`) or a NotAction, except the account's default key statement. */
export function wildcardActionAllows(resources: Resources): OwnedStatement[] {
  return statementsOf(resources).filter(
    ({ owner, statement }) =>
      statement.Effect === 'Allow' &&
      !isDefaultKeyPolicyStatement(resources, owner, statement) &&
      (statement.NotAction !== undefined || asList(statement.Action).some((action) => action.includes('*'))),
  );
}

/** Allow statements to everyone (or NotPrincipal, which allows everyone but the named) with no condition narrowing them. */
export function unconditionalPublicAllows(resources: Resources): OwnedStatement[] {
  return statementsOf(resources).filter(
    ({ statement }) =>
      statement.Effect === 'Allow' &&
      (isPublicPrincipal(statement.Principal) || statement.NotPrincipal !== undefined) &&
      Object.keys(statement.Condition ?? {}).length === 0,
  );
}
