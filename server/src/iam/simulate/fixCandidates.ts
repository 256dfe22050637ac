import { iamUserOrRole } from '../arn';
import { isModelFilledKey } from '../evaluator';
import { holdsUnresolved } from '../unresolvedMarker';
import type { ContextValue, EvaluationResult, LayerTrace, PolicySource, EvaluationRequest, StatementTrace } from '../evaluator/types';
import { fileSpan, namesSomeoneElse, statementLabel, type FileEdit } from '../explain';
import type { StatementNode, StringListElement } from '../parser';
import { closestMatches } from '../catalog';
import { contextCandidates } from './contextValues';
import { appendToList } from '../textLayout';
import type { Candidate, CandidateGroup, PolicyOf } from './candidate';
import { addedStatementGroups } from './addedStatement';
import { inlinePolicyAdded, resourcePolicyAdded, type ModelFile, type ResourceHome } from './inlinePolicyAdded';
import { denyNarrowing } from './denyNarrowing';
import { guardrailCaveat } from './guardrailCaveat';
import { CASE_SENSITIVE, hasWildcard, matchesWildcard } from '../wildcard';
import { resourceFieldsEdit } from './arnFieldsMend';
import { versionCandidate } from './versionMend';
import { canHaveResourcePolicy } from '../resourcePolicyServices';

/** At most this many statements of the failing layer are offered an added action (each is one more trial; see MAX_EDIT_TRIALS). */
const MAX_ACTION_EDITS = 3;

/**
 * The smallest changes worth trying, most telling first. Implicit deny: for the Allow statements of the layer that
 * failed, the element that did not match gets the request's value (Resource, Action, Principal) or the request gets
 * the context that makes the failing conditions hold; an Allow that does not list the action gets it, or the policy
 * gets a statement of its own that allows exactly the request (addedStatement.ts). Explicit deny: the request gets
 * the context value that makes each condition of the Deny fail, and a Deny without one is narrowed (denyNarrowing.ts).
 * Every candidate is only a guess until `counterfactuals.ts` has evaluated the request again with it.
 */
export function fixCandidates(result: EvaluationResult, policyOf: PolicyOf, options: CandidateOptions = {}): CandidateGroup[] {
  switch (result.decision) {
    case 'implicitDeny':
      return implicitDenyCandidates(result, policyOf, options);
    case 'explicitDeny':
      return result.decidingStatements
        .filter((s) => s.effect === 'Deny')
        .flatMap((s) => [
          // A Deny that holds because it tests a misspelt key (a `Null` check, a negated operator) is mended first.
          ...keyTypoGroup(s, policyOf, options.meantKey),
          ...s.conditions.filter((c) => c.matched).map((c) => contextGroup([c], result.regionFromResource)),
          // Without a condition, only an edit of the Deny changes the decision.
          ...(s.conditions.length === 0 ? [denyNarrowing(result, s, policyOf)] : []),
        ]);
    case 'allowed':
      return [];
  }
}

export interface CandidateOptions {
  /** False: the request's action is not one the catalog knows (a typo), so no fix writes it into a policy. */
  readonly addAction?: boolean;
  /** False: the request's resource is of no type the action acts on, so no fix writes it either. */
  readonly addResource?: boolean;
  /** False when a statement listing a resource grants an action nothing on it (`s3:ListBucket` on an object), if the catalog can say. */
  readonly grantsOn?: (action: string, resource: string) => boolean;
  /** The action the catalog takes a listed one it does not know for (its closest spelling), if any. */
  readonly meantAction?: (listed: string) => string | undefined;
  /** The condition key the catalog takes a tested one it does not know for (its closest spelling), if any. */
  readonly meantKey?: (key: string) => string | undefined;
  /**
   * What a fix names in a Principal for the request's principal, when not its own ARN: a role session's role (with
   * its path), since a policy names the role and every session of it matches; naming one session name would not last.
   */
  readonly principalToName?: string;
  /**
   * The other principals a policy of the request's principal is written once for (an AWS::IAM::Policy that lists
   * several roles): a statement added there reaches them too.
   */
  readonly sharedWith?: (source: PolicySource) => readonly string[];
  /** The resource the request names as the model declares it, where a policy of its own may be written. */
  readonly resourceHome?: ResourceHome;
  /**
   * Only the failed layer's own candidates: not the near misses of a resource policy that may allow alone where the
   * identity policies allow nothing (pairedFix.ts pairs each layer's own with the other's).
   */
  readonly ownLayerOnly?: boolean;
  /** The hand-written model, where a principal with no policy to add a statement to is given an inline policy. */
  readonly modelFile?: () => ModelFile | undefined;
}

