import type { EvaluationResult, LayerTrace, PolicySource, StatementElement, StatementTrace } from '../evaluator/types';
import type { ParsedPolicy, PrincipalElement } from '../parser/policyTree';
import { assertNever } from '../policyTypes';
import type { ExplainedLayer, ExplainedPolicy, ExplainedReason, ExplainedStatement, Explanation } from './explanation';
import { fileSpan } from './fileSpan';
import { reasonLine } from './reasonLine';
import { absentKeysAwsAlwaysSets, regionTakenFromResource } from './keysAwsAlwaysSets';
import { unresolvedValueProblems } from './unresolvedValues';
import {
  absentKeysSentence,
  capitalise,
  regionFromResourceSentence,
  regionGivenElsewhereSentence,
  conditionNote,
  conditionSentence,
  elementSentence,
  layerPolicyName,
  policyTypeName,
  quoteList,
  withArticle,
} from './sentences';
import { statementSnippet } from './snippet';

interface RequestWords {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly policyOf?: (source: PolicySource) => ParsedPolicy | undefined;
}

export interface ExplainOptions {
  /**
   * The parsed document behind a source (`model/policyLookup.ts`), so a near miss can quote what the element that
   * did not match lists ("Resource does not match …: it lists 'arn:aws:s3:::reports/*'"). Optional: without it the
   * sentences name the element only.
   */
  readonly policyOf?: (source: PolicySource) => ParsedPolicy | undefined;
}

/**
 * Turns an evaluation result into words: AWS's AccessDenied sentence first, then a line per layer, then the
 * deciding statements and near misses naming the element, the request value and the policy values, each pointing
 * at its characters. It only formats what the evaluator traced (the README's architecture invariant 3): it decides nothing.
 */
export function explainResult(result: EvaluationResult, options: ExplainOptions = {}): Explanation {
  const request = requestWords(result, options);
  const layers = result.layers.map((layer) => explainLayer(layer, result));
  const failed = result.decision === 'implicitDeny' ? findFailedLayer(result, layers) : undefined;
  const deciding = result.decidingStatements.map((s) => explainStatement(s, request, 'deciding'));
  const nearMisses = result.nearMisses.map((s) => explainStatement(s, request, 'nearMiss'));
  const reason = reasonLine(result, { deciding, nearMisses, failed, layerOf: (s) => layerOf(result, s)?.kind });
  return {
    decision: result.decision,
    summary: summarise(result, request, failed),
    reason: reason.text,
    ...(reason.span !== undefined && reason.file !== undefined ? { reasonSpan: reason.span, reasonFile: reason.file } : {}),
    principal: request.principal,
    action: request.action,
    resource: request.resource,
    layers,
    deciding,
    ...(failed ? { implicitDenyLayer: failed } : {}),
    nearMisses,
    errors: [
      ...result.errors.map((e) => (e.source ? `${e.source.name}: ${e.message}` : e.message)),
      ...requestContextProblems(result),
      ...openValueProblemsOf(result, deciding, nearMisses),
    ],
    crossAccount: result.crossAccount,
    ...(result.note !== undefined ? { note: result.note } : {}),
  };
}

/**
 * Only the problems of an answer that met a value the template leaves open (unresolvedValues.ts), worded as in its
 * explanation: for faces that show an answer without explaining it (who-can's principals, a passing test).
 * `byDocument`: name a managed policy's statements by the policy alone, not by what it is attached to, so that a face
 * gathering the answers of many principals (who-can) says once what a policy attached to all of them holds (an inline
 * policy's name is its owner's, so it keeps saying whose).
 */
export function openValueProblems(result: EvaluationResult, options: ExplainOptions & { readonly byDocument?: boolean } = {}): string[] {
  const request = requestWords(result, options);
  return openValueProblemsOf(
    result,
    result.decidingStatements.map((s) => explainStatement(s, request, 'deciding')),
    result.nearMisses.map((s) => explainStatement(s, request, 'nearMiss')),
    options.byDocument ?? false,
  );
}

function openValueProblemsOf(
  result: EvaluationResult,
  deciding: readonly ExplainedStatement[],
  nearMisses: readonly ExplainedStatement[],
  byDocument = false,
): string[] {
  const label = (statement: StatementTrace) => capitalise(statementLabel(byDocument ? withoutAttachment(statement) : statement));
  return unresolvedValueProblems(
    result.decision,
    nearMisses.map((explained, i) => ({ label: label(result.nearMisses[i] as StatementTrace), explained })),
    deciding.map((explained, i) => ({ label: label(result.decidingStatements[i] as StatementTrace), explained })),
  );
}

