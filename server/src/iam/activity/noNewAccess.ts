import type { Catalog } from '../catalog/types';
import { contextAsSent, decideRequest, evaluate, isModelFilledKey } from '../evaluator';
import { contextCandidates } from '../simulate/contextValues';
import type { ContextValue, EvaluationResult, ModelPrincipal, PolicyRef, PolicySource, StatementTrace } from '../evaluator';
import { explainResult, grantReason, statementLabel } from '../explain';
import type { LoadedModel } from '../model';
import { requesters } from '../model/requesters';
import { isServicePrincipal, outsiders } from './outsiderProbes';
import type { StatementNode } from '../parser';
import { memberSource, principalClasses, type PrincipalClass } from './principalClasses';
import { couldApply, namedResources, probeActions, probeContexts, resourcesForAction, servicesOf } from './policyProbes';
import { parseArn } from '../arn';
import { KNOWN_REGIONS } from '../regions';

/**
 * The base version of a policy file that is new since the base revision, as the model uses it now: a grant (an
 * identity, resource or trust policy) was absent, so it allowed nothing and all it grants is new. A guardrail (a
 * permissions boundary, an SCP, an RCP) only ever takes access away: it is compared with itself, so the diff says it
 * adds none (what it takes away is for the tests to show).
 */
export function absentPolicy(model: LoadedModel, policyFile: string): string {
  const { refs } = usesOf(model, policyFile);
  const guardrail = refs.length > 0 && refs.every((ref) => GUARDRAILS.has(ref.source.type));
  return guardrail ? (refs[0] as PolicyRef).parsed.text : ALLOWS_NOTHING;
}

const GUARDRAILS: ReadonlySet<string> = new Set(['boundary', 'scp', 'rcp']);
const ALLOWS_NOTHING = '{\n  "Version": "2012-10-17",\n  "Statement": []\n}\n';

/** Evaluations a diff may spend (each request is decided twice: before and after). */
export const DIFF_BUDGET = 1_000_000;
const MAX_ACTIONS = 5_000;
const MAX_CONTEXTS = 12;

export interface AccessChange {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** The context the request was asked with (empty for none). */
  readonly context: Readonly<Record<string, ContextValue>>;
  /** For new access: the statement that grants it now. For lost access: why it is denied now. */
  readonly because: string;
  /** Where the granting statement is (file and span), for new access. */
  readonly statement?: { readonly file: string; readonly offset: number; readonly length: number };
  /** For a principal asked about in place of others the model cannot list (see `outsiders`): whom it stands for. */
  readonly standsFor?: string;
}

export interface AccessDiff {
  readonly newAccess: readonly AccessChange[];
  readonly lostAccess: readonly AccessChange[];
  readonly checked: {
    readonly principals: number;
    readonly actions: number;
    readonly resources: number;
    readonly contexts: number;
    readonly evaluations: number;
    readonly principalClasses: number;
  };
  /** Set when the budget or the action cap cut the comparison short: what was not compared. */
  readonly truncated?: string;
}

export interface DiffInput {
  readonly current: LoadedModel;
  readonly base: LoadedModel;
  /** The policy file that changed, as the models' sources name it. */
  readonly policyFile: string;
  readonly catalog: Catalog;
  readonly budget?: number;
  /** False to evaluate every principal on its own (the grouping is an optimisation; tests compare the two). */
  readonly groupPrincipals?: boolean;
  /** The policy file as the user named it, for messages. */
  readonly policyLabel?: string;
}

/**
 * No new access: which requests the model with the changed policy allows that the model with the base version did
 * not (and the reverse), over the actions the two versions name (expanded with the catalog), the model's principals
 * and the resources the model and the policy name, with contexts made from the policy's conditions. A request is
 * reported once, with the first context that shows the change. Work stops at the budget, and says so.
 */
