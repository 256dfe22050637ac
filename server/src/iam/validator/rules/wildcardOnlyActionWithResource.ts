// Actions without resource-level permissions (s3:ListAllMyBuckets, ec2:DescribeInstances) are authorized against
// Resource "*" only (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html:
// "If there is no value for this column, you must specify all resources ("*")"), so a statement that lists only
// specific ARNs never applies to them: reported on each such action, also beside actions that do fit the ARNs.
// ARNs with wildcards are left alone: AWS matches some of them (`arn:aws:s3:::*` with ListAllMyBuckets works in
// practice), so only fully literal ARNs are reported. The fix moves the action into a statement of its own with
// Resource "*", keeping the Effect, the principal element and the Condition, so the other actions keep their narrow
// resources.
import type { Fix } from '../../findings';
import type { PolicyDocument, StatementNode } from '../../parser/policyTree';
import type { Rule } from '../rule';
import { effectOf } from '../documentUtils';
import { actionFacts, resourceFacts, statementsOf, type ActionItem } from '../statementFacts';
import { removeItemFix } from '../textEdits';
import { eolOf } from '../../textLayout';

/** The indentation of the line a span starts on. */
function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))?.[0] ?? '';
}

/** Removes the action from the list and appends a statement `{ Effect, Action, Resource: "*", Condition }` after it. */
function moveToOwnStatementFix(document: PolicyDocument, statement: StatementNode, index: number, action: string, text: string): Fix | undefined {
  const effect = effectOf(statement);
  const list = statement.action;
  if (!effect || !list || !document.statementIsArray) return undefined;
  const removal = removeItemFix('', list, index, text);
  if (!removal) return undefined;
  const eol = eolOf(text);
  const indent = indentAt(text, statement.span.offset);
  const inner = `${indent}  `;
  // The new statement keeps what decides whom and when the old one applies: its principal element (resource, RCP and
  // endpoint policies need one) and its Condition, copied as written.
  const kept = [statement.principal?.property, statement.notPrincipal?.property, statement.condition?.property]
    .filter((p) => p !== undefined)
    .map((p) => `,${eol}${inner}${text.slice(p.span.offset, p.span.offset + p.span.length)}`)
    .join('');
  const added = `,${eol}${indent}{${eol}${inner}"Effect": "${effect}",${eol}${inner}"Action": ${JSON.stringify(action)},${eol}${inner}"Resource": "*"${kept}${eol}${indent}}`;
  const end = statement.span.offset + statement.span.length;
  return {
    title: `Move '${action}' to a statement of its own with "Resource": "*"`,
    edits: [...removal.edits, { span: { offset: end, length: 0 }, newText: added }],
  };
}

/** The catalog lists no resource types for any action the item matches, and no entry of them is known incomplete. */
function isWildcardOnly(item: ActionItem): boolean {
  return item.kind === 'action' && item.matches.length > 0 && item.matches.every((a) => a.resourceTypes.length === 0 && !a.catalogNote);
}

export const wildcardOnlyActionWithResource: Rule = {
  id: 'wildcardOnlyActionWithResource',
  defaultSeverity: 'warning',
  description: 'An action without resource-level permissions stands in a statement whose Resource names specific ARNs only.',
  check(context) {
    const document = context.document;
    if (!document) return;
    for (const statement of statementsOf(document)) {
      if (!statement.resource) continue;
      // Cheapest test first: most statements have "*" or a wildcard ARN somewhere.
      const resources = resourceFacts(statement, context.catalog).items;
      if (resources.length === 0 || resources.some((r) => r.kind !== 'arn' || /[*?]|\$\{/.test(r.item.value))) continue;
      const facts = actionFacts(statement, context.catalog);
      if (facts.element !== 'Action') continue;
      const wildcardOnly = facts.items.filter(isWildcardOnly);
      if (wildcardOnly.length === 0) continue;
      const verb = effectOf(statement) === 'Deny' ? 'denies' : 'allows';
      if (wildcardOnly.length === facts.items.length) {
        const names = wildcardOnly
          .slice(0, 3)
          .map((i) => i.item.value)
          .join(', ');
        context.report(
          statement.resource.property.keySpan,
          `The actions of this statement (${names}${wildcardOnly.length > 3 ? ', …' : ''}) do not support resource-level permissions and are only matched by "Resource": "*", so this statement never applies. Use "Resource": "*" (and conditions to narrow it).`,
        );
        continue;
      }
      for (const item of wildcardOnly) {
        const index = facts.items.indexOf(item);
        const fix = moveToOwnStatementFix(document, statement, index, item.item.value, context.text);
        context.report(
          item.item.span,
          `'${item.item.value}' does not support resource-level permissions: only "Resource": "*" matches it, so this statement never ${verb} it. Give it a statement of its own with "Resource": "*".`,
          fix ? { fixes: [fix] } : undefined,
        );
      }
    }
  },
};
