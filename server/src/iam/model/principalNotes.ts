import { parseArn } from '../arn';
import { pathDiffersSentence } from '../explain/sentences';
import { closestNames } from './closestNames';
import type { LoadedModel } from './modelTypes';
import type { PrincipalName } from './principalByName';

/** Suggestions made, by model and principal: a test file may name one missing principal in many tests, checked at each edit. */
const suggestionsMade = new WeakMap<LoadedModel, Map<string, string>>();

/**
 * The model's principals closest to an ARN it does not have (a typo, mostly), as a message tail (` Did you mean X or
 * Y?`) or the empty string. ARNs share long prefixes, so only a few edits count. A role session is compared with the
 * sessions of the same name of its account's roles: the role's name is the typo. Every principal is listed, once per
 * principal asked about: this is for a principal the model should have, not for each of many requests.
 */
export function closestPrincipals(model: LoadedModel, principal: string): string {
  let made = suggestionsMade.get(model);
  if (made === undefined) suggestionsMade.set(model, (made = new Map()));
  let suggestion = made.get(principal);
  if (suggestion === undefined) made.set(principal, (suggestion = suggest(model, principal)));
  return suggestion;
}

function suggest(model: LoadedModel, principal: string): string {
  const arn = parseArn(principal);
  const [kind, role, ...session] = arn?.resource.split('/') ?? [];
  // Outlined, not built: an export's tens of thousands of principals are built only as requests reach them.
  const everyone = model.outlines?.() ?? model.principals();
  // A session written with `iam` for `sts` (the role's ARN is iam's) is compared as written and suggested as STS writes it.
  const asSession =
    arn !== undefined && (arn.service === 'sts' || arn.service === 'iam') && kind === 'assumed-role' && role !== undefined && session.length > 0;
  const sessionArn = (service: string, name: string) => `arn:${arn?.partition}:${service}::${arn?.account}:assumed-role/${name}/${session.join('/')}`;
  const candidates = asSession
    ? everyone.filter((p) => p.kind === 'role' && p.accountId === arn.account).map((p) => sessionArn(arn.service, p.name))
    : everyone.map((p) => p.arn);
  const close = closestNames(principal, candidates, 3, 3).map((near) => (asSession ? near.replace(`:${arn.service}::`, ':sts::') : near));
  return close.length > 0 ? ` Did you mean ${close.join(' or ')}?` : '';
}

/**
 * What `simulate` warns of, and the editor's panel notes, about the principal a request names as the model read it:
 * its ARN written with another path than the model's principal it is asked as; or a principal of an account the model
 * describes that the model does not have (a typo, mostly), with the closest ones. Nothing is said of one of an account
 * the model leaves out: that is an outsider, asked about on purpose (cross-account).
 */
export function principalNotes(model: LoadedModel, named: Exclude<PrincipalName, { error: string }>): string[] {
  const notes = named.writtenAs !== undefined ? [pathDiffersSentence(named.writtenAs, named.arn)] : [];
  const account = parseArn(named.arn)?.account;
  if (account !== undefined && model.account(account) !== undefined && !model.principal(named.arn)) {
    notes.push(`${named.arn} is not in the model.${closestPrincipals(model, named.arn)}`);
  }
  return notes;
}
