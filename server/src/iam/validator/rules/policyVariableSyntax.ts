// Syntax of ${policy variables} in the elements where AWS substitutes them (Resource, NotResource, condition values).
import type { Located } from '../../parser/policyTree';
import { conditionKeysOf } from '../conditions';
import { spanInString } from '../documentUtils';
import { findVariables } from '../policyVariables';
import type { VariableProblem } from '../policyVariables';
import type { Rule, RuleContext } from '../rule';

const AWS_CODES: Readonly<Record<VariableProblem, string>> = {
  missingBrace: 'MISSING_BRACE_IN_VARIABLE',
  empty: 'EMPTY_VARIABLE',
  space: 'UNSUPPORTED_SPACE_IN_VARIABLE',
  missingQuote: 'MISSING_QUOTE_IN_VARIABLE',
};

export const policyVariableSyntax: Rule = {
  id: 'policyVariableSyntax',
  defaultSeverity: 'error',
  awsCode: 'MISSING_BRACE_IN_VARIABLE',
  description: 'A malformed ${policy variable}: a missing closing brace, an empty variable, a space in the key, or a default value without single quotes.',
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      for (const item of [...(statement.resource?.items ?? []), ...(statement.notResource?.items ?? [])]) checkValue(context, item);
      for (const key of conditionKeysOf(statement)) {
        for (const value of key.values) {
          if (typeof value.value === 'string') checkValue(context, value as Located<string>);
        }
      }
    }
  },
};

function checkValue(context: RuleContext, located: Located<string>): void {
  if (!located.value.includes('${')) return;
  for (const token of findVariables(located.value)) {
    if (!token.problem) continue;
    const span = spanInString(context.text, located, token.start, token.end - token.start);
    const text = located.value.slice(token.start, token.end);
    context.report(span, message(token.problem, text, token.inner), { awsCode: AWS_CODES[token.problem] });
  }
}

function message(problem: VariableProblem, text: string, inner: string): string {
  switch (problem) {
    case 'missingBrace':
      return `The policy variable '${text}' has no closing brace; write \${${inner.trim() || 'aws:username'}}.`;
    case 'empty':
      return `'${text}' is an empty policy variable. Name a key, e.g. \${aws:username}, or remove it.`;
    case 'space':
      return `The policy variable '${text}' contains a space, which AWS does not accept in the key; write \${${inner.split(',')[0]?.trim().replace(/ /g, '')}${inner.includes(',') ? ', …' : ''}}.`;
    case 'missingQuote':
      return `The default value in '${text}' must be in single quotes, e.g. \${aws:PrincipalTag/team, 'none'}.`;
  }
}
