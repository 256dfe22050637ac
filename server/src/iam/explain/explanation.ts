import type { ContextValue, Decision, LayerKind, LayerOutcome, StatementElement } from '../evaluator/types';
import type { PolicyType } from '../policyTypes';
import type { Span } from '../span';

/**
 * An evaluation result in words, as plain JSON-serialisable data that every face renders its own way (the CLI as
 * text or JSON, the simulator panel, editor decorations and hovers). Spans here are positions in `file` (already
 * shifted for documents inside a model file), so a face only converts them to lines and columns.
 */
export interface Explanation {
  readonly decision: Decision;
  /** The one line in the shape of AWS's AccessDenied message, so a user can hold it next to the one they got. */
  readonly summary: string;
  /**
   * Why, in one line, right under the verdict: for an implicit deny the closest statement and the one element or
   * condition that did not match; for an explicit deny the denying statement and the condition that made it apply;
   * for an allow the statement that granted.
   */
  readonly reason: string;
  /** Where the reason points (the element or condition it names), in `reasonFile`. */
  readonly reasonSpan?: Span;
  readonly reasonFile?: string;
  /**
   * Smallest changes that would change the decision, each verified by evaluating again with it applied alone.
   * Absent when nobody computed them (`explainResult` alone does not: it only words a result; see `simulate/`).
   */
  readonly fixes?: readonly Fix[];
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** Every layer AWS evaluated, in AWS's order. */
  readonly layers: readonly ExplainedLayer[];
  /** The statements that decided: the Deny(s) for an explicit deny, the Allow(s) that granted for an allow. */
  readonly deciding: readonly ExplainedStatement[];
  /** For an implicit deny: the layer that had no applicable Allow. */
  readonly implicitDenyLayer?: ExplainedLayer;
  /** Statements that almost applied, each with the element that did not match: what a user would change. */
  readonly nearMisses: readonly ExplainedStatement[];
  /** Problems met while evaluating (a policy that could not be read, an unknown principal), in words. */
  readonly errors: readonly string[];
  readonly crossAccount: boolean;
  /** Set when a service rule rather than a policy decided (`sts:GetCallerIdentity` is always allowed). */
  readonly note?: string;
}

export interface ExplainedLayer {
  readonly kind: LayerKind;
  readonly label: string;
  readonly level?: string;
  readonly side?: 'principal' | 'resource';
  readonly outcome: LayerOutcome;
  /** `allows`, `denies (explicit deny)`, `no statement allows s3:PutObject`, `not applicable: no boundary`. */
  readonly sentence: string;
  /** Policies the layer evaluated, by name. */
  readonly policies: readonly string[];
}

/** Where a policy came from, as the explanation shows it. */
export interface ExplainedPolicy {
  readonly name: string;
  readonly type: PolicyType;
  readonly arn?: string;
  readonly file?: string;
  readonly attachedTo?: string;
}

export interface ExplainedStatement {
  readonly policy: ExplainedPolicy;
  readonly effect: 'Allow' | 'Deny';
  readonly statementIndex: number;
  readonly sid?: string;
  /** The statement's characters in `policy.file`. */
  readonly span?: Span;
  /** `Statement DenyDeletesWithoutMfa of RequireMfaForDeletes (attached to group Developers) denies s3:DeleteObject`. */
  readonly headline: string;
  /**
   * A short after-text for the statement's first line in the editor: `✖ denies s3:PutObject for alice: aws:SourceIp
   * 10.1.2.3 is not in 203.0.113.0/24`, `✔ allows …`, or for a near miss `○ would allow … but Resource does not match …`.
   */
  readonly inlineText: string;
  /** Why it applied (for deciding statements) or the element that did not match (for near misses). */
  readonly reasons: readonly ExplainedReason[];
  /**
   * The statement's source text, from the start of its first line (so it reads as in the editor), and where that
   * text starts in `policy.file`. Absent when the document's text does not map onto the file (a URL-decoded export).
   */
  readonly snippet?: { readonly text: string; readonly offset: number };
}

/** One edit of a file: replace `span` (offsets in `file`) by `newText`. */
export interface FileEdit {
  readonly file: string;
  readonly span: Span;
  readonly newText: string;
}

/**
 * A counterfactual: the smallest change found that alone changes the decision. `edit` fixes change a policy file;
 * `context` fixes say which request context values would be decided otherwise.
 */
export interface Fix {
  /** `Add arn:aws:s3:::reports/q1.csv to the Resource of statement ReadReports of Dev`. */
  readonly title: string;
  readonly kind: 'edit' | 'context';
  readonly edits: readonly FileEdit[];
  readonly context: Readonly<Record<string, ContextValue>>;
  /** The decision once the fix is applied (verified by evaluating again). */
  readonly decision: Decision;
  /** Set when the fix mends the request's action misspelt in a statement: what it lists, what was meant, and where. */
  readonly misspelt?: MisspeltAction;
  /**
   * Set when the fix mends what made the statement meant to allow the request miss it, said as a clause the Why adds
   * (`inline policy p has no Version, so ${aws:username} is compared as literal text`).
   */
  readonly cause?: string;
  /** Set when the fix is two changes that only together change the decision (two layers that each refused). */
  readonly paired?: boolean;
}

export interface MisspeltAction {
  readonly listed: string;
  readonly meant: string;
  /** `statement ReadData of inline policy read (attached to user bob)`. */
  readonly statement: string;
}

export interface ExplainedReason {
  readonly element: StatementElement;
  readonly matched: boolean;
  /** `aws:SourceIp 10.1.2.3 is not in 203.0.113.0/24 (NotIpAddress)`. */
  readonly sentence: string;
  /** The short note written beside the marked characters in a snippet (`request: 10.1.2.3`). */
  readonly note: string;
  /** The element or condition key in `policy.file`. */
  readonly span?: Span;
  /** Condition operator and key, for condition reasons. */
  readonly operator?: string;
  readonly key?: string;
  /** The request's values (absent when the request does not have the key). */
  readonly requestValues?: readonly string[];
  readonly policyValues?: readonly string[];
}
