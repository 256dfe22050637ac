/**
 * Who-can over a resource whose policy lets in an account the model does not describe, or a principal of one: a
 * bucket shared with a partner account, a key policy naming another account's role, a role trusted by a CI account.
 * Those callers can make the request given their own permission, which the model cannot list; the answer must say so
 * rather than read as if the principals listed were all who can.
 */
import { arnComponents, iamUserOrRole, isAccountId, parseArn } from '../arn';
import { capitalise, moreOutsidersSentence, outsidePrincipalSentence, statementLabel, outsideAccountSentence, trustedAccountSentence } from '../explain';
import type { EvaluationResult, RequestProblem, StatementTrace } from '../evaluator';
import { outsider, type LoadedModel, type PolicyDocument, type Requester } from '../model';

/** Who an Allow of the policy names outside the model: a whole account, or one user or role of it. */
interface Outside {
  readonly account: string;
  /** The user's or role's ARN; undefined for the account (its root, or its bare id). */
  readonly principal?: Requester;
  /** The Allow statements that name it (their places in the policy), none of which lets anyone in. */
  readonly statements: number[];
}

/** More would be a list nobody reads: a key policy naming hundreds of accounts is summed up after these. */
const MAX_NAMED = 20;

/**
 * The notices for the request's resource: a role's trust policy (code `trustedAccount`), or the resource's own policy
 * (`outsideAccount`). Each account or principal is asked as the caller; when an Allow statement that names it lets it
 * in, or keeps it out only by its conditions (an external ID, an organization path), the notice names it and that
 * statement. A statement that lets anyone in is `openToAnyone`'s to say; one that only denies lets no one in.
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
  const code = trust !== undefined ? 'trustedAccount' : 'outsideAccount';
  const named = namedOutside(model, policy, partition);
  const notices: RequestProblem[] = [];
  for (const outside of named.slice(0, MAX_NAMED)) {
    const answer = evaluateFor(outside.principal ?? outsider(outside.account, partition));
    const traces = answer.layers
      .filter((layer) => POLICY_SIDE.has(layer.kind))
      .flatMap((layer) => layer.policies.flatMap((p) => p.statements))
      .filter((s) => s.effect === 'Allow' && outside.statements.includes(s.statementIndex));
    const granting = answer.decision === 'allowed' ? traces.find((s) => s.applies) : undefined;
    const conditional = granting === undefined && answer.decision === 'implicitDeny' ? traces.find(allowsButForConditions) : undefined;
    const statement = granting ?? conditional;
    if (statement === undefined) continue;
    const label = capitalise(statementLabel(statement));
    const whenConditionsHold = conditional !== undefined;
    const message =
      outside.principal !== undefined
        ? outsidePrincipalSentence(label, outside.principal.arn, outside.account, whenConditionsHold)
        : trust !== undefined
          ? trustedAccountSentence(label, outside.account, whenConditionsHold)
          : outsideAccountSentence(label, outside.account, whenConditionsHold);
    notices.push({ message, code, part: 'resource' });
  }
  if (named.length > MAX_NAMED) notices.push({ message: moreOutsidersSentence(named.length - MAX_NAMED), code, part: 'resource' });
  return notices;
}

/** The layers that hold the resource's own policy (or the role's trust policy). */
const POLICY_SIDE: ReadonlySet<string> = new Set(['resource', 'trust', 'keyPolicy']);

/** An Allow statement that would apply but for its conditions: every other element matched. */
export function allowsButForConditions(statement: StatementTrace): boolean {
  return statement.effect === 'Allow' && statement.elements.every((e) => e.matched || e.element === 'Condition');
}

/**
 * The accounts and principals the `AWS` principals of the policy's Allow statements name that the model does not
 * describe, of the partition, in order of account and then ARN. A pattern (`*`, a wildcard in an ARN) is not one:
 * AWS allows none but `*` there, and a statement that lets `*` in is who-can's `openToAnyone`.
 */
function namedOutside(model: LoadedModel, policy: PolicyDocument, partition: string): Outside[] {
  const found = new Map<string, Outside>();
  policy.parsed.document?.statements.forEach((statement, index) => {
    if (statement.effect?.value !== 'Allow') return;
    const values = (statement.principal?.entries ?? []).filter((entry) => entry.type === 'AWS').flatMap((entry) => entry.values.map((v) => v.value));
    if (statement.principal?.bare !== undefined || values.includes('*')) return;
    for (const value of values) {
      const outside = outsideOf(value, partition);
      if (outside === undefined || model.account(outside.account) !== undefined) continue;
      const key = outside.principal?.arn ?? outside.account;
      const known = found.get(key);
      if (known !== undefined) known.statements.push(index);
      else found.set(key, { ...outside, statements: [index] });
    }
  });
  return [...found.values()].sort((a, b) => a.account.localeCompare(b.account) || (a.principal?.arn ?? '').localeCompare(b.principal?.arn ?? ''));
}

/**
 * `111122223333`, `arn:aws:iam::111122223333:root`, or the ARN of the partition of an IAM user or role, a role session
 * (`arn:aws:sts::111122223333:assumed-role/Role/session`) or a federated user (`…:federated-user/name`): a Principal
 * may name each, and each makes requests as itself.
 */
function outsideOf(value: string, partition: string): Omit<Outside, 'statements'> | undefined {
  if (isAccountId(value)) return { account: value };
  const parts = parseArn(value);
  if (parts?.partition !== partition) return undefined;
  if (parts.service === 'iam' && parts.region === '' && isAccountId(parts.account) && parts.resource === 'root') return { account: parts.account };
  // A pattern names no one caller (AWS allows none in a Principal's ARN), as `iamUserOrRole` refuses one too.
  if (parts.service === 'sts' && parts.region === '' && isAccountId(parts.account) && !/[*?]/.test(parts.resource)) {
    const session = /^assumed-role\/([^/]+\/[^/]+)$/.exec(parts.resource)?.[1];
    const federated = /^federated-user\/([^/]+)$/.exec(parts.resource)?.[1];
    if (session !== undefined) return { account: parts.account, principal: { arn: value, kind: 'roleSession', name: session, accountId: parts.account } };
    if (federated !== undefined) return { account: parts.account, principal: { arn: value, kind: 'federatedUser', name: federated, accountId: parts.account } };
    return undefined;
  }
  const named = iamUserOrRole(value);
  return named === undefined ? undefined : { account: named.account, principal: { arn: value, kind: named.kind, name: named.name, accountId: named.account } };
}
