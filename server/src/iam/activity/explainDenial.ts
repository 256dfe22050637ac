import type { Catalog } from '../catalog/types';
import { evaluate } from '../evaluator';
import type { ContextValue, EvaluationModel, EvaluationRequest, EvaluationResult, LayerKind } from '../evaluator';
import { absentKeysAwsAlwaysSets, explainResult, grantReason, statementLabel } from '../explain';
import type { Explanation } from '../explain';
import type { ReportedDenial } from './accessDeniedMessage';

export interface DenialInput {
  readonly reported: ReportedDenial;
  /** Context the record shows (a message alone has none). */
  readonly context?: Readonly<Record<string, ContextValue>>;
  /** Context the user gives, over what the record shows or a message implies: keys AWS set that neither shows. */
  readonly given?: Readonly<Record<string, ContextValue>>;
  readonly federatedBy?: string;
  readonly time?: Date;
}

export interface DenialExplanation {
  /** The request rebuilt from the denial, as asked of the model. */
  readonly request: EvaluationRequest;
  readonly result: EvaluationResult;
  readonly explanation: Explanation;
  /** True when the model denies the request the way AWS said (same kind of policy, same kind of deny). */
  readonly reproduced: boolean;
  /** One sentence: reproduced, or which part of the model must be out of date. */
  readonly verdict: string;
}

/**
 * Rebuilds the request an AccessDenied message (or record) describes, decides it on the model, and says whether the
 * model denies it the way AWS did; if not, which part of the model cannot be what AWS has.
 */
export function explainDenial(model: EvaluationModel, catalog: Catalog, input: DenialInput): DenialExplanation {
  const { reported } = input;
  // A message alone shows no context; the evaluator takes the Region from the resource's ARN, as AWS sets it.
  const transportUnknown = input.context === undefined && !Object.keys(input.given ?? {}).some((key) => key.toLowerCase() === SECURE_TRANSPORT.toLowerCase());
  const asked = (transport?: 'true' | 'false'): Asked => {
    const request: EvaluationRequest = {
      principal: reported.principal,
      action: reported.action,
      resource: reported.resource,
      context: { ...(transport ? { [SECURE_TRANSPORT]: transport } : {}), ...input.context, ...input.given },
      ...(input.federatedBy !== undefined ? { federatedBy: input.federatedBy } : {}),
    };
    const result = evaluate(model, request, { catalog, ...(input.time ? { now: input.time } : {}) });
    const modelLayer = decidingLayer(result);
    const sameDecision = reported.decision === undefined || reported.decision === result.decision;
    const sameLayer = reported.layers === undefined || (modelLayer !== undefined && reported.layers.includes(modelLayer));
    return { request, result, modelLayer, reproduced: result.decision !== 'allowed' && sameDecision && sameLayer };
  };
  let answer = asked(transportUnknown ? 'true' : undefined);
  let note: string | undefined;
  if (transportUnknown && testsKey(answer.result, SECURE_TRANSPORT)) {
    // Over HTTPS unless only a request over HTTP is denied as AWS said (an HTTPS-only bucket's Deny): then it was that.
    const overHttp = answer.reproduced ? undefined : asked('false');
    if (overHttp?.reproduced) answer = overHttp;
    note = overHttp?.reproduced ? OVER_HTTP : OVER_HTTPS;
  }
  const { request, result, modelLayer, reproduced } = answer;
  const explained = explainResult(result);
  const explanation = note === undefined ? explained : { ...explained, note: explained.note === undefined ? note : `${note} ${explained.note}` };
  return { request, result, explanation, reproduced, verdict: verdictOf(model, reported, result, modelLayer, reproduced) };
}

/** A request rebuilt from a denial, decided, and whether the model denies it as AWS said. */
interface Asked {
  readonly request: EvaluationRequest;
  readonly result: EvaluationResult;
  readonly modelLayer: LayerKind | undefined;
  readonly reproduced: boolean;
}

const SECURE_TRANSPORT = 'aws:SecureTransport';

/**
 * AWS sets aws:SecureTransport on every request, and an AccessDenied message does not say it: taken as true, as the
 * AWS CLI, the SDKs and the console send requests over HTTPS (left absent, an HTTPS-only Deny written `BoolIfExists`
 * denied every message, and the verdict blamed a policy that agrees with AWS), unless only a request over HTTP is
 * denied as AWS said. Either is said where a condition tested the key; --context gives it otherwise.
 */
const OVER_HTTPS = `${SECURE_TRANSPORT} is taken as true: the message does not say how the request was sent, and the AWS CLI, the SDKs and the console send requests over HTTPS.`;
const OVER_HTTP = `${SECURE_TRANSPORT} is taken as false: the message does not say how the request was sent, and the model denies it as AWS said only if it was sent over HTTP.`;

/** Whether a condition of a deciding statement or a near miss tested the key. */
function testsKey(result: EvaluationResult, key: string): boolean {
  const lower = key.toLowerCase();
  return [...result.decidingStatements, ...result.nearMisses].some((statement) => statement.conditions.some((c) => c.key.toLowerCase() === lower));
}

