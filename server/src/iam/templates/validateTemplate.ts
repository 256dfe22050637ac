/**
 * Validates every policy a template holds with the policy validator, and reports its findings against the template:
 * each policy is resolved (intrinsics, interpolations), written as JSON, validated as its policy type, and each
 * finding is mapped back to the template's text. Findings about values the template leaves open are dropped.
 */
import type { Catalog } from '../catalog/types';
import type { Finding } from '../findings';
import { parsePolicy } from '../parser/parsePolicy';
import type { PolicyType } from '../policyTypes';
import type { Span } from '../span';
import { validatePolicy, type SeverityOverrides } from '../validator/validatePolicy';
import type { ExtractedPolicies, TemplatePolicy } from './cloudFormationPolicies';
import type { ResolveEnvironment } from './intrinsics';
import { resolveValue } from './intrinsics';
import { mapFix, mapSpan, stringPolicyText, touchesUnknown, writePolicyText, type PolicyText } from './policyText';
import type { SourceProblem } from './templateNode';

/** A finding in a template, with the policy it is about. */
export interface TemplateFinding extends Finding {
  readonly policy?: { readonly label: string; readonly path: string; readonly type: PolicyType; readonly construct?: string };
}

export interface CheckedPolicy {
  readonly policy: TemplatePolicy;
  /** The policy as the validator saw it (JSON), for hover and tests. */
  readonly text: PolicyText | undefined;
  readonly findings: readonly TemplateFinding[];
}

export interface TemplateValidation {
  readonly policies: readonly CheckedPolicy[];
  /** Every finding, sorted by position: the policies', the extraction's notes, the reader's problems. */
  readonly findings: readonly TemplateFinding[];
}

export interface TemplateValidateOptions {
  readonly catalog: Catalog;
  readonly severities?: SeverityOverrides;
  /** JSON templates can take any fix a policy file can; YAML and HCL only those that replace a scalar. */
  readonly sourceIsJson: boolean;
}

export function validateExtracted(
  extracted: ExtractedPolicies,
  env: ResolveEnvironment,
  problems: readonly SourceProblem[],
  options: TemplateValidateOptions,
): TemplateValidation {
  const policies = extracted.policies.map((policy) => checkPolicy(policy, env, options));
  const findings: TemplateFinding[] = policies.flatMap((checked) => checked.findings);
  for (const note of extracted.notes) {
    const severity = options.severities?.[note.code] ?? 'info';
    if (severity !== 'off') findings.push({ code: note.code, severity, message: note.message, span: note.span });
  }
  for (const problem of problems) findings.push({ code: 'templateSyntax', severity: 'error', message: problem.message, span: problem.span });
  findings.sort((a, b) => a.span.offset - b.span.offset || a.span.length - b.span.length || a.code.localeCompare(b.code));
  return { policies, findings };
}

function checkPolicy(policy: TemplatePolicy, env: ResolveEnvironment, options: TemplateValidateOptions): CheckedPolicy {
  const resolved = resolveValue(policy.node, env);
  if (resolved === undefined) return { policy, text: undefined, findings: [] };
  const text = resolved.kind === 'string' ? stringPolicyText(resolved) : writePolicyText(resolved);
  // A document built entirely by an intrinsic the template cannot resolve (`Fn::ImportValue`) is not checkable.
  if (resolved.kind === 'string' && resolved.pieces.every((piece) => piece.unknown)) return { policy, text, findings: [] };
  const result = validatePolicy(parsePolicy(text.text), { type: policy.type, catalog: options.catalog, ...(options.severities ? { severities: options.severities } : {}) });
  const about = { label: policy.label, path: policy.path, type: policy.type, ...(policy.construct !== undefined ? { construct: policy.construct } : {}) };
  const findings: TemplateFinding[] = [];
  const hasUnknowns = text.unknowns.length > 0;
  for (const finding of result.findings) {
    if (touchesUnknown(text, finding.span)) continue;
    // "Already covered by …" compares values; beside a stand-in for an unknown it would compare with a guess.
    if (hasUnknowns && finding.code.startsWith('redundant')) continue;
    const span: Span = mapSpan(text, finding.span) ?? policy.node.span;
    const fixes = (finding.fixes ?? []).map((fix) => mapFix(text, fix, options.sourceIsJson)).filter((fix) => fix !== undefined);
    const { fixes: _dropped, ...rest } = finding;
    findings.push({ ...rest, span, ...(fixes.length > 0 ? { fixes } : {}), policy: about });
  }
  return { policy, text, findings };
}
