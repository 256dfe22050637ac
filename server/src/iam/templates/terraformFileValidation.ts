/**
 * One .tf file's policies validated as Terraform will create them: a policy on a resource or document data source
 * with count or for_each (known from the configuration) once per instance, `count.index` and `each.*` resolved in
 * it. A finding every instance has is reported as it is; one only some have names them (`instance aws_iam_role_policy.p["a"]`).
 */
import type { ExtractionNote, TemplatePolicy } from './cloudFormationPolicies';
import type { PolicyBudget } from './terraformCheckBudget';
import type { HclFile } from './hclValues';
import { blockInstances, instancesNote, InstanceScope, instanceSuffix, type InstanceBinding } from './terraformInstances';
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

/**
 * @param budget the bound of the whole check this file's validation is part of (none: every instance is validated)
 * @param instantiated a module instance read for a call: its policies without count/for_each count against the
 *   budget too, and a resource its caller's inputs leave uncreated is not noted (opened alone, the module says so)
 */
export function validateTerraformPolicies(
  module: TerraformModule,
  file: HclFile,
  problems: readonly SourceProblem[],
  options: Options,
  budget?: PolicyBudget,
  instantiated = false,
): TemplateValidation {
  const extracted = terraformPolicies(module, file);
  const single: TemplatePolicy[] = [];
  const notes: ExtractionNote[] = [...extracted.notes];
  const counted = new Map<string, { policies: TemplatePolicy[]; bindings: readonly InstanceBinding[] }>();
  const kept = new Set<TemplatePolicy>();
  const noted = new Set<string>();
  for (const policy of extracted.policies) {
    const instances = instancesOf(module, policy.resource);
    if (instances.note && !(instantiated && instances.note.code === 'terraformNotCreated')) {
      if (!noted.has(policy.resource)) notes.push(instances.note);
      noted.add(policy.resource);
    }
    if (instances.bindings === 'none') continue;
    kept.add(policy);
    if (instances.bindings === undefined) single.push(policy);
    else counted.set(policy.resource, { policies: [...(counted.get(policy.resource)?.policies ?? []), policy], bindings: instances.bindings });
  }
  const firstSpan = (policies: readonly TemplatePolicy[]) => ({ file, span: policies[0]?.node.span ?? { offset: 0, length: 0 } });
  const checkedSingles = !instantiated || !budget || single.length === 0 || budget.take(single.length, () => firstSpan(single)) ? single : [];
  const base = validateExtracted({ policies: checkedSingles, notes }, module, problems, { ...options, sourceIsJson: false });
  if (counted.size === 0) return base;
  // One generation of the caller's cache per validation: the instances share it without ageing it, and instances
  // whose resolved texts are the same validate once.
  const cache = new SharedCache(options.cache);
  const checked = new Map<TemplatePolicy, CheckedPolicy>(base.policies.map((p) => [p.policy, p]));
  const findings: TemplateFinding[] = [...base.findings];
  for (const [address, { policies, bindings }] of counted) {
    const byKey = new Map<string, { finding: TemplateFinding; instances: string[] }>();
    let validated = 0;
    for (const binding of bindings) {
      if (budget && !budget.take(policies.length, () => firstSpan(policies))) continue;
      validated++;
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
      if (instances.length === validated) findings.push(finding);
      else
        findings.push({
          ...finding,
          message: `${finding.message} (instance ${instances.slice(0, 3).join(', ')}${instances.length > 3 ? ` and ${instances.length - 3} more` : ''})`,
        });
    }
  }
  findings.sort((a, b) => a.span.offset - b.span.offset || a.span.length - b.span.length || a.code.localeCompare(b.code));
  const all = extracted.policies
    .filter((policy) => kept.has(policy))
    .map((policy) => checked.get(policy))
    .filter((policy) => policy !== undefined);
  return { policies: all, findings };
}

/**
 * The instances of the block holding a policy: undefined for one without count/for_each (or whose count the
 * configuration does not determine), 'none' when Terraform creates none (`count = 0`), with a note when that or the
 * for_each itself is worth saying.
 */
function instancesOf(module: TerraformModule, address: string): { bindings: readonly InstanceBinding[] | undefined | 'none'; note?: ExtractionNote } {
  const entry = address.startsWith('data.') ? module.data.get(address.slice('data.'.length)) : module.resources.get(address);
  if (!entry) return { bindings: undefined };
  const instances = blockInstances(entry.values, entry.block, module);
  const note = instancesNote(entry.values, instances, address);
  if (instances.bindings.length === 0) return { bindings: 'none', ...(note ? { note } : {}) };
  const bindings = instances.bindings.filter((binding) => binding !== undefined);
  return { bindings: bindings.length === instances.bindings.length ? bindings : undefined, ...(note ? { note } : {}) };
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