function withoutAttachment(statement: StatementTrace): StatementTrace {
  if (statement.source.arn === undefined) return statement;
  const { attachedTo: _attachedTo, ...source } = statement.source;
  return { ...statement, source };
}

function requestWords(result: EvaluationResult, options: ExplainOptions): RequestWords {
  return {
    principal: result.request.principal,
    action: result.request.action,
    resource: result.request.resource,
    ...(options.policyOf ? { policyOf: options.policyOf } : {}),
  };
}

function summarise(result: EvaluationResult, request: RequestWords, failed: ExplainedLayer | undefined): string {
  const head = `User: ${request.principal}`;
  const target = `${request.action} on resource: ${request.resource}`;
  switch (result.decision) {
    case 'explicitDeny': {
      const first = result.decidingStatements.find((s) => s.effect === 'Deny');
      const kind = first ? layerOf(result, first)?.kind : undefined;
      const where = kind ? layerPolicyName(kind) : first ? policyTypeName(first.source.type) : 'policy';
      return `${head} is not authorized to perform: ${target} with an explicit deny in ${withArticle(where)}`;
    }
    case 'implicitDeny': {
      if (result.note !== undefined && !failed) return `${head} is not authorized to perform: ${target} (${result.note})`;
      const where = failed ? layerPolicyName(failed.kind) : 'policy';
      return `${head} is not authorized to perform: ${target} because no ${where} allows the ${request.action} action`;
    }
    case 'allowed': {
      const first = grantingStatement(result);
      if (!first) {
        const note = result.note ?? result.layers.find((l) => l.note !== undefined && l.outcome === 'allows')?.note;
        return `${head} is allowed to perform: ${target}${note ? ` (${note})` : ''}`;
      }
      const kind = layerOf(result, first)?.kind;
      const type = kind ? layerPolicyName(kind) : policyTypeName(first.source.type);
      const sid = first.sid !== undefined ? `statement ${first.sid}` : `statement ${first.statementIndex + 1}`;
      // Names such as `trust policy of role app-server` already say what they are part of: `of the role trust policy
      // of role app-server`, not `of role trust policy trust policy of role app-server`.
      const partOf = /\bpolicy of (.+)$/.exec(first.source.name);
      // And `inline policy read` is `the inline identity-based policy read`, not `identity-based policy inline policy read`.
      const inline = /^inline policy (.+)$/.exec(first.source.name);
      const policy = partOf ? `the ${type} of ${partOf[1]}` : inline ? `the inline ${type} ${inline[1]}` : `${type} ${first.source.name}`;
      return `${head} is allowed to perform: ${target} by ${sid} of ${policy}`;
    }
    default:
      return assertNever(result.decision);
  }
}

/** The layer whose policies hold this statement (by identity of the source object, then by name and type). */
function layerOf(result: EvaluationResult, statement: StatementTrace): LayerTrace | undefined {
  return (
    result.layers.find((l) => l.policies.some((p) => p.source === statement.source)) ??
    result.layers.find((l) => l.policies.some((p) => p.source.name === statement.source.name && p.source.type === statement.source.type))
  );
}

function findFailedLayer(result: EvaluationResult, layers: readonly ExplainedLayer[]): ExplainedLayer | undefined {
  if (result.failedLayer === undefined) return layers.find((l) => l.outcome === 'noAllow');
  return layers.find((l) => l.kind === result.failedLayer && l.outcome === 'noAllow') ?? layers.find((l) => l.kind === result.failedLayer);
}

function explainLayer(layer: LayerTrace, result: EvaluationResult): ExplainedLayer {
  let sentence: string;
  switch (layer.outcome) {
    case 'allows':
      sentence = 'allows';
      break;
    case 'denies':
      sentence = 'denies (explicit deny)';
      break;
    case 'noAllow':
      sentence = `no statement allows ${result.request.action}`;
      break;
    case 'notApplicable':
      sentence = 'does not apply';
      break;
    default:
      sentence = assertNever(layer.outcome);
  }
  if (layer.note !== undefined) sentence += ` — ${layer.note.replace(/\.$/, '')}`;
  return {
    kind: layer.kind,
    label: layer.label,
    ...(layer.level !== undefined ? { level: layer.level } : {}),
    ...(layer.side !== undefined ? { side: layer.side } : {}),
    outcome: layer.outcome,
    sentence,
    policies: layer.policies.map((p) => p.source.name),
  };
}

export function explainPolicy(source: PolicySource): ExplainedPolicy {
  return {
    name: source.name,
    type: source.type,
    ...(source.arn !== undefined ? { arn: source.arn } : {}),
    ...(source.file !== undefined ? { file: source.file } : {}),
    ...(source.attachedTo !== undefined ? { attachedTo: source.attachedTo } : {}),
  };
}

