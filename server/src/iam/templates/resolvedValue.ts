/**
 * A policy value after intrinsic functions and interpolations have been resolved: plain JSON data, except that a
 * string is a list of pieces, each either known text (with where it stands in the source, when it stands there one
 * character for one) or an unknown that the template does not determine (a parameter without default, an attribute
 * only known after deploy). The policy text is built from this, and findings map back through it.
 */
import type { Span } from '../span';

export interface Piece {
  readonly text: string;
  /** Where `text` starts in the source when it stands there character for character. */
  readonly sourceOffset?: number;
  /** Set for a value the template does not determine; `text` is then a stand-in and `label` says what it is. */
  readonly unknown?: boolean;
  readonly label?: string;
}

export interface ResolvedString {
  readonly kind: 'string';
  readonly pieces: readonly Piece[];
  readonly span: Span;
  /** False when the string came from an intrinsic function, so an edit must not replace it with a literal. */
  readonly literal: boolean;
}

export interface ResolvedScalar {
  readonly kind: 'number' | 'boolean' | 'null';
  readonly value: number | boolean | null;
  readonly span: Span;
}

export interface ResolvedEntry {
  readonly key: string;
  readonly keySpan: Span;
  readonly value: ResolvedValue;
}

export interface ResolvedMap {
  readonly kind: 'map';
  readonly entries: readonly ResolvedEntry[];
  readonly span: Span;
}

export interface ResolvedSeq {
  readonly kind: 'seq';
  readonly items: readonly ResolvedValue[];
  readonly span: Span;
}

export type ResolvedValue = ResolvedString | ResolvedScalar | ResolvedMap | ResolvedSeq;

/** The text a resolved string stands for (unknown pieces as their stand-ins). */
export function textOf(value: ResolvedString): string {
  return value.pieces.map((piece) => piece.text).join('');
}

export function isFullyKnown(value: ResolvedString): boolean {
  return value.pieces.every((piece) => !piece.unknown);
}

/** What an unknown piece stands in as: `*` matches whatever the value turns out to be, in an ARN or a name. */
export const UNKNOWN_TEXT = '*';

export function unknownPiece(label: string): Piece {
  return { text: UNKNOWN_TEXT, unknown: true, label };
}
