/**
 * Validates every policy a template holds with the policy validator, and reports its findings against the template:
 * each policy is resolved (intrinsics, interpolations), written as JSON (a JSON template's literal policy is taken as
 * it is written there, literalJsonPolicy.ts), validated as its policy type, and each finding is mapped back to the
 * template's text. Findings about values the template leaves open are dropped.
 */
import type { Catalog } from '../catalog/types';
import type { Finding } from '../findings';
import { parsePolicy } from '../parser/parsePolicy';
import type { ParsedPolicy } from '../parser/policyTree';
import type { PolicyType } from '../policyTypes';
import type { Span } from '../span';
import { validatePolicy, type SeverityOverrides, type ValidationResult } from '../validator/validatePolicy';
import type { ExtractedPolicies, TemplatePolicy } from './cloudFormationPolicies';
import type { ResolveEnvironment } from './intrinsics';
import { resolveValue } from './intrinsics';
import { literalJsonPolicy } from './literalJsonPolicy';
import { mapFix, mapSpan, stringPolicyText, touchesUnknown, verbatimPolicyText, writePolicyText, type PolicyText } from './policyText';
import type { SourceProblem } from './templateNode';
import { templateRuleSeverity } from './templateRules';
import { unknownPiece, type ResolvedValue } from './resolvedValue';

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
  /** A JSON template's text, which its literal policies are validated in (see literalJsonPolicy.ts). */
  readonly jsonText?: string;
  /**
   * Results by policy text and type, kept by the caller between versions of one document: after an edit only the
   * policies whose text changed are validated again (the editor re-validates a 200 KB template in milliseconds).
   */
  readonly cache?: PolicyResultCache;
}

/** A validation result per policy (its JSON text and type); bounded by the caller's document, emptied with it. */
export class PolicyResultCache {
  private current = new Map<string, ValidationResult>();
  private previous = new Map<string, ValidationResult>();

  get(key: string): ValidationResult | undefined {
    const found = this.current.get(key) ?? this.previous.get(key);
    if (found) this.current.set(key, found);
    return found;
  }

  set(key: string, result: ValidationResult): void {
    this.current.set(key, result);
  }

  /** Called once per validation of the whole document: what the last two versions did not use is dropped. */
  generation(): void {
    this.previous = this.current;
    this.current = new Map();
  }
}

export function validateExtracted(
  extracted: ExtractedPolicies,
  env: ResolveEnvironment,
  problems: readonly SourceProblem[],
  options: TemplateValidateOptions,
): TemplateValidation {
  options.cache?.generation();
  const policies = extracted.policies.map((policy) => checkPolicy(policy, env, options));
  const findings: TemplateFinding[] = policies.flatMap((checked) => checked.findings);
  for (const note of extracted.notes) {
    const severity = options.severities?.[note.code] ?? templateRuleSeverity(note.code);
    if (severity !== 'off') findings.push({ code: note.code, severity, message: note.message, span: note.span });
  }
  for (const problem of problems) findings.push({ code: 'templateSyntax', severity: 'error', message: problem.message, span: problem.span });
  findings.sort((a, b) => a.span.offset - b.span.offset || a.span.length - b.span.length || a.code.localeCompare(b.code));
  return { policies, findings };
}

function checkPolicy(policy: TemplatePolicy, env: ResolveEnvironment, options: TemplateValidateOptions): CheckedPolicy {
  const raw = resolveValue(policy.node, env);
  const resolved = raw && policy.apiGateway ? expandExecuteApi(raw) : raw;
  if (resolved === undefined) return { policy, text: undefined, findings: [] };
  const { text, result } = literalValidation(policy, resolved, options) ?? writtenValidation(policy, resolved, options);
  if (result === undefined) return { policy, text, findings: [] };
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

interface Validated {
  readonly text: PolicyText;
  /** Undefined for a policy there is nothing to check in. */
  readonly result?: ValidationResult;
}

/**
 * A literal policy of a JSON template validated as the template writes it; undefined when it is not one, or has
 * comments or a syntax error, which the text written from its values would not have (that text is validated then).
 */
function literalValidation(policy: TemplatePolicy, resolved: ResolvedValue, options: TemplateValidateOptions): Validated | undefined {
  const literal = options.jsonText === undefined ? undefined : literalJsonPolicy(policy.node, resolved, policy.type, options.jsonText);
  if (literal === undefined) return undefined;
  const text = verbatimPolicyText(literal, policy.node.span.offset);
  const key = cacheKey(policy, text);
  const cached = options.cache?.get(key);
  if (cached) return { text, result: cached };
  const parsed = parsePolicy(literal);
  if (parsed.problems.some((problem) => problem.kind === 'comment' || problem.kind === 'syntax')) return undefined;
  return { text, result: validated(key, parsed, policy, options) };
}

/** The policy written as JSON from its resolved values, and validated. */
function writtenValidation(policy: TemplatePolicy, resolved: ResolvedValue, options: TemplateValidateOptions): Validated {
  const text = resolved.kind === 'string' ? stringPolicyText(resolved) : writePolicyText(resolved);
  // A document built entirely by an intrinsic the template cannot resolve (`Fn::ImportValue`) is not checkable.
  if (resolved.kind === 'string' && resolved.pieces.every((piece) => piece.unknown)) return { text };
  // An empty string is a policy not written yet (a module variable's placeholder default), not an empty policy.
  if (resolved.kind === 'string' && text.text.trim() === '') return { text };
  const key = cacheKey(policy, text);
  return { text, result: options.cache?.get(key) ?? validated(key, parsePolicy(text.text), policy, options) };
}

function cacheKey(policy: TemplatePolicy, text: PolicyText): string {
  return `${policy.type}\u0000${text.text}`;
}

function validated(key: string, parsed: ParsedPolicy, policy: TemplatePolicy, options: TemplateValidateOptions): ValidationResult {
  const result = validatePolicy(parsed, {
    type: policy.type,
    catalog: options.catalog,
    ...(options.severities ? { severities: options.severities } : {}),
  });
  options.cache?.set(key, result);
  return result;
}

const EXECUTE_API = 'execute-api:';

/**
 * API Gateway reads `execute-api:/stage/GET/path` in its resource policies as the API's own ARN
 * (`arn:aws:execute-api:region:account:api-id/stage/GET/path`); the validator sees that ARN, with the API id unknown.
 */
function expandExecuteApi(value: ResolvedValue): ResolvedValue {
  switch (value.kind) {
    case 'map':
      return { ...value, entries: value.entries.map((entry) => ({ ...entry, value: expandExecuteApi(entry.value) })) };
    case 'seq':
      return { ...value, items: value.items.map(expandExecuteApi) };
    case 'string': {
      const [first, ...rest] = value.pieces;
      if (!first || first.unknown || !first.text.startsWith(`${EXECUTE_API}/`)) return value;
      const tail = first.text.slice(EXECUTE_API.length);
      return {
        ...value,
        pieces: [
          { text: 'arn:aws:execute-api:' },
          unknownPiece('the region and account of the API'),
          { text: ':' },
          unknownPiece('the API id'),
          first.sourceOffset !== undefined ? { text: tail, sourceOffset: first.sourceOffset + EXECUTE_API.length } : { text: tail },
          ...rest,
        ],
      };
    }
    default:
      return value;
  }
}
