/**
 * One .tf file's policies validated as Terraform will create them: a policy on a resource or document data source
 * with count or for_each (known from the configuration) once per instance, `count.index` and `each.*` resolved in
 * it. A finding every instance has is reported as it is; one only some have names them (`instance aws_iam_role_policy.p["a"]`).
 */
import type { TemplatePolicy } from './cloudFormationPolicies';
import type { HclFile } from './hclValues';
import { blockInstances, InstanceScope, instanceSuffix, type InstanceBinding } from './terraformInstances';
import type { TerraformModule } from './terraformModule';
import { terraformPolicies } from './terraformPolicies';
import type { SourceProblem } from './templateNode';
import {
  PolicyResultCache,
  validateExtracted,
  type CheckedPolicy,
  type TemplateFinding,
  type TemplateValidateOptions,
  type TemplateValidation,
} from './validateTemplate';

type Options = Omit<TemplateValidateOptions, 'sourceIsJson'>;

export function validateTerraformPolicies(module: TerraformModule, file: HclFile, problems: readonly SourceProblem[], options: Options): TemplateValidation {
  const extracted = terraformPolicies(module, file);
  const single: TemplatePolicy[] = [];
  const counted = new Map<string, { policies: TemplatePolicy[]; bindings: readonly InstanceBinding[] }>();
  for (const policy of extracted.policies) {
    const bindings = instancesOf(module, policy.resource);
    if (bindings === undefined) single.push(policy);
    else counted.set(policy.resource, { policies: [...(counted.get(policy.resource)?.policies ?? []), policy], bindings });
  }
  const base = validateExtracted({ policies: single, notes: extracted.notes }, module, problems, { ...options, sourceIsJson: false });
  if (counted.size === 0) return base;
  // One generation of the caller's cache per validation: the instances share it without ageing it.
  const cache = new SharedCache(options.cache);
  const checked = new Map<TemplatePolicy, CheckedPolicy>(base.policies.map((p) => [p.policy, p]));
  const findings: TemplateFinding[] = [...base.findings];
  for (const [address, { policies, bindings }] of counted) {
    const byKey = new Map<string, { finding: TemplateFinding; instances: string[] }>();
    for (const binding of bindings) {
      const scope = new InstanceScope(module, binding);
      const validation = validateExtracted({ policies, notes: [] }, scope, [], { ...options, cache, sourceIsJson: false });
      for (const policy of validation.policies) if (!checked.has(policy.policy)) checked.set(policy.policy, policy);
      for (const finding of validation.findings) {
        const key = [finding.code, finding.span.offset, finding.span.length, finding.message].join('\u0000');
        const known = byKey.get(key);
        if (known) known.instances.push(`${address}${instanceSuffix(binding)}`);
        else byKey.set(key, { finding, instances: [`${address}${instanceSuffix(binding)}`] });
      }
    }
    for (const { finding, instances } of byKey.values()) {
      if (instances.length === bindings.length) findings.push(finding);
      else
        findings.push({
          ...finding,
          message: `${finding.message} (instance ${instances.slice(0, 3).join(', ')}${instances.length > 3 ? ` and ${instances.length - 3} more` : ''})`,
        });
    }
  }
  findings.sort((a, b) => a.span.offset - b.span.offset || a.span.length - b.span.length || a.code.localeCompare(b.code));
  const all = extracted.policies.map((policy) => checked.get(policy)).filter((policy) => policy !== undefined);
  return { policies: all, findings };
}

/** The instances of the block holding a policy, when it has count or for_each the configuration determines. */
function instancesOf(module: TerraformModule, address: string): readonly InstanceBinding[] | undefined {
  const entry = address.startsWith('data.') ? module.data.get(address.slice('data.'.length)) : module.resources.get(address);
  if (!entry) return undefined;
  const instances = blockInstances(entry.values, entry.block, module);
  const bindings = instances.bindings.filter((binding) => binding !== undefined);
  return bindings.length === instances.bindings.length && bindings.length > 0 ? bindings : undefined;
}

/**
 * The caller's per-document cache (when there is one) used by several validations of one version: entries are
 * read and written through it, but only the caller's own validation starts a new generation.
 */
export class SharedCache extends PolicyResultCache {
  constructor(private readonly inner: PolicyResultCache | undefined) {
    super();
  }

  override get(key: string): ReturnType<PolicyResultCache['get']> {
    return this.inner ? this.inner.get(key) : super.get(key);
  }

  override set(key: string, result: Parameters<PolicyResultCache['set']>[1]): void {
    if (this.inner) this.inner.set(key, result);
    else super.set(key, result);
  }

  override generation(): void {
    // A walk or a set of instances is one version: nothing ages in it.
  }
}