export function diffAccess(input: DiffInput): AccessDiff | { readonly error: string } {
  const { current, base, policyFile } = input;
  const now = usesOf(current, policyFile);
  const before = usesOf(base, policyFile);
  if (now.refs.length === 0 && before.refs.length === 0)
    return { error: `${input.policyLabel ?? policyFile} is not a policy of the model (no user, role, resource, SCP or RCP uses it as a file)` };
  const probes = diffProbes(input, now, before);
  const { principals, requests, contexts } = probes;
  // Principals that only differ by name are asked once (principalClasses.ts); what one finds holds for each.
  const classes =
    input.groupPrincipals === false
      ? principals.map((p) => ({ representative: p, members: [p] }))
      : principalClasses([current, base], principals, requests, new Set(contexts.flatMap((c) => Object.keys(c).map((k) => k.toLowerCase()))));
  const compared = compareClasses(input, classes, probes);
  const truncated = compared.stopped
    ? `stopped after ${compared.evaluations} evaluations (the budget); later principals, actions or resources were not compared`
    : probes.tooManyActions
      ? `only the first ${MAX_ACTIONS} of the actions the policy names were compared`
      : probes.notAction
        ? "NotAction stands for every other action: only those of the services the model's resources and its principals' policies name were compared"
        : undefined;
  return {
    newAccess: compared.newAccess,
    lostAccess: compared.lostAccess,
    checked: {
      principals: principals.length,
      principalClasses: classes.length,
      actions: probes.actions.length,
      resources: compared.resourcesSeen.size,
      contexts: contexts.length,
      evaluations: compared.evaluations,
    },
    ...(truncated !== undefined ? { truncated } : {}),
  };
}

/** What a diff asks: the principals the policy can affect, the requests its statements could apply to, and contexts. */
interface Probes {
  readonly actions: readonly string[];
  readonly tooManyActions: boolean;
  /** A statement of either version has NotAction: every other action, asked only of the services the model names. */
  readonly notAction: boolean;
  readonly principals: readonly string[];
  readonly requests: readonly { action: string; resource: string }[];
  readonly contexts: readonly Record<string, ContextValue>[];
  /** Resources made up from an action's ARN format (in `accountId`), asked about in each model principal's own account. */
  readonly madeUp: ReadonlySet<string>;
  readonly accountId: string;
  /** Principals of accounts the models do not describe, with whom each stands for (see `outsiders`). */
  readonly outsiders: ReadonlyMap<string, string | undefined>;
}

function diffProbes(input: DiffInput, now: Uses, before: Uses): Probes {
  const { current, catalog } = input;
  const changed = [...now.refs, ...before.refs];
  const statements = statementsOf(changed);
  const modelResources = current.resources().map((r) => r.arn);
  // An RCP decides for what every resource policy grants: those policies' resources and the accounts they let in are
  // what a loosened RCP opens (a bucket's reports shared with an account the RCP kept out).
  const granting = changed.some((ref) => ref.source.type === 'rcp') ? resourceSideStatements(current) : [];
  const everyone = now.everyone || before.everyone;
  // The other policies of the principals asked say what they do with the resources a change reaches, and when: a Deny
  // on "*" that gains a condition opens what those policies grant, on their resources, with their condition values.
  // Only for a policy its holders hold: for one that concerns everyone (an SCP, a resource policy), every principal's
  // policies would make every principal's resources a probe of every other principal.
  const holders = new Set([...now.holders, ...before.holders]);
  const related = everyone ? [] : heldStatements(current, holders, changed);
  const services = new Set([...servicesOf(modelResources), ...actionServices(related)]);
  const { actions, truncated: tooManyActions } = probeActions(catalog, statements, services, MAX_ACTIONS);
  const candidates = [
    ...new Set([
      ...modelResources,
      ...modelResources.filter((arn) => /^arn:[^:]+:s3:::[^/]+$/.test(arn)).map((arn) => `${arn}/example`),
      ...namedResources([...statements, ...granting, ...related]),
      // A trust policy names no Resource: the roles that hold it are what its statements are about.
      ...now.trusting,
      ...before.trusting,
    ]),
  ];
  // Contexts come from the conditions of the changed policy and of the guardrails around its holders (SCPs, RCPs,
  // boundaries): a region-lock SCP denies every request that carries no aws:RequestedRegion, a key AWS always sets,
  // so without its regions every request would be denied before and after and a widening would go unseen.
  // The conditions of the other policies' Allows matter where the change is a Deny's (a narrowed Deny lets through what
  // an Allow grants under its condition). A Deny of theirs that holds a request back is met request by request
  // (`heldBack`): a context more for every request is every request asked once more.
  const changesDeny = statements.some((statement) => statement.effect?.value === 'Deny');
  const contexts = probeContexts([...statements, ...(changesDeny ? related : []), ...guardrailStatements(current)], MAX_CONTEXTS);
  const outside = changed.some((ref) => OPEN_TO_OUTSIDERS.has(ref.source.type))
    ? outsiders([current, input.base], [...statements, ...granting], trustStatements(changed))
    : new Map<string, undefined>();
  const principals = everyone ? [...requesters(current).map((r) => r.arn), ...outside.keys()] : [...holders].sort();
  const region = firstRegion(modelResources);
  // Requests none of the statements could apply to are the same before and after: they are not asked about.
  const requests: { action: string; resource: string }[] = [];
  const accountId = firstAccount(current);
  const known = new Set(candidates);
  const madeUp = new Set<string>();
  for (const action of actions) {
    for (const resource of resourcesForAction(catalog, action, candidates, accountId, region)) {
      if (!couldApply(statements, action, resource)) continue;
      requests.push({ action, resource });
      if (!known.has(resource)) madeUp.add(resource);
    }
  }
  const notAction = statements.some((statement) => statement.notAction !== undefined);
  return { actions, tooManyActions, notAction, principals, requests, contexts, madeUp, accountId, outsiders: outside };
}

