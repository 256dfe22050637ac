/**
 * Which principals a who-can request cannot concern, so that an organization of 50,000 principals is answered by
 * evaluating the few whose policies name the action. A principal is unconcerned when no statement that could reach
 * it can match the action (and resource) at all: none of its identity policies or its permissions boundary (Allow or
 * Deny), no Deny of the SCPs on its account's path, and nothing of the resource's side (its policy, the RCPs of its
 * account). Then AWS's evaluation can only end in an implicit deny decided by no statement, whatever the conditions
 * say: nothing allows it. A resource policy that can match only with Deny statements (a bucket's TLS-only rule) keeps
 * the index when those statements are the same for everyone (`sharedDeny`): a Deny never allows, so an unconcerned
 * principal is still denied, and whether explicitly is decided by those statements alone, alike for all of them. Whether a statement can match is read from the policy's text without positions (`JSON.parse`), once
 * per policy and action; anything unusual (a NotAction, JSON with comments, a duplicate key) counts as "can match",
 * so the index only ever skips what a full evaluation would also deny implicitly.
 */
import { arnComponents } from '../arn';
import type { OrgLevel, PolicyRef } from '../evaluator/model';
import { alwaysAllowed, immutableTarget } from '../evaluator/serviceRules';
import { CASE_SENSITIVE, matchesWildcard } from '../wildcard';
import type { LoadedModel, ModelPrincipal, PolicyDocument, PrincipalOutline } from '../model';
import type { ParsedPolicy, StatementNode } from '../parser';

interface Reach {
  readonly allow: boolean;
  readonly deny: boolean;
}

const EVERYTHING: Reach = { allow: true, deny: true };
const NOTHING: Reach = { allow: false, deny: false };
const CASE_INSENSITIVE = { caseInsensitive: true } as const;

/** The principals one who-can request cannot concern. */
export interface WhoCanIndex {
  unconcerned(principal: ModelPrincipal): boolean;
  /** The same for a principal not built yet, from its documents: true spares building it. */
  unconcernedOutline(outline: PrincipalOutline): boolean;
  /**
   * True when the resource's policy has Deny statements that can match, each the same for every principal (see
   * `sharedDenyStatement`): unconcerned principals then all end alike, explicitly denied or not, as one of them does.
   */
  readonly sharedDeny: boolean;
}

/**
 * The index for one request, or undefined when a rule outside the policies (or the resource's side) may apply to anyone.
 * `contextKeys` are the keys the request gives (any case): a Deny conditioned on them alone is the same for everyone.
 */
