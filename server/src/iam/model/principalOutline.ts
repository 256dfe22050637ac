import type { ModelPrincipal, PolicyRef } from '../evaluator/model';
import type { ParsedPolicy } from '../parser/policyTree';
import type { Span } from '../span';

/**
 * A user or role whose policies are resolved when a request first reaches it: an export of 50,000 principals is
 * asked about one at a time, and building every principal's policies up front was most of its load.
 */
export interface DeferredPrincipal {
  readonly kind: 'user' | 'role';
  readonly arn: string;
  readonly accountId: string;
  readonly name: string;
  /** The principal itself, built anew each call (the model index keeps what it builds; see ModelIndex.built). */
  build(): ModelPrincipal;
  /**
   * The documents of its identity policies and permissions boundary, without building it: who-can's index reads what
   * they can match to skip principals a request cannot concern, so that only the few that matter are built.
   */
  documents(): readonly PolicyDocument[];
  /** Its trust policy's document (roles). */
  readonly trust?: PolicyText | undefined;
}

/**
 * A policy document known by its text and where it is (the loader's document handles are these), without a ref: a ref
 * is made per use, and a principal not built has none yet.
 */
export interface PolicyText {
  readonly parsed: ParsedPolicy;
  /** The text, when it can be had without parsing it. */
  readonly text?: string;
  readonly file?: string;
  readonly span?: Span;
}

/** A policy as a document (of a principal not built yet) or as a ref (a group's, shared by its members). */
export type PolicyDocument = PolicyText | PolicyRef;

/** A principal of the model, as much as is known without building it. */
export interface PrincipalOutline {
  readonly kind: ModelPrincipal['kind'];
  readonly arn: string;
  readonly accountId: string;
  readonly name: string;
  /** Its identity policies and boundary, as `DeferredPrincipal.documents`; undefined once built (read the principal). */
  readonly documents: (() => readonly PolicyDocument[]) | undefined;
  readonly trust: PolicyDocument | undefined;
}

export type PrincipalEntry = ModelPrincipal | DeferredPrincipal;
