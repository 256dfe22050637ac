/**
 * The policies of one .tf file: documents on the resources that hold them (jsonencode objects, heredoc or quoted
 * JSON, `file(…)`), and `aws_iam_policy_document` data sources written as blocks (statement, principals, condition),
 * each validated once, as the type of the first argument that uses it.
 */
import type { PolicyType } from '../policyTypes';
import type { Span } from '../span';
import type { ExtractedPolicies, TemplatePolicy } from './cloudFormationPolicies';
import type { HclNode } from './hclTree';
import type { HclBlock, HclFile, HclValues } from './hclValues';
import { organizationsPolicyType, TERRAFORM_POLICY_ARGUMENTS } from './terraformResources';
import type { TerraformModule } from './terraformModule';
import type { TemplateEntry, TemplateNode } from './templateNode';

const DOCUMENT_REFERENCE = /^data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.(json|minified_json)$/;

export function terraformPolicies(module: TerraformModule, file: HclFile): ExtractedPolicies {
  const policies: TemplatePolicy[] = [];
  /** How each policy document data source is used: the first use decides the type it is validated as. */
  const uses = new Map<string, PolicyType>();
  for (const [address, entry] of module.resources) {
    const [type] = entry.block.labels;
    const values = entry.values;
    const attributes = values.attributes(entry.block.body);
    const policyArguments = TERRAFORM_POLICY_ARGUMENTS[type ?? ''] ?? [];
    const candidates: { expression: HclNode | undefined; policyType: PolicyType | undefined; what: string; path: string }[] = policyArguments.map((argument) => ({
      expression: attributes.get(argument.argument)?.expression,
      policyType: type === 'aws_organizations_policy' ? organizationsPolicyType(literal(values, attributes.get('type')?.expression)) : argument.type,
      what: argument.what,
      path: `${address}.${argument.argument}`,
    }));
    if (type === 'aws_iam_role') {
      values.blocks(entry.block.body).filter((block) => block.type === 'inline_policy').forEach((block, index) => {
        const inline = values.attributes(block.body);
        candidates.push({ expression: inline.get('policy')?.expression, policyType: 'identity', what: `inline policy ${literal(values, inline.get('name')?.expression) ?? index + 1}`, path: `${address}.inline_policy[${index}].policy` });
      });
    }
    for (const candidate of candidates) {
      if (!candidate.expression || !candidate.policyType) continue;
      const reference = DOCUMENT_REFERENCE.exec(values.source(candidate.expression).trim());
      if (reference) {
        if (!uses.has(reference[1] as string)) uses.set(reference[1] as string, candidate.policyType);
        continue;
      }
      if (entry.file !== file) continue;
      const node = values.expression(candidate.expression);
      if (node === undefined || (node.kind !== 'map' && node.kind !== 'string')) continue;
      policies.push({ node, type: candidate.policyType, label: `${candidate.what} of ${address}`, path: candidate.path, resource: address });
    }
  }
  for (const [address, entry] of module.data) {
    const [type, name] = entry.block.labels;
    if (type !== 'aws_iam_policy_document' || entry.file !== file || name === undefined) continue;
    const node = terraformPolicyDocument(entry.values, entry.block);
    policies.push({ node, type: uses.get(name) ?? inferredType(node), label: `policy document data.${address}`, path: `data.${address}`, resource: `data.${address}` });
  }
  policies.sort((a, b) => a.node.span.offset - b.node.span.offset);
  return { policies, notes: [] };
}

function literal(values: HclValues, expression: HclNode | undefined): string | undefined {
  const node = values.expression(expression);
  return node?.kind === 'string' ? node.value : undefined;
}

/** An unused document with principals reads as a resource policy, else as an identity policy. */
function inferredType(node: TemplateNode): PolicyType {
  const statements = node.kind === 'map' ? node.entries.find((e) => e.key === 'Statement')?.value : undefined;
  const hasPrincipal = statements?.kind === 'seq' && statements.items.some((s) => s.kind === 'map' && s.entries.some((e) => e.key === 'Principal' || e.key === 'NotPrincipal'));
  return hasPrincipal ? 'resource' : 'identity';
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
  entries.push(version ? { key: 'Version', keySpan: at(version.name), value: values.expression(version.expression) } : { key: 'Version', keySpan: at(block.typeNode), value: { kind: 'string', value: '2012-10-17', span: at(block.typeNode) } });
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
    if (!arguments_.has('effect')) statementEntries.push({ key: 'Effect', keySpan: at(statement.typeNode), value: { kind: 'string', value: 'Allow', span: at(statement.typeNode) } });
    for (const [kind, element] of [['principals', 'Principal'], ['not_principals', 'NotPrincipal']] as const) {
      const principals = values.blocks(statement.body).filter((b) => b.type === kind);
      if (principals.length > 0) statementEntries.push({ key: element, keySpan: at(principals[0]?.typeNode as HclNode), value: principalValue(values, principals) });
    }
    const conditions = values.blocks(statement.body).filter((b) => b.type === 'condition');
    if (conditions.length > 0) statementEntries.push({ key: 'Condition', keySpan: at(conditions[0]?.typeNode as HclNode), value: conditionValue(values, conditions) });
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
  return { kind: 'map', entries: [...byTest].map(([test, group]) => ({ key: test, keySpan: group.keySpan, value: { kind: 'map', entries: group.keys, span } })), span };
}

/** A value known only at plan time (a dynamic block, a merged document), spanning what produces it. */
function unknownNode(values: HclValues, node: HclNode): TemplateNode {
  const span = values.span(node);
  return { kind: 'map', entries: [{ key: 'Fn::TerraformExpression', keySpan: span, value: { kind: 'string', value: values.source(node).slice(0, 200), span } }], span };
}