export function whoCanIndex(model: LoadedModel, action: string, resource: string, contextKeys: readonly string[] = []): WhoCanIndex | undefined {
  const actionLower = action.toLowerCase();
  // Rules of the evaluator itself, and resources whose policy is a principal's (a role's trust policy).
  if (alwaysAllowed(action) !== undefined || immutableTarget(actionLower, arnComponents(resource), resource) !== undefined) return undefined;
  if (model.principal(resource) !== undefined) return undefined;
  const reader = new ReachReader(action, resource);
  const reach = new Map<PolicyDocument, Reach>();
  const byPlace = new Map<string, Map<number, Reach>>();
  const reachOf = (policy: PolicyDocument): Reach => {
    // A document not built into a ref (a principal's outline) is read by its text: a managed policy's document is one
    // object whose text is one string, hashed once however many principals it is attached to, and an export's tens of
    // thousands of inline documents, each met once, are remembered only by text.
    if (!('source' in policy) && typeof policy.text === 'string') return reader.reach(policy.text);
    // A managed policy is one ref per principal it is attached to, all of one document: read that once, remembered
    // by its place in its file (or, without one, by the object).
    const { file, span } = 'source' in policy ? policy.source : policy;
    if (file === undefined || span === undefined) {
      let known = reach.get(policy);
      if (known === undefined) reach.set(policy, (known = reader.reach(policyText(policy))));
      return known;
    }
    let inFile = byPlace.get(file);
    if (inFile === undefined) byPlace.set(file, (inFile = new Map()));
    let known = inFile.get(span.offset);
    if (known === undefined) inFile.set(span.offset, (known = reader.reach(policyText(policy))));
    return known;
  };
  const mayMatch = (policy: PolicyDocument | undefined): boolean => {
    if (policy === undefined) return false;
    const known = reachOf(policy);
    return known.allow || known.deny;
  };
  const target = model.resource(resource);
  let sharedDeny = false;
  if (target?.policy !== undefined) {
    const side = reachOf(target.policy);
    if (side.allow) return undefined;
    if (side.deny) {
      const given = new Set(contextKeys.map((key) => key.toLowerCase()));
      if (!reader.deniesAlikeForAll(target.policy.parsed, given)) return undefined;
      sharedDeny = true;
    }
  }
  const resourceAccount = target?.accountId ?? arnComponents(resource)[4];
  for (const level of (resourceAccount ? model.account(resourceAccount)?.orgPath : undefined) ?? []) {
    if (level.rcps.some((ref) => reachOf(ref).deny)) return undefined;
  }
  /** Whether a Deny of the SCPs (or RCPs) on an account's path can match, per account. */
  const orgDenies = (pick: (level: OrgLevel) => readonly PolicyRef[]) => {
    const known = new Map<string, boolean>();
    return (accountId: string): boolean => {
      let denies = known.get(accountId);
      if (denies === undefined) {
        denies = (model.account(accountId)?.orgPath ?? []).some((level) => pick(level).some((ref) => reachOf(ref).deny));
        known.set(accountId, denies);
      }
      return denies;
    };
  };
  const scpMayDeny = orgDenies((level) => level.scps);
  const rcpMayDeny = orgDenies((level) => level.rcps);
  /** Whether something outside the principal's own policies may decide for it. */
  const othersMayDecide = (principal: { readonly kind: string; readonly accountId: string }): boolean =>
    principal.kind === 'root' ||
    scpMayDeny(principal.accountId) ||
    // A resource whose ARN names no account (a bucket outside the model) is taken to be in the principal's account
    // (as the evaluator takes it), so that account's RCPs apply to it.
    (!resourceAccount && rcpMayDeny(principal.accountId));
  return {
    sharedDeny,
    unconcerned(principal: ModelPrincipal): boolean {
      return !othersMayDecide(principal) && !principal.identityPolicies.some(mayMatch) && !mayMatch(principal.permissionsBoundary);
    },
    unconcernedOutline(outline: PrincipalOutline): boolean {
      const documents = outline.documents?.();
      if (documents === undefined) return this.unconcerned(model.principal(outline.arn) as ModelPrincipal);
      return !othersMayDecide(outline) && !documents.some(mayMatch);
    },
  };
}

/** The policy's text, without parsing it when the model kept only its span. */
function policyText(policy: PolicyDocument): string {
  const text = (policy as { readonly text?: unknown }).text;
  return typeof text === 'string' ? text : policy.parsed.text;
}

/**
 * Whether any Allow or any Deny statement of a policy can match one action and resource, whatever its conditions;
 * remembered by text (exports repeat inline documents: each distinct one is read once) and by pattern (a few
 * hundred distinct patterns make up a hundred thousand documents).
 */
class ReachReader {
  private readonly byText = new Map<string, Reach>();
  private readonly actionMatches = new Map<string, boolean>();
  private readonly resourceMatches = new Map<string, boolean>();

  constructor(
    private readonly action: string,
    private readonly resource: string,
  ) {}

  reach(text: string): Reach {
    let known = this.byText.get(text);
    if (known === undefined) this.byText.set(text, (known = this.read(text)));
    return known;
  }