function implicitDenyCandidates(result: EvaluationResult, policyOf: PolicyOf, options: CandidateOptions): CandidateGroup[] {
  const addAction = options.addAction ?? true;
  const addResource = options.addResource ?? true;
  const groups: CandidateGroup[] = [];
  const failedLayers = result.layers.filter((l) => l.outcome === 'noAllow' && (result.failedLayer === undefined || l.kind === result.failedLayer));
  const inLayers = (layers: readonly LayerTrace[]) => (s: StatementTrace) => layers.some((l) => l.policies.some((p) => p.source === s.source));
  // Where the identity policies allow nothing, a resource policy's Allow may be enough alone (a bucket policy naming a
  // user of its own account): its near misses are fixes too, tried after the failed layer's (the probe keeps only those
  // that change the decision; across accounts both sides must allow, and none alone does).
  const alternatives =
    result.failedLayer === 'identity' && options.ownLayerOnly !== true ? result.layers.filter((l) => l.kind === 'resource' && l.outcome === 'noAllow') : [];
  // A statement that grants the action on other resources can take the request's resource (offered above, even when
  // only by hand): then adding the action to a statement on every resource would grant it everywhere instead.
  let resourceOffered = false;
  const inFailed = inLayers(failedLayers);
  const inAlternative = inLayers(alternatives);
  const misses = [...result.nearMisses.filter(inFailed), ...result.nearMisses.filter((miss) => !inFailed(miss) && inAlternative(miss))];
  for (const miss of misses) {
    if (miss.effect !== 'Allow') continue;
    const element = miss.elements.find((e) => !e.matched);
    if (element && element.element !== 'Condition') {
      if (element.element === 'Action' && !addAction) continue;
      if (element.element === 'Resource' && !addResource) continue;
      const edit = elementEdit(result, miss, element.element, policyOf, options);
      const marked = edit !== undefined && namesSomeoneElse(miss) ? { ...edit, forSomeoneElse: true } : edit;
      // A Principal that lists the caller misspelt is mended where it is, before the caller is added beside the typo.
      const mended =
        element.element === 'Principal'
          ? principalTypoEdit(result, miss, policyOf, options.principalToName)
          : element.element === 'Resource'
            ? resourceFieldsEdit(result, miss, policyOf)
            : undefined;
      const version = versionCandidate(miss, policyOf);
      const group = [version, mended, marked].filter((c): c is Candidate => c !== undefined);
      if (group.length > 0) groups.push(group);
      if (element.element === 'Resource') resourceOffered = true;
      continue;
    }
    const failing = miss.conditions.filter((c) => !c.matched);
    // Mending a misspelt key comes before setting context: no request can carry the misspelt one.
    if (failing.length > 0) {
      const version = versionCandidate(miss, policyOf);
      groups.push([
        ...(version ? [version] : []),
        ...keyTypoGroup(miss, policyOf, options.meantKey).flat(),
        ...contextGroup(failing, result.regionFromResource),
      ]);
    }
  }
  // A statement that grants the action on the resource under a condition says how its author meant to allow it: no
  // fix goes around the condition by adding the action to another statement or a statement of its own.
  // So does a bucket policy of the caller's own account that lets it in through one VPC endpoint only, which would allow
  // alone (across accounts, or beside a trust policy, both sides must allow: a grant on one goes around nothing).
  const either = (m: StatementTrace) => inFailed(m) || (!result.crossAccount && inAlternative(m));
  const conditioned = result.nearMisses.some((m) => either(m) && m.effect === 'Allow' && m.elements.find((e) => !e.matched)?.element === 'Condition');
  let offered = 0;
  // The action added to a statement on every resource grants it everywhere: offered after a statement of its own.
  const widening: CandidateGroup[] = [];
  for (const statement of addAction ? byResourceFit(actionMisses(failedLayers), result.request.resource, policyOf, resourceOffered) : []) {
    if (offered >= MAX_ACTION_EDITS) break;
    // A misspelling of the request's action is mended where it is (the policy's author meant it); adding the action
    // beside it is the alternative, tried when mending does not change the decision.
    const typo = typoEdit(result, statement, policyOf, options.meantAction);
    const group = [typo, conditioned ? undefined : elementEdit(result, statement, 'Action', policyOf, options)].filter((c): c is Candidate => c !== undefined);
    if (group.length > 0) {
      const node = policyOf(statement.source)?.document?.statements[statement.statementIndex];
      const everywhere = typo === undefined && node !== undefined && onEveryResource(node);
      (everywhere ? widening : groups).push(group);
      offered++;
    }
  }
  // Then a statement of its own for exactly the request, which widens nothing already written (counterfactuals.ts leaves
  // it out where a Version mends the statement meant to allow the request: a rule for everyone's folder, not one object).
  // A resource of another account that has no policy allows nobody from this one: its account's part is a policy.
  const noResourcePolicy =
    result.crossAccount &&
    result.failedLayer === 'resource' &&
    canHaveResourcePolicy(result.request.resource) &&
    result.layers.every((l) => l.kind !== 'resource' || l.policies.length === 0);
  if (noResourcePolicy && addAction && addResource && options.modelFile && options.resourceHome) {
    const given = resourcePolicyAdded(result, options.modelFile, options.resourceHome, options.principalToName);
    if (given) groups.push([given]);
  }
  if (addAction && addResource && !conditioned) {
    const modelFile = result.failedLayer === 'identity' ? options.modelFile : undefined;
    const ownNew = modelFile && (() => inlinePolicyAdded(result, modelFile, options.principalToName));
    groups.push(
      ...addedStatementGroups(result, failedLayers, policyOf, {
        ...(ownNew ? { ownNew } : {}),
        ...(options.sharedWith ? { sharedWith: options.sharedWith } : {}),
      }),
    );
  }
  groups.push(...widening);
  return groups;
}