/**
 * The statements of the identity policies and boundaries of the holders, but for the changed policies: each document
 * once, however many holders it is attached to.
 */
function heldStatements(model: LoadedModel, holders: ReadonlySet<string>, changed: readonly PolicyRef[]): StatementNode[] {
  const seen = new Set<unknown>(changed.map((ref) => ref.parsed));
  const held: PolicyRef[] = [];
  for (const principal of [...holders].map((arn) => model.principal(arn))) {
    for (const ref of [...(principal?.identityPolicies ?? []), principal?.permissionsBoundary]) {
      if (ref === undefined || changed.includes(ref) || seen.has(ref.parsed)) continue;
      seen.add(ref.parsed);
      held.push(ref);
    }
  }
  return statementsOf(held);
}

/** The statements of the policies, in order (those a document without statements has none of). */
function statementsOf(refs: Iterable<PolicyRef | undefined>): StatementNode[] {
  return [...refs].flatMap((ref) => ref?.parsed.document?.statements ?? []) as StatementNode[];
}

/** Whether a policy source is the policy file itself (not a document inline in another file). */
function isFile(source: PolicySource, file: string): boolean {
  return source.file === file && source.span === undefined;
}

/** The service prefixes the statements' actions name (wildcard prefixes aside). */
function actionServices(statements: readonly StatementNode[]): Set<string> {
  const services = new Set<string>();
  for (const statement of statements) {
    for (const item of statement.action?.items ?? []) {
      const service = item.value.split(':')[0] ?? '';
      if (item.value.includes(':') && !/[*?]/.test(service)) services.add(service.toLowerCase());
    }
  }
  return services;
}

/** The statements of the changed policies that are role trust policies. */
function trustStatements(changed: readonly PolicyRef[]): Set<StatementNode> {
  return new Set(statementsOf(changed.filter((ref) => ref.source.type === 'trust')));
}

/** The statements of every resource policy and role trust policy of the model. */
function resourceSideStatements(model: LoadedModel): StatementNode[] {
  return statementsOf([...model.resources().map((r) => r.policy), ...model.principals().map((p) => p.trustPolicy)]);
}

/** Policy types that can let in principals of any account: what they let in from outside is new access too. */
const OPEN_TO_OUTSIDERS: ReadonlySet<string> = new Set(['resource', 'trust', 'rcp']);

interface Comparison {
  readonly newAccess: AccessChange[];
  readonly lostAccess: AccessChange[];
  readonly resourcesSeen: Set<string>;
  evaluations: number;
  /** Set when the budget ran out before every class, request and context was compared. */
  stopped: boolean;
}

