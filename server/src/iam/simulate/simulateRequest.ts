import { isKnownAction, meantAction as meantActionOf, meantConditionKey } from '../catalog';
import { evaluate, requestProblems, resolveRequestPrincipal, type EvaluationOptions } from '../evaluator';
import type { EvaluationRequest, EvaluationResult, PolicyRef, PolicySource } from '../evaluator';
import { explainResult, type Explanation, type Fix } from '../explain';
import { isPrivateRange, parseIpRange } from '../validator';
import { closestResources, policyLookup, type LoadedModel, type ModelHost } from '../model';
import { counterfactualFixes } from './counterfactuals';
import { unknownConditionKeyProblems } from './unknownConditionKeys';
import { decidingPolicyErrors } from './decidingPolicyErrors';
import { modelProbe } from './decisionProbe';
import type { PolicyOf } from './candidate';
import { explanationWithFixes } from './explanationWithFixes';
import { modelFileOf, type ModelFile } from './inlinePolicyAdded';

export interface SimulateInput {
  readonly model: LoadedModel;
  /** The model's file and the host it was loaded through: fixes that edit files are judged by loading it again. */
  readonly modelPath: string;
  readonly host: ModelHost;
  readonly request: EvaluationRequest;
  readonly options: EvaluationOptions;
  /** Whether to look for fixes for this result (a passing test needs none). Default: when the request is denied. */
  readonly wantFixes?: (result: EvaluationResult) => boolean;
  /** The model's policy lookup, when the caller simulates many requests against one model (built once then). */
  readonly policyOf?: PolicyOf;
}

export interface Simulation {
  readonly result: EvaluationResult;
  readonly explanation: Explanation;
}

/**
 * The simulate use case, for every face (CLI `simulate` and `test`, the language server's evaluate and runTests):
 * evaluate, explain with the statements' text, and for a denial the verified counterfactual fixes.
 */
export function simulateRequest(input: SimulateInput): Simulation {
  const extra: readonly PolicyRef[] = input.request.sessionPolicyRefs ?? [];
  const policyOf = extra.length === 0 && input.policyOf ? input.policyOf : policyLookup(input.model, extra);
  const result = evaluate(input.model, input.request, input.options);
  const catalog = input.options.catalog;
  const problems = catalog ? [...decidingPolicyErrors(result, policyOf, catalog), ...unknownConditionKeyProblems(result, catalog)] : [];
  // A denied resource the model lacks, a few edits from one it lists, is a typo, mostly: the answer (and a fix that
  // would write it into a policy) is about a resource nobody meant, as who-can says too. Among the accounts read for
  // the request only: a large model's others are not read for a guess.
  const meant = result.decision === 'allowed' ? undefined : closestResources(input.model, input.request.resource, 'read');
  if (meant !== undefined) problems.push(meant);
  const explained = withProblems(explainResult(result, { policyOf }), problems);
  const wanted = input.wantFixes ? input.wantFixes(result) : result.decision !== 'allowed';
  if (!wanted) return { result, explanation: explained };
  return { result, explanation: explanationWithFixes(explained, verifiedFixes(result, { ...input, policyOf })) };
}

/**
 * What `verifiedFixes` needs besides the result: the model, where it was loaded from, the request as asked (the result's
 * own copy holds the context the evaluation completed, and no session policies) and how requests are evaluated.
 */
export type FixInput = Pick<SimulateInput, 'model' | 'modelPath' | 'host' | 'request' | 'options'> & { readonly policyOf: PolicyOf };

/**
 * The verified counterfactual fixes of a request already decided (`counterfactualFixes`), within what the catalog says
 * is real: `simulateRequest`'s, and `explain`'s for a denial it has evaluated.
 */