/**
 * The Allow that best says why a request is allowed. When several apply, one that names the principal beats one that
 * only names its account (a key policy's "enable IAM policies" statement delegates; it does not grant by itself).
 */
export function grantingStatement(result: EvaluationResult): StatementTrace | undefined {
  const allows = result.decidingStatements.filter((s) => s.effect === 'Allow');
  const viaAccount = (s: StatementTrace): boolean =>
    s.elements.some((e) => e.element === 'Principal' && e.matched && e.value !== undefined && /^(arn:[^:]+:iam::\d{12}:root|\d{12})$/.test(e.value));
  return allows.find((s) => !viaAccount(s)) ?? allows[0];
}

/**
 * Why an allowed request is allowed: its granting statement, or, when no statement decided (the account root user,
 * a service rule such as sts:GetCallerIdentity), the note that says why.
 */
export function grantReason(result: EvaluationResult): { readonly statement: StatementTrace } | { readonly note: string } {
  const statement = grantingStatement(result);
  if (statement) return { statement };
  const note = result.note ?? result.layers.find((l) => l.outcome === 'allows' && l.note !== undefined)?.note;
  return { note: note ?? 'no statement: allowed by default' };
}

/**
 * `statement ReadReports of Dev (attached to group devs)`: a statement named for people. A permissions boundary is not
 * attached to its principal but set as its boundary (`(the permissions boundary of role ci)`), and AWS's words differ.
 */
export function statementLabel(statement: StatementTrace): string {
  return `${statementOfPolicy(statement)}${heldBy(statement.source)}`;
}

/** `App (attached to role app)`, `Limits (the permissions boundary of user bob)`: the policy and what holds it. */
export function policyLabel(source: PolicySource): string {
  return `${source.name}${heldBy(source)}`;
}

function heldBy(source: PolicySource): string {
  const holder = source.attachedTo !== undefined && !source.name.includes(source.attachedTo) ? source.attachedTo : undefined;
  return holder === undefined ? '' : source.type === 'boundary' ? ` (the permissions boundary of ${holder})` : ` (attached to ${holder})`;
}

/** `statement ReadReports of Dev`: the statement and its policy, whatever holds the policy. */
export function statementOfPolicy(statement: StatementTrace): string {
  const name = statement.sid !== undefined ? `statement ${statement.sid}` : `statement ${statement.statementIndex + 1}`;
  return `${name} of ${statement.source.name}`;
}

function explainStatement(statement: StatementTrace, request: RequestWords, role: 'deciding' | 'nearMiss'): ExplainedStatement {
  const source = statement.source;
  const label = statementLabel(statement);
  const verb = statement.effect === 'Deny' ? 'denies' : 'allows';
  const reasons = role === 'deciding' ? decidingReasons(statement, request) : nearMissReasons(statement, request);
  const headline =
    role === 'deciding'
      ? `${capitalise(label)} ${verb} ${request.action}`
      : `${capitalise(label)} would ${statement.effect === 'Deny' ? 'deny' : 'allow'} ${request.action}, but ${reasons[0]?.sentence ?? 'it does not apply'}`;
  const span = fileSpan(source, statement.span);
  const who = shortName(request.principal);
  const telling = reasons.find((r) => r.element === 'Condition' || !r.matched)?.sentence;
  const inlineText =
    role === 'deciding'
      ? `${statement.effect === 'Deny' ? '✖' : '✔'} ${verb} ${request.action} for ${who}${telling ? `: ${telling}` : ''}`
      : `○ would ${statement.effect === 'Deny' ? 'deny' : 'allow'} ${request.action} for ${who}, but ${reasons[0]?.sentence ?? 'it does not apply'}`;
  const parsed = request.policyOf?.(source);
  const snippet = parsed && statement.span ? statementSnippet(source, parsed.text, statement.span) : undefined;
  return {
    policy: explainPolicy(source),
    effect: statement.effect,
    statementIndex: statement.statementIndex,
    ...(statement.sid !== undefined ? { sid: statement.sid } : {}),
    ...(span ? { span } : {}),
    headline,
    inlineText,
    reasons,
    ...(snippet ? { snippet } : {}),
  };
}