/** Each class's representative asks each request, before and after, until a context shows a change or the budget ends. */
function compareClasses(input: DiffInput, classes: readonly PrincipalClass[], probes: Probes): Comparison {
  const { current, base, catalog } = input;
  // One moment for every evaluation of the comparison: a decision and its explanation are of the same request.
  const options = { catalog, now: new Date() };
  const budget = input.budget ?? DIFF_BUDGET;
  const compared: Comparison = { newAccess: [], lostAccess: [], resourcesSeen: new Set(), evaluations: 0, stopped: false };
  for (const group of classes) {
    const principal = group.representative;
    for (const probeRequest of probes.requests) {
      const { action } = probeRequest;
      const madeUp = probes.madeUp.has(probeRequest.resource);
      // A made-up resource (a trail no model lists) is asked about in the principal's own account: in another, a
      // resource without a policy of its own denies everyone, before and after, and a removed Deny would go unseen.
      const placed = madeUp && !probes.outsiders.has(principal) ? inAccountOf(probeRequest.resource, probes.accountId, principal) : probeRequest.resource;
      const asked = new Set<string>();
      // The probes, each followed when it is held back by another policy's Deny by the contexts that pass that Deny.
      const queue = probes.contexts.map((context) => ({ context, probe: true }));
      for (let next = 0; next < queue.length; next++) {
        const { context: probe, probe: isProbe } = queue[next] as { context: Record<string, ContextValue>; probe: boolean };
        // A user or role sends no key only a service's request carries; nor is a regional resource asked of another
        // region (AWS sets aws:RequestedRegion to the endpoint called, the resource's own).
        const context = contextAsSent(probe, isServicePrincipal(principal)) ?? {};
        // A made-up resource, or one whose region a wildcard left open, is in the region the context asks for.
        const resource = inRegionOf(placed, context, madeUp);
        const shown = `${resource}\n${JSON.stringify(context)}`;
        if (asked.has(shown) || inAnotherRegion(context, resource)) continue;
        asked.add(shown);
        compared.resourcesSeen.add(resource);
        if (compared.evaluations + 2 > budget) {
          compared.stopped = true;
          return compared;
        }
        compared.evaluations += 2;
        const request = { principal, action, resource, context };
        // Decisions first, without traces: what did not change is only compared, and only a change (or an explicit
        // deny to look behind) is evaluated again in full to say why.
        const decision = decideRequest(current, request, options);
        if ((decision === 'allowed') === (decideRequest(base, request, options) === 'allowed')) {
          // Held back by another policy's Deny on a condition (MFA to delete): asked again where that condition fails.
          if (isProbe && decision === 'explicitDeny')
            queue.splice(
              next + 1,
              0,
              ...heldBack(evaluate(current, request, options), context, input.policyFile)
                .slice(0, MAX_HELD_BACK)
                .map((c) => ({ context: c, probe: false })),
            );
          continue;
        }
        const after = evaluate(current, request, options);
        // Which way it changed is the decision compared, whatever the explanation's evaluation met.
        if (decision === 'allowed') {
          // One grant for the class; each member's own copy of the statement says where it is for that member.
          const reason = grantOfChange(after, input.policyFile);
          for (const member of group.members) {
            const change = granted({ principal: member, action, resource, context }, reason, (s) => memberSource(current, principal, member, s));
            compared.newAccess.push(withStandsFor(change, probes));
          }
        } else {
          for (const member of group.members) {
            const asMember = { principal: member, action, resource, context };
            const because = member === principal ? explainResult(after).reason : explainResult(evaluate(current, asMember, options)).reason;
            compared.lostAccess.push(withStandsFor({ ...asMember, because }, probes));
          }
        }
        // One context that shows the change is enough for this request.
        break;
      }
    }
  }
  return compared;
}

/** How many contexts a probe held back by another policy's Deny is followed by (`heldBack`). */
const MAX_HELD_BACK = 2;

/**
 * Contexts in which the Deny that decided an explicit denial, from a policy other than the changed one, no longer
 * applies: each of its conditions that held, given a value that makes it fail. Keys the model fills are left alone.
 */
function heldBack(result: EvaluationResult, context: Readonly<Record<string, ContextValue>>, policyFile: string): Record<string, ContextValue>[] {
  if (result.decision !== 'explicitDeny') return [];
  const contexts: Record<string, ContextValue>[] = [];
  for (const deny of result.decidingStatements) {
    if (isFile(deny.source, policyFile)) continue;
    for (const condition of deny.conditions) {
      if (!condition.matched || isModelFilledKey(condition.key, result.regionFromResource)) continue;
      for (const value of contextCandidates(condition)) contexts.push({ ...context, [condition.key]: value });
    }
  }
  return contexts;
}

/**
 * The resource in the region the context asks for (`aws:RequestedRegion`) when its own region is made up: a resource
 * no model lists, or a region a wildcard was filled in for. A resource of the model keeps its region.
 */
function inRegionOf(resource: string, context: Readonly<Record<string, ContextValue>>, madeUp: boolean): string {
  const asked = requestedRegion(context);
  const fields = resource.split(':');
  const region = fields[3];
  if (asked === undefined || region === undefined || region === '' || region === asked) return resource;
  if (!madeUp && KNOWN_REGIONS.includes(region)) return resource;
  fields[3] = asked;
  return fields.join(':');
}

/** A context that asks for a region other than the one a regional resource's ARN names. */
function inAnotherRegion(context: Readonly<Record<string, ContextValue>>, resource: string): boolean {
  const region = resource.split(':')[3];
  const asked = requestedRegion(context);
  return region !== undefined && region !== '' && asked !== undefined && asked !== region;
}

/** The region a context asks for (`aws:RequestedRegion`, in any case), when it names one. */
function requestedRegion(context: Readonly<Record<string, ContextValue>>): string | undefined {
  const asked = Object.entries(context).find(([key]) => key.toLowerCase() === 'aws:requestedregion')?.[1];
  return typeof asked === 'string' ? asked : undefined;
}

