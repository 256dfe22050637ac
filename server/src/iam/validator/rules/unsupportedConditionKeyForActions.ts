// A service condition key that none of the statement's actions supports is never present in their requests: with
// a positive operator the statement never applies, with a negated one it always does. The key set of an action is
// its own keys plus those of its resource types; global `aws:` keys are left alone (present on every request, or
// documented per service in ways the catalog does not capture), and so are the keys that federation puts in a
// session's context: SAML (`saml:sub`, `saml:aud`) and web identity or OIDC provider keys
// (`cognito-identity.amazonaws.com:sub`, `accounts.google.com:aud`). AWS shows them in the permission policies of
// the roles those sessions use (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-saml,
// #condition-keys-wif), where they hold for every request of the session, whatever its action. The `sts:` keys
// of the AssumeRole call itself (`sts:RoleSessionName`, `sts:ExternalId`) are documented only for that call, so
// they are still reported beside other actions.
import type { Rule } from '../rule';
import { actionFacts, conditionEntries, keySupport, statementsOf } from '../statementFacts';
import { holdsForAbsentKey } from '../../conditionOperators';

/** SAML keys and the keys of web identity and OIDC providers (a provider URL as prefix). */
function isFederationKey(written: string, canonical: string): boolean {
  const prefix = written.slice(0, written.indexOf(':')).toLowerCase();
  return prefix === 'saml' || canonical.includes('${OidcProviderUrl}') || /[./]/.test(prefix);
}

export const unsupportedConditionKeyForActions: Rule = {
  id: 'unsupportedConditionKeyForActions',
  defaultSeverity: 'warning',
  awsCode: 'UNSUPPORTED_ACTION_FOR_CONDITION_KEY',
  description: "A condition key is supported by none of the statement's actions.",
  check(context) {
    for (const statement of statementsOf(context.document)) {
      if (!statement.condition) continue;
      for (const entry of conditionEntries(statement, context.catalog)) {
        const info = entry.keyInfo;
        if (!info || info.global || info.service === 'aws' || entry.keyNode.key.toLowerCase().startsWith('aws:')) continue;
        if (isFederationKey(entry.keyNode.key, info.key)) continue;
        if (entry.operator?.base.category === 'null') continue;
        // Computed only now: most conditions use global keys, and an editor re-validates on every keystroke.
        const support = keySupport(statement, context.catalog);
        if (!support || support.supports(info.key)) continue;
        const actions = actionFacts(statement, context.catalog).actions;
        const names = actions
          .slice(0, 3)
          .map((a) => `${a.service}:${a.name}`)
          .join(', ');
        context.report(
          entry.keyNode.keySpan,
          `None of the actions of this statement (${names}${actions.length > 3 ? ', …' : ''}) supports '${entry.keyNode.key}', so the key is never in their requests and this condition ${
            entry.operator &&
            holdsForAbsentKey(
              entry.operator,
              entry.keyNode.values.map((v) => String(v.value)),
            )
              ? 'always holds'
              : 'never holds'
          }. Move the condition to a statement with actions that support it, or remove it.`,
        );
      }
    }
  },
};