/** For a deciding statement: every element that matched, and every condition that held. */
function decidingReasons(statement: StatementTrace, request: RequestWords): ExplainedReason[] {
  const reasons: ExplainedReason[] = statement.elements
    .filter((e) => e.element !== 'Condition')
    .map((e) => {
      const span = fileSpan(statement.source, e.valueSpan ?? e.span);
      const sentence = elementSentence(e, request);
      return { element: e.element, matched: e.matched, sentence, note: sentence, ...(span ? { span } : {}) };
    });
  for (const condition of statement.conditions) reasons.push(conditionReason(statement, condition));
  return reasons;
}

/** For a near miss: the elements and conditions that did not match (evaluation stops at the first element). */
function nearMissReasons(statement: StatementTrace, request: RequestWords): ExplainedReason[] {
  const reasons: ExplainedReason[] = [];
  for (const element of statement.elements) {
    if (element.matched) continue;
    if (element.element === 'Condition') {
      for (const condition of statement.conditions) if (!condition.matched) reasons.push(conditionReason(statement, condition));
      if (reasons.length === 0) {
        const sentence = elementSentence(element, request);
        reasons.push({ element: 'Condition', matched: false, sentence, note: sentence });
      }
      continue;
    }
    const span = fileSpan(statement.source, element.valueSpan ?? element.span);
    const listed = listedValues(statement, element.element, request);
    const sentence =
      elementSentence(element, request) +
      (listed && listed.length > 0 && element.value === undefined
        ? `: it lists ${quoteList(listed.slice(0, 5))}${listed.length > 5 ? `, … (${listed.length} in all)` : ''}`
        : '');
    reasons.push({
      element: element.element,
      matched: false,
      sentence,
      note: elementSentence(element, request),
      ...(span ? { span } : {}),
      ...(listed ? { policyValues: listed } : {}),
    });
  }
  // Some traces carry failing conditions without a Condition element entry.
  if (reasons.length === 0) for (const condition of statement.conditions) if (!condition.matched) reasons.push(conditionReason(statement, condition));
  return reasons;
}

/** What the statement's element lists, read from the parsed document when the caller can provide it. */
function listedValues(statement: StatementTrace, element: StatementElement, request: RequestWords): string[] | undefined {
  const node = request.policyOf?.(statement.source)?.document?.statements[statement.statementIndex];
  if (!node) return undefined;
  switch (element) {
    case 'Action':
      return node.action?.items.map((i) => i.value);
    case 'NotAction':
      return node.notAction?.items.map((i) => i.value);
    case 'Resource':
      return node.resource?.items.map((i) => i.value);
    case 'NotResource':
      return node.notResource?.items.map((i) => i.value);
    case 'Principal':
      return node.principal ? principalValues(node.principal) : undefined;
    case 'NotPrincipal':
      return node.notPrincipal ? principalValues(node.notPrincipal) : undefined;
    case 'Condition':
      return undefined;
    default:
      return assertNever(element);
  }
}

function principalValues(principal: PrincipalElement): string[] {
  if (principal.bare) return [principal.bare.value];
  return principal.entries.flatMap((entry) => entry.values.map((v) => (entry.type === 'AWS' ? v.value : `${entry.type}: ${v.value}`)));
}

function conditionReason(statement: StatementTrace, condition: StatementTrace['conditions'][number]): ExplainedReason {
  const span = fileSpan(statement.source, condition.span);
  return {
    element: 'Condition',
    matched: condition.matched,
    sentence: conditionSentence(condition),
    note: conditionNote(condition),
    ...(span ? { span } : {}),
    operator: condition.operator,
    key: condition.key,
    ...(condition.requestValues !== undefined ? { requestValues: condition.requestValues } : {}),
    policyValues: condition.resolvedPolicyValues ?? condition.policyValues,
  };
}

/** `alice` for `arn:aws:iam::111111111111:user/alice`, `app-server/i-0abc` for a role session, the account for a root. */
function shortName(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  if (resource === 'root') return `the root user of ${arn.split(':')[4] ?? ''}`;
  const parts = resource.split('/');
  if (parts[0] === 'assumed-role') return parts.slice(1).join('/');
  return parts[parts.length - 1] || arn;
}

/**
 * A decision that met a key absent which AWS sets on every request is one AWS may not make, and one that turned on a
 * Region taken from the resource's ARN rests on where the request is made: both said with the problems.
 */
function requestContextProblems(result: EvaluationResult): string[] {
  const keys = absentKeysAwsAlwaysSets(result);
  const region = regionTakenFromResource(result);
  const elsewhere = result.regionGivenElsewhere;
  return [
    ...(keys.length > 0 ? [absentKeysSentence(keys)] : []),
    ...(region !== undefined ? [regionFromResourceSentence(region)] : []),
    ...(elsewhere !== undefined ? [regionGivenElsewhereSentence(elsewhere.given, elsewhere.resource)] : []),
  ];
}
