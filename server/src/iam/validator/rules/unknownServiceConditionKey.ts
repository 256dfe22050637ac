// A service key that the service does not define (`s3:prefixes`), or a key of a prefix that is no service.
// Keys of identity providers (`accounts.google.com:aud`, `oidc.eks…/id/…:sub`) are known to the catalog by shape.
// A warning rather than Access Analyzer's error: IAM accepts unknown keys, and AWS's own managed policies keep keys
// of retired services (deepracer:UserToken) and keys missing from the catalog.
import { closestConditionKeys, patternedKeyMissingName } from '../../catalog/suggest';
import type { Rule } from '../rule';
import { conditionEntries, statementsOf } from '../statementFacts';
import { replaceSpanFix } from '../textEdits';
import { absentKeyEffect } from '../absentKeyEffect';

export const unknownServiceConditionKey: Rule = {
  id: 'unknownServiceConditionKey',
  defaultSeverity: 'warning',
  awsCode: 'INVALID_SERVICE_CONDITION_KEY',
  description: 'A service-specific condition key does not exist in its service.',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const entry of conditionEntries(statement, context.catalog)) {
        const key = entry.keyNode.key;
        const colon = key.indexOf(':');
        if (entry.keyInfo || colon <= 0 || key.toLowerCase().startsWith('aws:')) continue;
        if (patternedKeyMissingName(key, context.catalog)) continue;
        const prefix = key.slice(0, colon);
        // URL-like prefixes are identity providers' keys, whose claims we cannot enumerate.
        if (/[./]/.test(prefix)) continue;
        if (!context.catalog.service(prefix)) {
          context.report(
            entry.keyNode.keySpan,
            `'${prefix}' is not an AWS service prefix, so the condition key '${key}' does not exist and ${absentKeyEffect(entry)}.`,
          );
          continue;
        }
        const names = context.catalog.serviceConditionKeys(prefix).map((k) => k.key);
        const suggestions = closestConditionKeys(key, names, 3);
        const fixes = suggestions.map((s) => replaceSpanFix(`Change to '${s}'`, entry.keyNode.keySpan, JSON.stringify(s), suggestions.length === 1));
        context.report(
          entry.keyNode.keySpan,
          `'${prefix.toLowerCase()}' has no condition key '${key.slice(colon + 1)}', so ${absentKeyEffect(entry)}.${suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?` : ''}`,
          { fixes },
        );
      }
    }
  },
};
