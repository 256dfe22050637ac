/**
 * Who-can over a resource whose policy lets in an account the model does not describe, or a principal of one: a
 * bucket shared with a partner account, a key policy naming another account's role, a role trusted by a CI account.
 * Those callers can make the request given their own permission, which the model cannot list; the answer must say so
 * rather than read as if the principals listed were all who can.
 */
import { arnComponents, isAccountId } from '../arn';
import { grantReason, capitalise, outsidePrincipalSentence, statementLabel, outsideAccountSentence, trustedAccountSentence } from '../explain';
import type { EvaluationResult, RequestProblem, StatementTrace } from '../evaluator';
import { outsider, type LoadedModel, type PolicyDocument, type Requester } from '../model';

/** Who an Allow of the policy names outside the model: a whole account, or one user or role of it. */
interface Outside {
  readonly account: string;
  /** The user's or role's ARN; undefined for the account (its root, or its bare id). */
  readonly principal?: Requester;
}

/**
 * The notices for the request's resource: a role's trust policy (code `trustedAccount`), or the resource's own policy
 * (`outsideAccount`). Each account or principal is asked as the caller; when a statement lets it in, or keeps it out
 * only by conditions (an external ID, an organization path), the notice names it and the statement.
 */
export function outsidersLetIn(
  model: LoadedModel,
  request: { readonly resource: string },
  evaluateFor: (requester: Requester) => EvaluationResult,
): RequestProblem[] {
  const trust = model.principal(request.resource)?.trustPolicy;
  const policy = trust ?? model.resource(request.resource)?.policy;
  if (policy === undefined) return [];
  // Nothing is reached across partitions: only callers of the resource's own partition are let in.
  const partition = arnComponents(request.resource)[1] || 'aws';
  const notices: RequestProblem[] = [];
  for (const outside of namedOutside(model, policy, partition)) {
    const caller = outside.principal ?? outsider(outside.account, partition);
    const answer = evaluateFor(caller);
    const reason = answer.decision === 'allowed' ? grantReason(answer) : undefined;
    const conditional = answer.decision === 'implicitDeny' ? answer.nearMisses.find(allowsButForConditions) : undefined;
    const statement = reason !== undefined && 'statement' in reason ? reason.statement : conditional;
    if (statement === undefined) continue;
    const label = capitalise(statementLabel(statement));
    const whenConditionsHold = conditional !== undefined;
    const message =
      outside.principal !== undefined
        ? outsidePrincipalSentence(label, outside.principal.arn, outside.account, whenConditionsHold)
        : trust !== undefined
          ? trustedAccountSentence(label, outside.account, whenConditionsHold)
          : outsideAccountSentence(label, outside.account, whenConditionsHold);
    notices.push({ message, code: trust !== undefined ? 'trustedAccount' : 'outsideAccount', part: 'resource' });
  }
  return notices;
}

/** An Allow statement that would apply but for its conditions: every other element matched. */
export function allowsButForConditions(statement: StatementTrace): boolean {
  return statement.effect === 'Allow' && statement.elements.every((e) => e.matched || e.element === 'Condition');
}

/**
 * The accounts and principals the policy's `AWS` principals name that the model does not describe, of the partition,
 * in order of account and then ARN. A pattern (`*`, a wildcard in an ARN) is not one: AWS allows none but `*` there,
 * and `*` is who-can's `openToAnyone`.
 */
function namedOutside(model: LoadedModel, policy: PolicyDocument, partition: string): Outside[] {
  const found = new Map<string, Outside>();
  for (const statement of policy.parsed.document?.statements ?? []) {
    for (const entry of statement.principal?.entries ?? []) {
      if (entry.type !== 'AWS') continue;
      for (const { value } of entry.values) {
        const outside = outsideOf(value, partition);
        if (outside !== undefined && model.account(outside.account) === undefined) found.set(outside.principal?.arn ?? outside.account, outside);
      }
    }
  }
  return [...found.values()].sort((a, b) => a.account.localeCompare(b.account) || (a.principal?.arn ?? '').localeCompare(b.principal?.arn ?? ''));
}

/** `111122223333`, `arn:aws:iam::111122223333:root`, or an IAM user's or role's ARN of the partition. */
function outsideOf(value: string, partition: string): Outside | undefined {
  if (isAccountId(value)) return { account: value };
  const [prefix, ofPartition, service, region, account = '', resource = ''] = arnComponents(value);
  if (prefix !== 'arn' || ofPartition !== partition || service !== 'iam' || region !== '' || !isAccountId(account) || /[*?]/.test(resource)) return undefined;
  if (resource === 'root') return { account };
  const kind = /^(user|role)\//.exec(resource)?.[1];
  if (kind !== 'user' && kind !== 'role') return undefined;
  const name = resource.slice(resource.lastIndexOf('/') + 1);
  return name === '' ? undefined : { account, principal: { arn: value, kind, name, accountId: account } };
}