/**
 * Replaces an ARN the statement's Principal lists that is the caller's misspelt (`role/Deplyer` for `role/Deployer`: the
 * same account and kind, a name a few letters away) with the caller's ARN: adding the caller beside it would leave a
 * principal IAM refuses in the policy.
 */
function principalTypoEdit(
  result: EvaluationResult,
  statement: StatementTrace,
  policyOf: PolicyOf,
  principal = result.request.principal,
): Candidate | undefined {
  const source = statement.source;
  const caller = iamUserOrRole(principal);
  if (source.file === undefined || source.decoded || caller === undefined) return undefined;
  const node = policyOf(source)?.document?.statements[statement.statementIndex];
  const values = node?.principal?.entries.filter((entry) => entry.type === 'AWS').flatMap((entry) => entry.values) ?? [];
  const misspelt = values.find((value) => {
    const written = iamUserOrRole(value.value);
    if (written === undefined || written.partition !== caller.partition || written.account !== caller.account || written.kind !== caller.kind) return false;
    return written.name !== caller.name && closestMatches(written.name, [caller.name], 1).length > 0;
  });
  const span = misspelt === undefined ? undefined : fileSpan(source, misspelt.span);
  if (misspelt === undefined || span === undefined) return undefined;
  return {
    title: `Replace ${misspelt.value} with ${principal} in the Principal of ${statementLabel(statement)}`,
    kind: 'edit',
    edits: [{ file: source.file, span, newText: JSON.stringify(principal) }],
    context: {},
  };
}

/**
 * Replaces an action the statement lists that the catalog does not know and takes for the request's
 * (`s3:GetObjects` for `s3:GetObject`) with the request's action. Wildcards are patterns, not misspellings.
 */
function typoEdit(
  result: EvaluationResult,
  statement: StatementTrace,
  policyOf: PolicyOf,
  meantAction: CandidateOptions['meantAction'],
): Candidate | undefined {
  const source = statement.source;
  if (!meantAction || source.file === undefined || source.decoded) return undefined;
  const action = result.request.action.toLowerCase();
  const items = policyOf(source)?.document?.statements[statement.statementIndex]?.action?.items ?? [];
  for (const item of items) {
    // The catalog's spelling is written, whatever case the request used (actions match case-insensitively).
    const meant = /[*?]/.test(item.value) ? undefined : meantAction(item.value);
    const span = meant?.toLowerCase() === action ? fileSpan(source, item.span) : undefined;
    if (meant === undefined || span === undefined) continue;
    const label = statementLabel(statement);
    return {
      title: `Replace ${item.value} with ${meant} in the Action of ${label}`,
      kind: 'edit',
      edits: [{ file: source.file, span, newText: JSON.stringify(meant) }],
      context: {},
      misspelt: { listed: item.value, meant, statement: label },
    };
  }
  return undefined;
}

/**
 * Replaces the condition keys of the statement that the catalog does not know with the keys it takes them for
 * (`s3:prefx` → `s3:prefix`), all in one edit: a group of that one candidate, or none.
 */
