/**
 * A resolved policy written as JSON text, with where each part of that text came from in the template (policyText.ts
 * writes it; findings and edits on the JSON are carried back to the template through it).
 */
import type { Span } from '../span';

export interface Segment {
  readonly start: number;
  readonly end: number;
  readonly source: Span;
  /** Source offset of `start` when characters map one for one. */
  readonly exact?: number;
  /** A whole literal scalar or key in the source: an edit may replace it. */
  readonly replaceable?: boolean;
}

export interface PolicyText {
  readonly text: string;
  readonly segments: readonly Segment[];
  /** Ranges of the JSON text that stand for values the template does not determine. */
  readonly unknowns: readonly { readonly start: number; readonly end: number; readonly stringStart: number; readonly stringEnd: number }[];
  /**
   * Set when the text is the source's own (a JSON template's literal policy, see literalJsonPolicy.ts): its one segment
   * is exact, and any edit, structure included, is carried over as it is.
   */
  readonly verbatim?: boolean;
}