/** The layer that decided a denial: the one whose Deny applied, or the one with no Allow. */
function decidingLayer(result: EvaluationResult): LayerKind | undefined {
  if (result.decision === 'implicitDeny') return result.failedLayer;
  if (result.decision !== 'explicitDeny') return undefined;
  const deny = result.decidingStatements[0];
  return deny ? result.layers.find((l) => l.policies.some((p) => p.source === deny.source))?.kind : undefined;
}

function verdictOf(model: EvaluationModel, reported: ReportedDenial, result: EvaluationResult, modelLayer: LayerKind | undefined, reproduced: boolean): string {
  const aws = reported.policyKind
    ? `${reported.decision === 'explicitDeny' ? 'an explicit deny in' : 'no allow in'} ${withArticle(reported.policyKind)}`
    : 'a denial';
  if (reproduced) return `The model reproduces the denial AWS reported (${aws}).`;
  // An answer that turns on a key AWS sets on every request, which the denial does not show (the Region, mostly),
  // says nothing yet about what AWS has: the key's value comes first.
  const unknown = absentKeysAwsAlwaysSets(result);
  const then =
    unknown.length > 0
      ? `Its answer turns on ${unknown.join(' and ')}, which the denial does not show and AWS sets on every request: ask again with ${unknown.map((k) => `--context ${k}=VALUE`).join(' ')} before taking the model for out of date.`
      : outOfDate(model, reported, result);
  if (result.decision === 'allowed') {
    const grant = grantReason(result);
    const by = 'statement' in grant ? statementLabel(grant.statement) : grant.note;
    return `The model allows what AWS denied (model: allowed by ${by}; AWS: ${aws}). ${then}`;
  }
  const ours = modelLayer ? `${result.decision === 'explicitDeny' ? 'an explicit deny in' : 'no allow in'} the ${modelLayer} layer` : result.decision;
  return `The model denies too, but not the same way (model: ${ours}; AWS: ${aws}). ${then}`;
}

/** Which part of the model AWS's answer says is not what AWS has. */
function outOfDate(model: EvaluationModel, reported: ReportedDenial, result: EvaluationResult): string {
  const principal = model.principal(reported.principal) ?? sessionRole(model, reported.principal);
  const who = principal ? `${principal.kind} ${principal.name} (${principal.accountId})` : reported.principal;
  const explicit = reported.decision === 'explicitDeny';
  switch (reported.layers?.[0]) {
    case 'identity':
      return explicit
        ? `Out of date: the identity-based policies of ${who}: in AWS one of them denies ${reported.action}; the model's do not.`
        : `Out of date: the identity-based policies of ${who}: in AWS none of them allows ${reported.action} on this resource (a policy or group membership was removed, or the model grants more than AWS).`;
    case 'resource': {
      // The resource whose policy it is: an object's bucket.
      const holder = model.resource(reported.resource);
      return `Out of date: the resource-based policy of ${holder?.arn ?? reported.resource} (${holder?.policy ? 'the model has one' : 'the model has none'}): in AWS it ${explicit ? 'denies' : 'does not allow'} this principal.`;
    }
    case 'boundary':
      return `Out of date: the permissions boundary of ${who} (${principal?.permissionsBoundary ? `the model has ${principal.permissionsBoundary.source.name}` : 'the model has none'}): in AWS it ${explicit ? 'denies' : 'does not allow'} ${reported.action}.`;
    case 'session':
      return 'AWS applied a session policy the model cannot know: give it to `simulate --session-policy` to check it.';
    case 'scp':
    case 'rcp': {
      const scp = reported.layers[0] === 'scp';
      const kind = scp ? 'service control policies' : 'resource control policies';
      // SCPs are the principal's account's; RCPs the account that owns the resource (a bucket's ARN names none: the
      // model's owner, or else the principal's, as the evaluator takes it).
      const principalAccount = principal?.accountId ?? result.request.principal.split(':')[4];
      const account = scp ? principalAccount : (model.resource(reported.resource)?.accountId ?? (reported.resource.split(':')[4] || principalAccount));
      const path = account
        ? model
            .account(account)
            ?.orgPath.map((l) => l.id)
            .join(' → ')
        : undefined;
      return `Out of date: the ${kind} ${path ? `on the path ${path}` : `of account ${account ?? '?'} (the model has it outside any organization)`}: in AWS one of them ${explicit ? 'denies' : 'does not allow'} ${reported.action}.`;
    }
    case 'endpoint':
      return 'The call went through a VPC endpoint whose policy the model does not have.';
    default:
      return "AWS's message does not say which kind of policy denied, so the model cannot be checked against it.";
  }
}

function sessionRole(model: EvaluationModel, arn: string) {
  const match = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(arn);
  if (!match) return undefined;
  return model.principals().find((p) => p.kind === 'role' && p.accountId === match[2] && p.name === match[3]);
}

function withArticle(kind: string): string {
  return /^[aeiou]/i.test(kind) ? `an ${kind}` : `a ${kind}`;
}