function keyTypoGroup(statement: StatementTrace, policyOf: PolicyOf, meantKey: CandidateOptions['meantKey']): CandidateGroup[] {
  const source = statement.source;
  if (!meantKey || source.file === undefined || source.decoded) return [];
  const node = policyOf(source)?.document?.statements[statement.statementIndex];
  const edits: FileEdit[] = [];
  const words: string[] = [];
  for (const operator of node?.condition?.operators ?? []) {
    for (const key of operator.keys) {
      const meant = meantKey(key.key);
      const span = meant === undefined ? undefined : fileSpan(source, key.keySpan);
      if (meant === undefined || span === undefined) continue;
      edits.push({ file: source.file, span, newText: JSON.stringify(meant) });
      words.push(`${key.key} with ${meant}`);
    }
  }
  if (edits.length === 0) return [];
  return [[{ title: `Replace ${words.join(' and ')} in the Condition of ${statementLabel(statement)}`, kind: 'edit', edits, context: {} }]];
}

/**
 * The statements in the order an added action is best offered: first those whose Resource names the request's resource
 * by a pattern of its own, then those on every resource (`*`, or a NotResource that does not leave it out), and those
 * that cannot reach it not at all (adding the action there allows nothing, and each offer spends one of the trials). A fix
 * that widens `"Resource": "*"` ahead of the statement written for this bucket would grant the action everywhere;
 * `narrowOnly` leaves those on every resource out altogether.
 */
function byResourceFit(statements: readonly StatementTrace[], resource: string, policyOf: PolicyOf, narrowOnly: boolean): StatementTrace[] {
  const fit = (statement: StatementTrace): number => {
    const node = policyOf(statement.source)?.document?.statements[statement.statementIndex];
    if (node === undefined) return 1;
    if (node.resource === undefined) {
      // A NotResource that names the request's resource keeps the statement off it, whatever its actions.
      const excluded = node.notResource?.items.some((item) => !item.value.includes('${') && matchesWildcard(item.value, resource, CASE_SENSITIVE));
      return excluded === true ? 2 : 1;
    }
    const items = node.resource.items.map((item) => item.value);
    if (items.some((item) => item !== '*' && !item.includes('${') && matchesWildcard(item, resource, CASE_SENSITIVE))) return 0;
    return items.some((item) => item === '*' || item.includes('${')) ? 1 : 2;
  };
  return statements
    .map((statement) => ({ statement, fit: fit(statement) }))
    .filter((s) => s.fit < (narrowOnly ? 1 : 2))
    .sort((a, b) => a.fit - b.fit)
    .map((s) => s.statement);
}

/** Allow statements of the failed layers that stopped at their Action: adding the action may be all they need. */
function actionMisses(layers: readonly LayerTrace[]): StatementTrace[] {
  return layers
    .flatMap((l) => l.policies.flatMap((p) => p.statements))
    .filter((s) => s.effect === 'Allow' && s.elements[0]?.element === 'Action' && !s.elements[0].matched);
}

/** Adds the request's action, resource or principal to the statement's element, as an edit of the policy's file. */
function elementEdit(
  result: EvaluationResult,
  statement: StatementTrace,
  element: string,
  policyOf: PolicyOf,
  options: CandidateOptions,
): Candidate | undefined {
  const principalToName = options.principalToName ?? result.request.principal;
  const source = statement.source;
  const parsed = policyOf(source);
  const node = parsed?.document?.statements[statement.statementIndex];
  if (!parsed || !node || source.file === undefined || source.decoded) return undefined;
  const target = listTarget(node, element, principalToName);
  if (!target) return undefined;
  // An element that lists a value the template leaves open is mended by giving that value, not by widening it.
  if (holdsUnresolved(parsed.text.slice(target.offset, target.offset + target.length))) return undefined;
  const value = element === 'Action' ? result.request.action : element === 'Resource' ? result.request.resource : principalToName;
  const local = appendToList(parsed.text, target, value);
  const span = local ? fileSpan(source, local.span) : undefined;
  if (!local || !span) return undefined;
  return {
    title: `Add ${value} to the ${element} of ${statementLabel(statement)}${guardrailCaveat(source)}${widensCaveat(node, element, result.request, source, options.grantsOn)}`,
    kind: 'edit',
    edits: [{ file: source.file, span, newText: local.newText }],
    context: {},
  };
}

/**
 * What a fix that adds to `element` grants beyond the request, said after it (nothing when it grants only that). A
 * limit (a boundary, an SCP or RCP, a session policy) grants nothing by itself: widening one is said by the guardrail
 * caveat, or not at all.
 */