export function verifiedFixes(result: EvaluationResult, input: FixInput): Fix[] {
  const catalog = input.options.catalog;
  // A request can carry only keys that exist: a policy that tests a misspelt key is fixed in the policy, not by
  // setting the misspelt key in the request.
  const knownKey = catalog ? (key: string) => catalog.conditionKey(key) !== undefined : undefined;
  // Nor does a fix write a misspelt action into a policy (the request's problems suggest the right one).
  const knownAction = catalog ? (action: string) => isKnownAction(catalog, action) : undefined;
  // Nor a resource the action never acts on (`s3:ListBucket` on an object), nor one that is no ARN (a test that left out
  // `arn:aws:s3:::`): a policy listing it would match nothing.
  const resourceOfAction = catalog
    ? (action: string, resource: string) =>
        !requestProblems(catalog, action, resource, undefined).some((p) => p.code === 'resourceNotOfAction' || p.code === 'invalidResource')
    : undefined;
  // What a fix that adds the resource to a statement says the statement grants there besides the request: an action of
  // another resource type gets nothing on it, nor one that acts on no resource type (it is allowed on "*" only).
  const grantsOn = catalog
    ? (action: string, resource: string) =>
        resourceOfAction?.(action, resource) !== false && catalog.actionsMatching(action).some((info) => info.resourceTypes.length > 0)
    : undefined;
  // And a misspelt action a statement lists is mended where it is, when the catalog takes it for the request's.
  const meantAction = catalog ? (listed: string) => meantActionOf(catalog, listed) : undefined;
  // And a misspelt condition key is mended in the policy, where setting the request's context cannot help.
  const meantKey = catalog ? (key: string) => meantConditionKey(catalog, key) : undefined;
  return counterfactualFixes(result, input.policyOf, modelProbe(input.modelPath, input.host, input.model, input.request, input.options), {
    ...(knownKey ? { knownKey } : {}),
    ...(knownAction ? { knownAction } : {}),
    ...(resourceOfAction ? { resourceOfAction } : {}),
    ...(grantsOn ? { grantsOn } : {}),
    ...(meantAction ? { meantAction } : {}),
    ...(meantKey ? { meantKey } : {}),
    possibleValue,
    ...roleOfSession(input.model, input.request.principal),
    modelFile: modelFileOnce(input),
    sharedWith: (source) => othersHolding(input, source),
    ...resourceHomeOf(input.model, input.request.resource),
  });
}

/**
 * For a role session, the role's ARN (with its path) for fixes to name: a Principal that names the role matches every
 * session of it, and one that names the session matches that session name only. Nothing for any other principal.
 */
function roleOfSession(model: SimulateInput['model'], principal: string): { principalToName?: string } {
  // As the evaluation resolved it (remembered per model): the session's role, when the model has it.
  const resolved = resolveRequestPrincipal(model, principal);
  return resolved.kind === 'roleSession' && resolved.entity !== undefined ? { principalToName: resolved.entity.arn } : {};
}

/** False for a value AWS never sets: aws:SourceIp holds public addresses only (a VPC endpoint's requests have none). */
function possibleValue(key: string, value: string): boolean {
  if (key.toLowerCase() !== 'aws:sourceip') return true;
  const range = parseIpRange(value);
  return range === undefined || !isPrivateRange(range);
}

/**
 * The other users and roles whose inline policy is the one `source` is: a template's AWS::IAM::Policy that lists
 * several roles is written once, and the model built from it gives each a copy of the same name and text. Looked for in
 * template files only (YAML, `.template`, Terraform, `*.template.json`): each inline policy of a hand-written model is
 * written in its principal's own place, and managed and group policies are said to be shared by their own caveats.
 */
function othersHolding(input: FixInput, source: PolicySource): string[] {
  const file = source.file;
  if (source.arn !== undefined || file === undefined || !TEMPLATE_FILE.test(file) || source.attachedTo?.startsWith('group ')) return [];
  const text = input.policyOf(source)?.text;
  const others: string[] = [];
  for (const principal of input.model.principals()) {
    if (`${principal.kind} ${principal.name}` === source.attachedTo) continue;
    const copy = (ref: PolicyRef) => ref.source.arn === undefined && ref.source.file === file && ref.source.name === source.name;
    if (principal.identityPolicies.some((ref) => copy(ref) && input.policyOf(ref.source)?.text === text)) others.push(`${principal.kind} ${principal.name}`);
  }
  return others;
}

const TEMPLATE_FILE = /\.(ya?ml|template|tf|template\.json)$/i;

/** The resource the request names, as the model declares it (the bucket of an object), if it does. */
function resourceHomeOf(model: SimulateInput['model'], resource: string): { resourceHome?: { arn: string; accountId: string } } {
  const declared = model.resource(resource);
  return declared ? { resourceHome: { arn: declared.arn, accountId: declared.accountId } } : {};
}

/**
 * The model's file for the fixes of one request, read (within `modelFileOf`'s budget) the first time a fix asks: the
 * inline policy, the resource policy and the pairs of two changes all write into it, and read it once between them.
 */
function modelFileOnce(input: FixInput): () => ModelFile | undefined {
  let read: { readonly file: ModelFile | undefined } | undefined;
  return () => (read ??= { file: modelFileOf(input.model, input.modelPath, () => textOf(input.host.readFile(input.modelPath))) }).file;
}

function textOf(read: string | { readonly error: string }): string | undefined {
  return typeof read === 'string' ? read : undefined;
}

function withProblems(explanation: Explanation, problems: readonly string[]): Explanation {
  return problems.length === 0 ? explanation : { ...explanation, errors: [...explanation.errors, ...problems] };
}