  private read(text: string): Reach {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      return EVERYTHING;
    }
    const statements = (document as { Statement?: unknown } | null)?.Statement;
    const list: unknown[] = Array.isArray(statements) ? statements : statements === undefined ? [] : [statements];
    // JSON.parse keeps the last of duplicate keys, the policy parser may read them otherwise: count what the text says
    // (`Action"` counts NotAction too, and any value ending so: too many only means "can match").
    if (occurrences(text, 'Action"') > list.length || occurrences(text, '"Effect"') > list.length) return EVERYTHING;
    let allow = false;
    let deny = false;
    for (const statement of list) {
      if (typeof statement !== 'object' || statement === null) return EVERYTHING;
      const { Effect: effect, Action: actions, NotAction: notActions, Resource: resources, NotResource: notResources } = statement as Record<string, unknown>;
      if (effect !== 'Allow' && effect !== 'Deny') return EVERYTHING;
      if (!this.canMatchAction(actions, notActions) || !this.canMatchResource(resources, notResources)) continue;
      if (effect === 'Allow') allow = true;
      else deny = true;
    }
    return allow || deny ? { allow, deny } : NOTHING;
  }

  /**
   * Whether every Deny statement of a resource policy that can match the request is the same for every principal: it
   * names everyone (`"*"` or `{"AWS": "*"}`, no NotPrincipal), has no policy variable, and its conditions test only
   * keys the request gives, which win over anything the model implies about a principal. Read from the policy
   * parser's own tree (the one the evaluator compiles), so that duplicate keys read as the evaluator reads them.
   */
  deniesAlikeForAll(parsed: ParsedPolicy, contextKeys: ReadonlySet<string>): boolean {
    const document = parsed.document;
    if (document === undefined || parsed.problems.length > 0 || document.invalidStatements.length > 0) return false;
    return document.statements.every(
      (statement) => statement.effect?.value !== 'Deny' || !this.statementCanMatch(statement) || sharedDenyStatement(statement, parsed.text, contextKeys),
    );
  }

  private statementCanMatch(statement: StatementNode): boolean {
    const patterns = (element: StatementNode['action']): unknown =>
      element === undefined ? undefined : element.invalidItems.length > 0 ? [0] : element.items.map((item) => item.value);
    return this.canMatchAction(patterns(statement.action), statement.notAction) && this.canMatchResource(patterns(statement.resource), statement.notResource);
  }

  private canMatchAction(actions: unknown, notActions: unknown): boolean {
    if (notActions !== undefined || actions === undefined) return true;
    const patterns = typeof actions === 'string' ? [actions] : Array.isArray(actions) ? actions : undefined;
    if (patterns === undefined) return true;
    return patterns.some(
      (pattern) => typeof pattern !== 'string' || remembered(this.actionMatches, pattern, () => matchesWildcard(pattern, this.action, CASE_INSENSITIVE)),
    );
  }

  /**
   * The evaluator matches a resource pattern component by component (`compileResourceItem`); a pattern that
   * matches each component also matches the whole ARN as one wildcard, so a pattern that misses the whole ARN misses
   * for the evaluator too. A pattern with a policy variable (`${aws:username}`) may match once resolved: kept.
   */
  private canMatchResource(resources: unknown, notResources: unknown): boolean {
    if (notResources !== undefined || resources === undefined) return true;
    const patterns = typeof resources === 'string' ? [resources] : Array.isArray(resources) ? resources : undefined;
    if (patterns === undefined) return true;
    return patterns.some(
      (pattern) =>
        typeof pattern !== 'string' ||
        pattern.includes('${') ||
        remembered(this.resourceMatches, pattern, () => matchesWildcard(pattern, this.resource, CASE_SENSITIVE)),
    );
  }
}

/** See `ReachReader.deniesAlikeForAll`. */
function sharedDenyStatement(statement: StatementNode, text: string, contextKeys: ReadonlySet<string>): boolean {
  if (statement.notPrincipal !== undefined || text.slice(statement.span.offset, statement.span.offset + statement.span.length).includes('${')) return false;
  const principal = statement.principal;
  if (principal === undefined || principal.malformed) return false;
  const everyone =
    principal.bare !== undefined
      ? principal.bare.value === '*' && principal.entries.length === 0
      : principal.entries.length === 1 &&
        principal.entries.every(
          (entry) => entry.type === 'AWS' && entry.invalidValues.length === 0 && entry.values.length === 1 && entry.values[0]?.value === '*',
        );
  if (!everyone) return false;
  const condition = statement.condition;
  if (condition === undefined) return true;
  return (
    !condition.malformed && condition.operators.every((operator) => !operator.malformed && operator.keys.every((key) => contextKeys.has(key.key.toLowerCase())))
  );
}

function remembered(known: Map<string, boolean>, pattern: string, match: () => boolean): boolean {
  let matches = known.get(pattern);
  if (matches === undefined) known.set(pattern, (matches = match()));
  return matches;
}

function occurrences(text: string, word: string): number {
  let count = 0;
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + word.length)) count++;
  return count;
}