function widensCaveat(node: StatementNode, element: string, request: EvaluationRequest, source: PolicySource, grantsOn: CandidateOptions['grantsOn']): string {
  if (element === 'Principal') return broadGrantCaveat(node);
  if (source.type !== 'identity' && source.type !== 'resource') return '';
  if (element === 'Action') return everyResourceCaveat(node);
  return element === 'Resource' ? otherActionsCaveat(node, request, grantsOn) : '';
}

/**
 * Said after a fix that adds the action to a statement on every resource: the action would be allowed everywhere, not
 * only on the resource asked about (a statement for `s3:ListAllMyBuckets` on `*` given `s3:DeleteObject`).
 */
function everyResourceCaveat(node: StatementNode): string {
  if (!onEveryResource(node)) return '';
  return node.resource === undefined
    ? ' (the statement has a NotResource: the action would be allowed on every resource it does not list)'
    : ' (the statement\'s Resource is "*": the action would be allowed on every resource)';
}

/** True when the statement applies to every resource: its Resource is `*`, or it has a NotResource. */
function onEveryResource(node: StatementNode): boolean {
  return node.resource === undefined ? node.notResource !== undefined : node.resource.items.some((item) => item.value === '*');
}

/**
 * Said after a fix that adds the resource to a statement that allows more than the request's action: all of it would
 * be allowed on the resource (an `s3:*` statement given one more object).
 */
function otherActionsCaveat(node: StatementNode, request: EvaluationRequest, grantsOn: CandidateOptions['grantsOn']): string {
  if (node.action === undefined)
    return node.notAction === undefined ? '' : ' (the statement allows every action but those its NotAction lists: all of them on this resource)';
  // An action that never acts on the resource (s3:ListBucket beside s3:GetObject, given an object) gains nothing there.
  const others = node.action.items
    .map((item) => item.value)
    .filter(
      (value) => value.toLowerCase() !== request.action.toLowerCase() && (grantsOn === undefined || hasWildcard(value) || grantsOn(value, request.resource)),
    );
  if (others.length === 0) return '';
  const shown = others.length > 3 ? `${others.slice(0, 3).join(', ')} and ${others.length - 3} more` : others.join(', ');
  return ` (the statement also allows ${shown} on it)`;
}

/**
 * Said after a fix that names the principal in a statement that allows every action of a service, or every action
 * (a key policy's `kms:*` for the account): the principal would get all of it, not only the action asked about.
 */
function broadGrantCaveat(node: StatementNode): string {
  const broad = node.notAction !== undefined ? 'NotAction' : node.action?.items.find((item) => item.value === '*' || item.value.endsWith(':*'))?.value;
  return broad === undefined
    ? ''
    : ` (the statement allows ${broad === 'NotAction' ? 'every action but those its NotAction lists' : broad}: the principal would get all of it, not only this action)`;
}

function listTarget(node: StatementNode, element: string, principal: string) {
  const value = (list: StringListElement | undefined) => list?.property.value;
  switch (element) {
    case 'Action':
      return value(node.action);
    case 'Resource':
      return value(node.resource);
    case 'Principal': {
      // A service principal goes under "Service", everything else under "AWS"; a bare "*" already matches all.
      const type = /\.amazonaws\.com(\.cn)?$/.test(principal) ? 'Service' : 'AWS';
      return node.principal?.entries.find((e) => e.type === type)?.property.value;
    }
    default:
      return undefined;
  }
}

/** The context values that would flip these conditions together, as alternatives tried in order. */
function contextGroup(conditions: StatementTrace['conditions'], regionFromResource: string | undefined): CandidateGroup {
  // Keys the model fills from the principal and the resource (their tags, accounts, names, the Region its ARN names)
  // are not the caller's to set: a fix there is an edit of the model, not of the request.
  const pools = conditions.filter((c) => !isModelFilledKey(c.key, regionFromResource)).map((c) => ({ key: c.key, values: contextCandidates(c) }));
  const longest = Math.max(0, ...pools.map((p) => p.values.length));
  const group: Candidate[] = [];
  for (let i = 0; i < longest; i++) {
    const context: Record<string, ContextValue> = {};
    for (const pool of pools) {
      const value = pool.values[Math.min(i, pool.values.length - 1)];
      if (value !== undefined) context[pool.key] = value;
    }
    if (Object.keys(context).length === 0) continue;
    const words = Object.entries(context).map(([k, v]) => `${k} to ${typeof v === 'string' ? v : v.join(', ')}`);
    group.push({ title: `Set ${words.join(' and ')} in the request context`, kind: 'context', edits: [], context });
  }
  return group;
}
