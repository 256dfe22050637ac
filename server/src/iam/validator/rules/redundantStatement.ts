// Two statements that say the same thing (same effect, actions, resources, principals and conditions, whatever
// their order or Sid): the later one changes nothing. Compared through a canonical key, so the check is linear.
import type { JsonNode, StatementNode } from '../../parser/policyTree';
import { statementLabel, statementStart } from '../documentUtils';
import type { Rule } from '../rule';

export const redundantStatement: Rule = {
  id: 'redundantStatement',
  defaultSeverity: 'info',
  awsCode: 'REDUNDANT_STATEMENT',
  description: 'A statement grants or denies exactly what an earlier statement already does.',
  check(context) {
    const seen = new Map<string, StatementNode>();
    for (const statement of context.document?.statements ?? []) {
      const key = canonicalStatement(statement);
      if (key === undefined) continue;
      const earlier = seen.get(key);
      if (!earlier) {
        seen.set(key, statement);
        continue;
      }
      context.report(
        statementStart(statement),
        `${statementLabel(statement)} repeats ${statementLabel(earlier).replace(/^S/, 's')}: same effect, actions, resources, principals and conditions. Remove one of them.`,
        { unnecessary: true },
      );
    }
  },
};

/** Undefined for statements too broken to compare. Action names are case-insensitive; everything else is compared as written. */
function canonicalStatement(statement: StatementNode): string | undefined {
  const effect = statement.effect?.value;
  if (typeof effect !== 'string') return undefined;
  const parts: string[] = [effect];
  for (const property of statement.properties) {
    if (property.key === 'Sid' || property.key === 'Effect') continue;
    if (!property.value) return undefined;
    const lower = property.key === 'Action' || property.key === 'NotAction';
    parts.push(`${property.key}=${canonical(property.value, lower)}`);
  }
  return parts.sort().join('\u0000');
}

/** Order-insensitive JSON: object keys sorted, arrays of strings sorted and de-duplicated. The parser caps depth. */
function canonical(node: JsonNode, lowerStrings: boolean): string {
  switch (node.type) {
    case 'string': {
      const value = String(node.value);
      return JSON.stringify(lowerStrings ? value.toLowerCase() : value);
    }
    case 'array': {
      const items = [...new Set((node.children ?? []).map((child) => canonical(child, lowerStrings)))].sort();
      // AWS reads a one-element array and the bare value alike.
      return items.length === 1 ? (items[0] as string) : `[${items.join(',')}]`;
    }
    case 'object': {
      const entries = (node.children ?? [])
        .map((property) => {
          const [key, value] = property.children ?? [];
          return `${JSON.stringify(key?.value)}:${value ? canonical(value, false) : 'undefined'}`;
        })
        .sort();
      return `{${entries.join(',')}}`;
    }
    default:
      return String(node.value);
  }
}