/**
 * Why a request is allowed now, by a statement of the changed policy when one of the allowing statements is (a
 * cross-account grant is allowed by both sides; the change is what the report is about).
 */
function grantOfChange(result: EvaluationResult, policyFile: string): ReturnType<typeof grantReason> {
  const own = result.decidingStatements.find((s) => s.effect === 'Allow' && isFile(s.source, policyFile));
  return own !== undefined ? { statement: own } : grantReason(result);
}

function withStandsFor(change: AccessChange, probes: Probes): AccessChange {
  const standsFor = probes.outsiders.get(change.principal);
  return standsFor === undefined ? change : { ...change, standsFor };
}

/** A change made for each member of a class (a shared policy widened gives tens of thousands): written out, not spread. */
function granted(
  request: Pick<AccessChange, 'principal' | 'action' | 'resource' | 'context'>,
  reason: ReturnType<typeof grantReason>,
  own: (s: StatementTrace) => StatementTrace,
): AccessChange {
  const { principal, action, resource, context } = request;
  if ('note' in reason) return { principal, action, resource, context, because: reason.note };
  const s = own(reason.statement);
  const file = s.source.file;
  const because = statementLabel(s);
  if (file === undefined || !s.span) return { principal, action, resource, context, because };
  return { principal, action, resource, context, because, statement: { file, offset: (s.source.span?.offset ?? 0) + s.span.offset, length: s.span.length } };
}

interface Uses {
  readonly refs: PolicyRef[];
  /** Users and roles that hold it as an identity policy or boundary. */
  readonly holders: Set<string>;
  /** True when it is a resource, trust, SCP or RCP policy: any principal's requests may change. */
  readonly everyone: boolean;
  /** The roles whose trust policy it is: assuming them is what it decides. */
  readonly trusting: Set<string>;
}

/** Where the model uses the policy file. */
function usesOf(model: LoadedModel, file: string): Uses {
  const refs: PolicyRef[] = [];
  const holders = new Set<string>();
  const trusting = new Set<string>();
  let everyone = false;
  const mine = (ref: PolicyRef | undefined): ref is PolicyRef => ref !== undefined && isFile(ref.source, file);
  const add = (ref: PolicyRef) => {
    if (!refs.includes(ref)) refs.push(ref);
  };
  for (const p of model.principals() as readonly ModelPrincipal[]) {
    for (const ref of [...p.identityPolicies, p.permissionsBoundary]) {
      if (mine(ref)) {
        add(ref);
        holders.add(p.arn);
      }
    }
    if (mine(p.trustPolicy)) {
      add(p.trustPolicy);
      trusting.add(p.arn);
      everyone = true;
    }
  }
  for (const r of model.resources()) {
    if (mine(r.policy)) {
      add(r.policy);
      everyone = true;
    }
  }
  for (const account of model.accounts()) {
    for (const level of account.orgPath) {
      for (const ref of [...level.scps, ...level.rcps]) {
        if (mine(ref)) {
          add(ref);
          everyone = true;
        }
      }
    }
  }
  return { refs, holders, everyone, trusting };
}

/** The ARN with its account field moved from `from` to the principal's account (unchanged for another account or none). */
function inAccountOf(arn: string, from: string, principal: string): string {
  const account = parseArn(principal)?.account;
  const fields = arn.split(':');
  if (account === undefined || !/^\d{12}$/.test(account) || fields[4] !== from) return arn;
  fields[4] = account;
  return fields.join(':');
}

/** An account of the model, for made-up ARNs that need one. */
function firstAccount(model: LoadedModel): string {
  return model.accounts()[0]?.id ?? model.principals()[0]?.accountId ?? '111111111111';
}

function firstRegion(arns: readonly string[]): string {
  for (const arn of arns) {
    const region = arn.split(':')[3];
    if (region) return region;
  }
  return 'us-east-1';
}

/** The statements of every SCP, RCP and permissions boundary in the model, each policy once. */
function guardrailStatements(model: LoadedModel): StatementNode[] {
  const refs = new Set<PolicyRef>();
  const accounts = new Set<string>();
  for (const principal of model.principals()) {
    if (principal.permissionsBoundary) refs.add(principal.permissionsBoundary);
    if (principal.accountId !== undefined) accounts.add(principal.accountId);
  }
  for (const accountId of accounts) {
    for (const level of model.account(accountId)?.orgPath ?? []) for (const ref of [...level.scps, ...level.rcps]) refs.add(ref);
  }
  return statementsOf(refs);
}
