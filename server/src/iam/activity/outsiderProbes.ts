import { parseArn } from '../arn';
import type { LoadedModel } from '../model';
import { outsider, unusedAccount } from '../model/requesters';
import type { StatementNode } from '../parser';
import { fillWildcards } from './policyProbes';

/**
 * Principals of accounts neither model describes, for a diff of a resource, trust or RCP policy: what a policy lets in
 * from outside is new access as much as what it lets in from inside. Each is mapped to whom it stands for.
 *
 * - An account a statement names (its id or its root, in Principal or NotPrincipal, or in a condition on
 *   `aws:PrincipalAccount` or `kms:CallerAccount`) is asked as its `outsider` user, standing for its users and roles.
 * - A user or role a statement names (in Principal, or a pattern of `aws:PrincipalArn`, wildcards filled in) is asked
 *   by its own ARN; a canonical user ID by itself; in a role trust policy (`trusts`), an identity provider's ARN
 *   (Federated), the only place AWS lets one in.
 * - An account nobody names stands for anyone: for `"*"`, and for an RCP that no longer keeps outsiders out.
 *
 * Only principals of the model's partition are asked: no role or resource is reached across partitions. Their own
 * accounts' policies are taken to allow what they ask, as the evaluator takes them. Left out (a limit the docs state):
 * an outsider's organization (`aws:PrincipalOrgID` of another organization) and web identity providers named by
 * domain (`accounts.google.com`).
 */
export function outsiders(
  models: readonly LoadedModel[],
  statements: readonly StatementNode[],
  trusts: ReadonlySet<StatementNode> = new Set(),
): Map<string, string | undefined> {
  const found = new Map<string, string | undefined>();
  const partition = partitionOf(models);
  const named = new Set<string>();
  const outside = (account: string): boolean => !models.some((model) => model.account(account) !== undefined);
  const standFor = (account: string): void => {
    named.add(account);
    if (outside(account))
      found.set(outsider(account, partition).arn, `any IAM user or role of account ${account}, which the model does not describe, that its own policies allow`);
  };
  const byArn = (arn: string, account: string): void => {
    named.add(account);
    if (outside(account)) found.set(arn, `a principal of account ${account}, which the model does not describe`);
  };
  for (const statement of statements) {
    for (const entry of [...(statement.principal?.entries ?? []), ...(statement.notPrincipal?.entries ?? [])]) {
      for (const { value } of entry.values) {
        if (value.includes('*') || value.includes('?')) continue;
        if (entry.type === 'CanonicalUser') found.set(value, 'the AWS account or user of this canonical user ID');
        const arn = parseArn(value);
        if (entry.type === 'Federated' && trusts.has(statement) && arn?.partition === partition)
          found.set(value, 'anyone who signs in through this identity provider');
        if (entry.type !== 'AWS') continue;
        if (/^\d{12}$/.test(value)) standFor(value);
        else if (arn !== undefined && arn.partition === partition && /^(iam|sts)$/.test(arn.service) && /^\d{12}$/.test(arn.account)) {
          if (arn.resource === 'root') standFor(arn.account);
          else byArn(value, arn.account);
        }
      }
    }
    for (const { key, value } of conditionValues(statement)) {
      if (/^(aws:PrincipalAccount|kms:CallerAccount)$/i.test(key) && /^\d{12}$/.test(value)) standFor(value);
      const arn = /^aws:PrincipalArn$/i.test(key) ? parseArn(value) : undefined;
      if (arn !== undefined && arn.partition === partition && /^\d{12}$/.test(arn.account)) byArn(fillWildcards(value), arn.account);
    }
  }
  found.set(outsider(unusedAccount(models, named), partition).arn, 'anyone in an account the model does not describe');
  return found;
}

/** A service principal (`sns.amazonaws.com`), which alone sends the keys only a service's request carries. */
export function isServicePrincipal(principal: string): boolean {
  return !principal.startsWith('arn:') && principal.includes('.');
}

function conditionValues(statement: StatementNode): { key: string; value: string }[] {
  return (statement.condition?.operators ?? []).flatMap((operator) =>
    operator.keys.flatMap((key) => key.values.map((v) => ({ key: key.key, value: String(v.value) }))),
  );
}

/** The partition the model's principals are in (`aws` when it has none). */
function partitionOf(models: readonly LoadedModel[]): string {
  for (const model of models) {
    const principal = model.principals()[0];
    const partition = principal !== undefined ? parseArn(principal.arn)?.partition : undefined;
    if (partition !== undefined) return partition;
  }
  return 'aws';
}
