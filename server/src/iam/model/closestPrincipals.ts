import { parseArn } from '../arn';
import { closestNames } from './closestNames';
import type { LoadedModel } from './modelTypes';

/**
 * The model's principals closest to an ARN it does not have (a typo, mostly), as a message tail (` Did you mean X or
 * Y?`) or the empty string. ARNs share long prefixes, so only a few edits count. A role session is compared with the
 * sessions of the same name of its account's roles: the role's name is the typo. Every principal is listed: this is
 * for a request or a test that names one the model does not have, not for each of many.
 */
export function closestPrincipals(model: LoadedModel, principal: string): string {
  const arn = parseArn(principal);
  const [kind, role, ...session] = arn?.resource.split('/') ?? [];
  const candidates =
    arn !== undefined && arn.service === 'sts' && kind === 'assumed-role' && role !== undefined && session.length > 0
      ? model
          .principals()
          .filter((p) => p.kind === 'role' && p.accountId === arn.account)
          .map((p) => `arn:${arn.partition}:sts::${arn.account}:assumed-role/${p.name}/${session.join('/')}`)
      : model.principals().map((p) => p.arn);
  const close = closestNames(principal, candidates, 3, 3);
  return close.length > 0 ? ` Did you mean ${close.join(' or ')}?` : '';
}
