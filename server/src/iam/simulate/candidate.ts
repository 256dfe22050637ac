/** What the fixes of a decision are built from: candidate changes, tried one at a time (counterfactuals.ts). */
import type { ContextValue, PolicySource } from '../evaluator/types';
import type { FileEdit, MisspeltAction } from '../explain';
import type { ParsedPolicy } from '../parser';

/** A change to try. Candidates of one group are alternatives: the first that changes the decision is kept. */
export interface Candidate {
  readonly title: string;
  readonly kind: 'edit' | 'context';
  readonly edits: readonly FileEdit[];
  readonly context: Readonly<Record<string, ContextValue>>;
  /**
   * Names the principal in a statement written for someone else (a key policy's statement for the account): offered
   * after the fixes of statements written for this principal, which say more about what was meant.
   */
  readonly forSomeoneElse?: boolean;
  /** The request's action misspelt in a statement, which the candidate mends. */
  readonly misspelt?: MisspeltAction;
  /** Why the request is denied, when the candidate mends that (`Fix.cause`). */
  readonly cause?: string;
  /**
   * A grant of its own for exactly the request (a statement or policy added), beside what the policies' authors wrote:
   * not offered once a fix that mends what they wrote (a `cause`) allows the request.
   */
  readonly ownGrant?: boolean;
}

export type CandidateGroup = readonly Candidate[];

export type PolicyOf = (source: PolicySource) => ParsedPolicy | undefined;
