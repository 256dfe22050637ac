// Effect is case-sensitive and has exactly two values.
import { replaceStringFix, suggestName } from '../elementNames';
import type { Rule } from '../rule';

export const invalidEffect: Rule = {
  id: 'invalidEffect',
  defaultSeverity: 'error',
  awsCode: 'INVALID_EFFECT',
  description: 'Effect is neither "Allow" nor "Deny" (the values are case-sensitive).',
  check(context) {
    for (const statement of context.document?.statements ?? []) {
      const effect = statement.effect;
      if (!effect || typeof effect.value !== 'string') continue;
      const value = effect.value;
      if (value === 'Allow' || value === 'Deny') continue;
      const suggestion = suggestName(value, ['Allow', 'Deny']);
      const hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
      context.report(effect.span, `'${value}' is not an Effect: use "Allow" or "Deny" (case-sensitive).${hint}`, {
        ...(suggestion ? { fixes: [replaceStringFix(`Change to "${suggestion}"`, context.text, effect.span, suggestion)] } : {}),
      });
    }
  },
};
