import type { Span } from '../span';
import type { PolicyRef } from './model';
import type { PolicySource } from './policySource';

export type { PolicySource };

/**
 * The contract between the evaluator and everything that shows its answers (CLI, language server, simulator panel,
 * editor decorations). It is plain data, JSON-serialisable, so it crosses process boundaries unchanged.
 */

/** Exactly the AWS policy simulator's EvalDecision values. */
export type Decision = 'allowed' | 'explicitDeny' | 'implicitDeny';

/** A context value: a string, or a list of strings for multi-valued keys. */
export type ContextValue = string | readonly string[];

export interface EvaluationRequest {
  /** User, role, role-session (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`), federated user or account root ARN. */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** Keys as the user wrote them; key names are case-insensitive. Model-implied keys fill in what is missing. */
  readonly context?: Readonly<Record<string, ContextValue>>;
  /** Session policies passed when the session was created (JSON texts or documents already in the model). */
  readonly sessionPolicies?: readonly PolicySource[];
  /**
   * The session policies as parsed documents: these are what the evaluator evaluates (a `PolicySource` alone has no
   * text). Several are combined as a union (rule 35's guess). Ignored for principals that are not sessions.
   */
  readonly sessionPolicyRefs?: readonly PolicyRef[];
  /**
   * For a federated-user principal (`arn:aws:sts::ACCOUNT:federated-user/NAME`): the IAM user whose credentials
   * called GetFederationToken. Its identity policies and boundary are what the session policy intersects.
   */
  readonly federatedBy?: string;
  /**
   * VPC endpoint policies the request passes through, parsed (rule 5, impl.): a Deny in one denies, and one must allow.
   * Absent when the request does not go through an endpoint (or the endpoint has the default full-access policy).
   */
  readonly endpointPolicyRefs?: readonly PolicyRef[];
}

/** The layers AWS evaluates, in AWS's order. */
export type LayerKind = 'rcp' | 'scp' | 'resource' | 'trust' | 'keyPolicy' | 'identity' | 'boundary' | 'session' | 'endpoint';

/**
 * `allows`: an applicable Allow; `denies`: an applicable Deny; `noAllow`: evaluated, nothing applied (an implicit
 * deny if this layer was required); `notApplicable`: the layer did not take part (no boundary, no resource policy,
 * management account for SCPs, …).
 */
export type LayerOutcome = 'allows' | 'denies' | 'noAllow' | 'notApplicable';

export type StatementElement = 'Action' | 'NotAction' | 'Resource' | 'NotResource' | 'Principal' | 'NotPrincipal' | 'Condition';

/** Machine-readable reasons an element did or did not match; `explain/` turns them into words. */
export type MatchReason =
  | 'matched'
  | 'actionNotListed'
  | 'actionExcluded'
  | 'resourceNotListed'
  | 'resourceExcluded'
  | 'resourceVariableMissing'
  | 'wildcardOnlyAction'
  | 'principalNotListed'
  | 'principalExcluded'
  | 'noPrincipalElement'
  | 'conditionKeyMissing'
  | 'conditionValueMismatch'
  | 'conditionTypeError'
  | 'conditionUnknownOperator';

export interface ElementMatch {
  readonly element: StatementElement;
  readonly matched: boolean;
  readonly reason: MatchReason;
  /** The element in the policy text. */
  readonly span?: Span;
  /** The policy value that matched (or, for Not* elements, that excluded), with its span. */
  readonly value?: string;
  readonly valueSpan?: Span;
  /** For a Resource entry with policy variables: the entry after substitution (`arn:aws:s3:::home/alice/*`). */
  readonly resolvedValue?: string;
  /** A short note on the mismatch, where there is more to say than the reason (`no value for ${aws:username}`). */
  readonly detail?: string;
}

export interface ConditionTrace {
  /** Operator as written (`ForAnyValue:StringLikeIfExists`). */
  readonly operator: string;
  readonly key: string;
  readonly matched: boolean;
  readonly reason: MatchReason;
  /** The key's `"key": values` property in the policy text. */
  readonly span?: Span;
  /** Request values; undefined when the key is absent from the request. */
  readonly requestValues?: readonly string[];
  /** Policy values as written. */
  readonly policyValues: readonly string[];
  /** Policy values after substituting policy variables, where any were used. */
  readonly resolvedPolicyValues?: readonly string[];
  /** A short, specific note (`10.1.2.3 is not in 203.0.113.0/24`). */
  readonly detail?: string;
}

export interface StatementTrace {
  readonly source: PolicySource;
  readonly statementIndex: number;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  /** The statement object's span within `source.file`. */
  readonly span?: Span;
  /** True when every element matched: the statement applies to the request. */
  readonly applies: boolean;
  /** The elements in the order they were checked; evaluation of a statement stops at the first mismatch. */
  readonly elements: readonly ElementMatch[];
  readonly conditions: readonly ConditionTrace[];
}

export interface PolicyTrace {
  readonly source: PolicySource;
  readonly statements: readonly StatementTrace[];
}

export interface LayerTrace {
  readonly kind: LayerKind;
  /** `SCPs at ou-prod`, `resource policy of arn:aws:s3:::reports`, `identity policies of alice`. */
  readonly label: string;
  /** For organization layers: the root, OU or account id of this level. */
  readonly level?: string;
  /** Cross-account requests evaluate the principal's side and the resource's side separately. */
  readonly side?: 'principal' | 'resource';
  readonly outcome: LayerOutcome;
  readonly policies: readonly PolicyTrace[];
  /** Why the layer did not take part, or a note on how it decided (`root user: full access by default`). */
  readonly note?: string;
}

export interface EvaluationError {
  readonly message: string;
  readonly source?: PolicySource;
  readonly span?: Span;
}

export interface EvaluationResult {
  readonly decision: Decision;
  /** The request as evaluated, after the model filled in the context it implies. */
  readonly request: EvaluationRequest;
  /** The context actually used (explicit plus implied), keys in canonical case where known. */
  readonly context: Readonly<Record<string, ContextValue>>;
  /**
   * The Region the request was taken to be made in, from the resource's ARN, when the request gave no
   * `aws:RequestedRegion` (rule 71): answers that turn on it say so.
   */
  readonly regionFromResource?: string;
  /**
   * The request gave `aws:RequestedRegion` a Region other than the one its resource's ARN names (rule 71): AWS reaches
   * the resource through its own Region's endpoint, so the answer is about a call that would not get there.
   */
  readonly regionGivenElsewhere?: { readonly given: string; readonly resource: string };
  readonly layers: readonly LayerTrace[];
  /** The statements that decided: the Deny(s) for an explicit deny, the Allow(s) that granted for an allow. */
  readonly decidingStatements: readonly StatementTrace[];
  /** For an implicit deny: the layer that had no applicable Allow. */
  readonly failedLayer?: LayerKind;
  /** Statements that matched on action but failed on another element: what a user would change. */
  readonly nearMisses: readonly StatementTrace[];
  readonly errors: readonly EvaluationError[];
  readonly crossAccount: boolean;
  /**
   * Set when a service rule decided rather than a policy layer: `sts:GetCallerIdentity` is always allowed (rule 61);
   * AWS-managed policies, `aws-reserved` roles and `alias/aws/*` keys cannot be changed (rule 63).
   */
  readonly note?: string;
}
