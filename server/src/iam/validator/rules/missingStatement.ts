// A policy without statements grants and denies nothing; AWS rejects it.
import type { Rule } from '../rule';

export const missingStatement: Rule = {
  id: 'missingStatement',
  defaultSeverity: 'error',
  awsCode: 'MISSING_STATEMENT',
  description: 'The policy has no Statement element, or an empty one.',
  check(context) {
    const document = context.document;
    if (!document) return;
    const property = document.statementProperty;
    // A miscased "statement" already gets an unknownElement finding with a rename fix.
    if (!property && document.properties.some((p) => p.key.toLowerCase() === 'statement')) return;
    if (!property) {
      context.report({ offset: document.span.offset, length: 1 }, 'The policy has no Statement element. Add "Statement": [ … ] with at least one statement.');
      return;
    }
    const value = property.value;
    if (value?.type === 'array' && (value.children?.length ?? 0) === 0) {
      context.report({ offset: value.offset, length: value.length }, 'The Statement array is empty. Add at least one statement.');
    }
  },
};
