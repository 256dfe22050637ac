/**
 * One shape for every source a policy can be embedded in (a CloudFormation template in JSON or YAML, a Terraform
 * file, a plan): maps, sequences and scalars, each with its span in the source text. The readers build it, the
 * extractors and the intrinsic resolver walk it, so nothing downstream knows which syntax the text was in.
 */
import type { Span } from '../span';

export interface TemplateString {
  readonly kind: 'string';
  readonly value: string;
  readonly span: Span;
  /**
   * Where the characters of `value` start in the source when they appear there one for one (a plain YAML scalar, a
   * JSON or quoted string without escapes); undefined when the source spells them differently (escapes, folding).
   * Findings inside such a string keep their exact columns; others point at the whole string.
   */
  readonly contentOffset?: number;
}

export interface TemplateScalar {
  readonly kind: 'number' | 'boolean' | 'null';
  readonly value: number | boolean | null;
  readonly span: Span;
}

export interface TemplateEntry {
  readonly key: string;
  readonly keySpan: Span;
  /** Undefined while the value is still being typed (`Effect:`). */
  readonly value: TemplateNode | undefined;
}

export interface TemplateMap {
  readonly kind: 'map';
  readonly entries: readonly TemplateEntry[];
  readonly span: Span;
  /**
   * Set when the map stands for an intrinsic function written as a YAML short tag (`!Sub …`), or an HCL
   * expression the reader could not read as data (a reference, a function call): the span of the tag or expression.
   */
  readonly shortTag?: Span;
}

export interface TemplateSeq {
  readonly kind: 'seq';
  readonly items: readonly TemplateNode[];
  readonly span: Span;
}

export type TemplateNode = TemplateString | TemplateScalar | TemplateMap | TemplateSeq;

/** A problem the reader found in the source (a YAML syntax error), with its span. */
export interface SourceProblem {
  readonly message: string;
  readonly span: Span;
}

export function get(node: TemplateNode | undefined, key: string): TemplateNode | undefined {
  if (node?.kind !== 'map') return undefined;
  for (const entry of node.entries) if (entry.key === key) return entry.value;
  return undefined;
}

export function entryOf(node: TemplateNode | undefined, key: string): TemplateEntry | undefined {
  if (node?.kind !== 'map') return undefined;
  return node.entries.find((entry) => entry.key === key);
}

export function itemsOf(node: TemplateNode | undefined): readonly TemplateNode[] {
  return node?.kind === 'seq' ? node.items : [];
}

export function stringOf(node: TemplateNode | undefined): string | undefined {
  return node?.kind === 'string' ? node.value : undefined;
}
