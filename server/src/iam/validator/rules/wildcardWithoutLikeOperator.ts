// `*` and `?` are wildcards only for the Like operators (and the ARN operators): with StringEquals they are plain
// characters, so `"StringEquals": {"aws:PrincipalTag/team": "dev*"}` matches only the literal text "dev*".
import type { Rule } from '../rule';
import { conditionEntries, statementsOf, valueText } from '../statementFacts';
import { replaceSpanFix } from '../textEdits';

/** True when the text has `*` or `?` outside policy variables (`${*}` is the escape for a literal star). */
function hasBareWildcard(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      if (close > 0) {
        i = close;
        continue;
      }
    }
    if (c === '*' || c === '?') return true;
  }
  return false;
}

export const wildcardWithoutLikeOperator: Rule = {
  id: 'wildcardWithoutLikeOperator',
  defaultSeverity: 'warning',
  awsCode: 'WILDCARD_WITHOUT_LIKE_OPERATOR',
  description: 'A condition value contains * or ? but the operator does not treat them as wildcards.',
  check(context) {
    for (const statement of statementsOf(context.document)) {
      for (const entry of conditionEntries(statement, context.catalog)) {
        const operator = entry.operator;
        if (!operator || operator.base.category !== 'string' || operator.base.wildcards) continue;
        const value = entry.keyNode.values.find((v) => typeof v.value === 'string' && hasBareWildcard(valueText(v)));
        if (!value) continue;
        const like = operator.base.negated ? 'StringNotLike' : 'StringLike';
        const suggestion = `${operator.qualifier ? `${operator.qualifier}:` : ''}${like}${operator.ifExists ? 'IfExists' : ''}`;
        // IgnoreCase has no Like counterpart, so the fix is offered only for the case-sensitive operators.
        const fixes =
          !operator.base.ignoreCase && entry.operatorNode.keys.length === 1
            ? [replaceSpanFix(`Change to '${suggestion}'`, entry.operatorNode.operatorSpan, JSON.stringify(suggestion), true)]
            : [];
        context.report(
          value.span,
          `'${valueText(value)}' contains a wildcard, but ${operator.text} compares literally, so '*' and '?' match only themselves. If you meant a pattern, use ${suggestion}.`,
          { fixes },
        );
      }
    }
  },
};
