/**
 * The policies of one .tf file: documents on the resources that hold them (jsonencode objects, heredoc or quoted
 * JSON, `file(…)`), and `aws_iam_policy_document` data sources written as blocks (statement, principals, condition),
 * each validated once, as the type of the first argument that uses it.
 */
import type { PolicyType } from '../policyTypes';
import type { ExtractedPolicies, TemplatePolicy } from './cloudFormationPolicies';
import type { HclNode } from './hclTree';
import type { HclFile } from './hclValues';
import { organizationsPolicyType, TERRAFORM_POLICY_ARGUMENTS } from './terraformResources';
import type { TerraformModule } from './terraformModule';
import type { TemplateNode } from './templateNode';
import { DOCUMENT_REFERENCE, literal, terraformPolicyDocument } from './terraformPolicyDocument';

export function terraformPolicies(module: TerraformModule, file: HclFile): ExtractedPolicies {
  const policies: TemplatePolicy[] = [];
  /** How each policy document data source is used: the first use decides the type it is validated as. */
  const uses = new Map<string, PolicyType>();
  for (const [address, entry] of module.resources) {
    const [type] = entry.block.labels;
    const values = entry.values;
    const attributes = values.attributes(entry.block.body);
    const policyArguments = TERRAFORM_POLICY_ARGUMENTS[type ?? ''] ?? [];
    const candidates: { expression: HclNode | undefined; policyType: PolicyType | undefined; what: string; path: string }[] = policyArguments.map(
      (argument) => ({
        expression: attributes.get(argument.argument)?.expression,
        policyType: type === 'aws_organizations_policy' ? organizationsPolicyType(literal(values, attributes.get('type')?.expression)) : argument.type,
        what: argument.what,
        path: `${address}.${argument.argument}`,
      }),
    );
    if (type === 'aws_iam_role') {
      values
        .blocks(entry.block.body)
        .filter((block) => block.type === 'inline_policy')
        .forEach((block, index) => {
          const inline = values.attributes(block.body);
          candidates.push({
            expression: inline.get('policy')?.expression,
            policyType: 'identity',
            what: `inline policy ${literal(values, inline.get('name')?.expression) ?? index + 1}`,
            path: `${address}.inline_policy[${index}].policy`,
          });
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
    policies.push({
      node,
      type: uses.get(name) ?? inferredType(node),
      label: `policy document data.${address}`,
      path: `data.${address}`,
      resource: `data.${address}`,
    });
  }
  policies.sort((a, b) => a.node.span.offset - b.node.span.offset);
  return { policies, notes: [] };
}

/** An unused document with principals reads as a resource policy, else as an identity policy. */
function inferredType(node: TemplateNode): PolicyType {
  const statements = node.kind === 'map' ? node.entries.find((e) => e.key === 'Statement')?.value : undefined;
  const hasPrincipal =
    statements?.kind === 'seq' && statements.items.some((s) => s.kind === 'map' && s.entries.some((e) => e.key === 'Principal' || e.key === 'NotPrincipal'));
  return hasPrincipal ? 'resource' : 'identity';
}
