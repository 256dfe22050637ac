// The JSON an `aws_iam_policy_document` data source renders, built from its HCL blocks (read by the module's values
// and by the policy finder alike, so it has a file of its own).
import type { Span } from '../span';
import type { HclNode } from './hclTree';
import type { HclBlock, HclValues } from './hclValues';
import type { TemplateEntry, TemplateNode } from './templateNode';

/**
 * `data.aws_iam_policy_document.x.json`, as a policy argument names a document data source; one instance of it
 * (`….x[0].json`, the `count = var.create ? 1 : 0` idiom) is the same document.
 */
export const DOCUMENT_REFERENCE = /^data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)(?:\[[^\]]*\])?\.(json|minified_json)$/;

/** A string literal's value, else undefined (an interpolation, a reference, a number). */
export function literal(values: HclValues, expression: HclNode | undefined): string | undefined {
  const node = values.expression(expression);
  return node?.kind === 'string' ? node.value : undefined;
}

const STATEMENT_ARGUMENTS: Readonly<Record<string, string>> = {
  sid: 'Sid',
  effect: 'Effect',
  actions: 'Action',
  not_actions: 'NotAction',
  resources: 'Resource',
  not_resources: 'NotResource',
};

/**
 * The JSON the data source renders, as a template node whose every key and value points at the argument it comes
 * from. Terraform fills in Version 2012-10-17 and Effect Allow when they are not written, so those are not findings.
 */
export function terraformPolicyDocument(values: HclValues, block: HclBlock): TemplateNode {
  const span = values.span(block.node);
  const at = (node: HclNode): Span => values.span(node);
  const attributes = values.attributes(block.body);
  const entries: TemplateEntry[] = [];
  const version = attributes.get('version');
  entries.push(
    version
      ? { key: 'Version', keySpan: at(version.name), value: values.expression(version.expression) }
      : { key: 'Version', keySpan: at(block.typeNode), value: { kind: 'string', value: '2012-10-17', span: at(block.typeNode) } },
  );
  const id = attributes.get('policy_id');
  if (id) entries.push({ key: 'Id', keySpan: at(id.name), value: values.expression(id.expression) });
  const statements: TemplateNode[] = [];
  for (const statement of values.blocks(block.body).filter((b) => b.type === 'statement')) {
    const statementEntries: TemplateEntry[] = [];
    const arguments_ = values.attributes(statement.body);
    for (const [argument, element] of Object.entries(STATEMENT_ARGUMENTS)) {
      const attribute = arguments_.get(argument);
      if (attribute) statementEntries.push({ key: element, keySpan: at(attribute.name), value: values.expression(attribute.expression) });
    }
    if (!arguments_.has('effect'))
      statementEntries.push({ key: 'Effect', keySpan: at(statement.typeNode), value: { kind: 'string', value: 'Allow', span: at(statement.typeNode) } });
    for (const [kind, element] of [
      ['principals', 'Principal'],
      ['not_principals', 'NotPrincipal'],
    ] as const) {
      const principals = values.blocks(statement.body).filter((b) => b.type === kind);
      if (principals.length > 0)
        statementEntries.push({ key: element, keySpan: at(principals[0]?.typeNode as HclNode), value: principalValue(values, principals) });
    }
    const conditions = values.blocks(statement.body).filter((b) => b.type === 'condition');
    if (conditions.length > 0)
      statementEntries.push({ key: 'Condition', keySpan: at(conditions[0]?.typeNode as HclNode), value: conditionValue(values, conditions) });
    // `dynamic "principals"` / `dynamic "condition"`: present, with values known only at plan time.
    for (const dynamic of values.blocks(statement.body).filter((b) => b.type === 'dynamic')) {
      const element = { principals: 'Principal', not_principals: 'NotPrincipal', condition: 'Condition' }[dynamic.labels[0] ?? ''];
      if (element !== undefined && !statementEntries.some((entry) => entry.key === element)) {
        statementEntries.push({ key: element, keySpan: at(dynamic.typeNode), value: unknownNode(values, dynamic.node) });
      }
    }
    statements.push({ kind: 'map', entries: statementEntries, span: at(statement.node) });
  }
  // Statements a `dynamic "statement"` block or a merged source/override document adds are known only at plan
  // time: one unknown entry stands for them, so an empty-looking list is not reported as empty.
  const dynamics = values.blocks(block.body).filter((b) => b.type === 'dynamic' && b.labels[0] === 'statement');
  for (const dynamic of dynamics) statements.push(unknownNode(values, dynamic.node));
  for (const merged of ['source_policy_documents', 'override_policy_documents', 'source_json', 'override_json']) {
    const attribute = attributes.get(merged);
    if (attribute) statements.push(unknownNode(values, attribute.name));
  }
  entries.push({ key: 'Statement', keySpan: at(block.typeNode), value: { kind: 'seq', items: statements, span } });
  return { kind: 'map', entries, span };
}

/** `principals { type = "AWS" identifiers = [...] }` blocks, merged by type; type "*" is the bare `"*"`. */
function principalValue(values: HclValues, blocks: readonly HclBlock[]): TemplateNode {
  const byType = new Map<string, { keySpan: Span; items: TemplateNode[] }>();
  const span = values.span((blocks[0] as HclBlock).node);
  for (const block of blocks) {
    const attributes = values.attributes(block.body);
    const type = literal(values, attributes.get('type')?.expression) ?? '';
    const identifiers = values.expression(attributes.get('identifiers')?.expression);
    if (type === '*') return { kind: 'string', value: '*', span: values.span(block.node) };
    const keySpan = values.span(attributes.get('type')?.expression ?? block.node);
    const group = byType.get(type) ?? { keySpan, items: [] };
    if (identifiers?.kind === 'seq') group.items.push(...identifiers.items);
    else if (identifiers) group.items.push(identifiers);
    byType.set(type, group);
  }
  return {
    kind: 'map',
    entries: [...byType].map(([type, group]) => ({ key: type, keySpan: group.keySpan, value: { kind: 'seq', items: group.items, span } })),
    span,
  };
}

/** `condition { test = "StringEquals" variable = "aws:SourceArn" values = [...] }` blocks, merged by operator. */
function conditionValue(values: HclValues, blocks: readonly HclBlock[]): TemplateNode {
  const span = values.span((blocks[0] as HclBlock).node);
  const byTest = new Map<string, { keySpan: Span; keys: TemplateEntry[] }>();
  for (const block of blocks) {
    const attributes = values.attributes(block.body);
    const testNode = attributes.get('test')?.expression;
    const variableNode = attributes.get('variable')?.expression;
    const test = literal(values, testNode);
    const variable = literal(values, variableNode);
    if (test === undefined || variable === undefined || !testNode || !variableNode) continue;
    const group = byTest.get(test) ?? { keySpan: values.span(testNode), keys: [] };
    group.keys.push({ key: variable, keySpan: values.span(variableNode), value: values.expression(attributes.get('values')?.expression) });
    byTest.set(test, group);
  }
  return {
    kind: 'map',
    entries: [...byTest].map(([test, group]) => ({ key: test, keySpan: group.keySpan, value: { kind: 'map', entries: group.keys, span } })),
    span,
  };
}

/** A value known only at plan time (a dynamic block, a merged document), spanning what produces it. */
function unknownNode(values: HclValues, node: HclNode): TemplateNode {
  const span = values.span(node);
  return {
    kind: 'map',
    entries: [{ key: 'Fn::TerraformExpression', keySpan: span, value: { kind: 'string', value: values.source(node).slice(0, 200), span } }],
    span,
  };
}
