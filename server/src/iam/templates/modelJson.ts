/**
 * Resolved template values as plain JSON, for account models built from templates. A value the template leaves open
 * becomes a marker that matches nothing real (`UNRESOLVED(Fn::ImportValue)`), so a simulation never grants or denies
 * on a guess: the request it would have concerned is simply not matched by that element.
 *
 * The policy documents of a built model keep where they came from: the model's text is written with a map from each
 * document back to the template, so an explanation on the built model points at the template's line and column.
 */
import type { TextEdit } from '../findings';
import { unresolvedMarker } from '../unresolvedMarker';
import type { Span } from '../span';
import { mapEdit, mapSpan, stringPolicyText, writePolicyText, type PolicyText } from './policyText';
import type { Piece, ResolvedValue } from './resolvedValue';

/** A policy document of a built model, with the template file it was written in (undefined: the template itself). */
export class SourcedDocument {
  constructor(
    readonly policy: PolicyText,
    readonly file: string | undefined,
  ) {}
}

/** A model entry (a role, user or group) with where the template declares it: its resource's logical id. */
export class DeclaredEntry {
  constructor(
    readonly value: Json,
    readonly declaration: Span,
  ) {}
}

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json } | SourcedDocument | DeclaredEntry;

/** What an unknown piece becomes in a model: a marker no real name or ARN matches. */
function marker(piece: Piece): string {
  return unresolvedMarker(piece.label ?? 'value');
}

export function toJson(value: ResolvedValue): Json {
  switch (value.kind) {
    case 'string':
      return value.pieces.map((piece) => (piece.unknown ? marker(piece) : piece.text)).join('');
    case 'seq':
      return value.items.map(toJson);
    case 'map': {
      const object: { [key: string]: Json } = {};
      for (const entry of value.entries) object[entry.key] = toJson(entry.value);
      return object;
    }
    default:
      return value.value;
  }
}

/**
 * A policy document for a model, keeping its source: a structure as it is, a string (a heredoc, `file(…)`,
 * Organizations `Content`) as the JSON it holds; undefined when that string is not JSON.
 */
export function sourcedDocument(value: ResolvedValue, file?: string): SourcedDocument | undefined {
  if (value.kind !== 'string') return new SourcedDocument(writePolicyText(value, marker), file);
  const policy = stringPolicyText(value, marker);
  try {
    JSON.parse(policy.text);
  } catch {
    return undefined;
  }
  return new SourcedDocument(policy, file);
}

/** A resolved string, or undefined when it is not one or holds an unknown. */
export function knownText(value: ResolvedValue | 'absent' | undefined): string | undefined {
  if (value === 'absent' || value?.kind !== 'string' || value.pieces.some((piece) => piece.unknown)) return undefined;
  return value.pieces.map((piece) => piece.text).join('');
}

interface PlacedDocument {
  readonly start: number;
  readonly end: number;
  readonly document: SourcedDocument;
}

interface PlacedDeclaration {
  readonly start: number;
  readonly end: number;
  readonly declaration: Span;
}

/** Where a span of a built model's text was written in a template, and how edits there carry over. */
export class BuiltModelText {
  constructor(
    readonly text: string,
    private readonly documents: readonly PlacedDocument[],
    /** The template a document without its own file came from. */
    readonly template: string,
    /** A JSON template takes any edit a policy file takes; YAML and HCL only those that replace a scalar. */
    private readonly sourceIsJson: boolean,
    private readonly declarations: readonly PlacedDeclaration[] = [],
    /** The text of a template file, for edits that add to a list in the template's own syntax. */
    private readonly sourceOf: (file: string) => string | undefined = () => undefined,
  ) {}

  /**
   * Where the template declares the entry a span of the built text overlaps (a role's logical id for the span of the
   * role's property in the model, key included), or undefined when the span meets no declared entry.
   */
  declaration(span: Span): { readonly file: string; readonly span: Span } | undefined {
    // Entries are siblings (roles, users, groups of one account) and do not overlap: at most one meets the span.
    const placed = this.declarations.find((d) => d.start < span.offset + span.length && span.offset < d.end);
    return placed ? { file: this.template, span: placed.declaration } : undefined;
  }

  /** The template file and span of a span of the built text, or undefined outside the policy documents. */
  source(span: Span): { readonly file: string; readonly span: Span } | undefined {
    const placed = this.at(span);
    if (!placed) return undefined;
    const mapped = mapSpan(placed.document.policy, { offset: span.offset - placed.start, length: span.length });
    return mapped ? { file: placed.document.file ?? this.template, span: mapped } : undefined;
  }

  /** An edit of the built text carried over to the template, or undefined when the template writes it otherwise. */
  edit(edit: TextEdit): { readonly file: string; readonly edit: TextEdit } | undefined {
    const placed = this.at(edit.span);
    if (!placed) return undefined;
    const file = placed.document.file ?? this.template;
    const mapped = mapEdit(
      placed.document.policy,
      { span: { offset: edit.span.offset - placed.start, length: edit.span.length }, newText: edit.newText },
      this.sourceIsJson,
      this.sourceOf(file),
    );
    return mapped ? { file, edit: mapped } : undefined;
  }

  private at(span: Span): PlacedDocument | undefined {
    // Documents are placed in order and do not overlap: a binary search finds the one that starts at or before.
    let low = 0;
    let high = this.documents.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const placed = this.documents[middle] as PlacedDocument;
      if (placed.start > span.offset) high = middle - 1;
      else if (placed.end < span.offset + span.length) low = middle + 1;
      else return placed;
    }
    return undefined;
  }
}

/**
 * The model as JSON text (two-space indented, documents as written), with the map back to its template; `sourceOf`
 * gives a template file's text when an edit needs it.
 */
export function writeModelText(model: Json, template: string, sourceIsJson: boolean, sourceOf?: (file: string) => string | undefined): BuiltModelText {
  const parts: string[] = [];
  const documents: PlacedDocument[] = [];
  const declarations: PlacedDeclaration[] = [];
  let length = 0;
  const emit = (text: string): void => {
    parts.push(text);
    length += text.length;
  };
  const write = (value: Json, indent: string): void => {
    if (value instanceof SourcedDocument) {
      documents.push({ start: length, end: length + value.policy.text.length, document: value });
      emit(value.policy.text);
    } else if (value instanceof DeclaredEntry) {
      const start = length;
      write(value.value, indent);
      declarations.push({ start, end: length, declaration: value.declaration });
    } else if (Array.isArray(value)) {
      if (value.length === 0) return emit('[]');
      emit('[');
      value.forEach((item, index) => {
        emit(`${index > 0 ? ',' : ''}\n${indent}  `);
        write(item, `${indent}  `);
      });
      emit(`\n${indent}]`);
    } else if (typeof value === 'object' && value !== null) {
      // Optional fields left undefined are not written, as JSON.stringify leaves them out.
      const entries = Object.entries(value).filter(([, item]) => item !== undefined);
      if (entries.length === 0) return emit('{}');
      emit('{');
      entries.forEach(([key, item], index) => {
        emit(`${index > 0 ? ',' : ''}\n${indent}  ${JSON.stringify(key)}: `);
        write(item, `${indent}  `);
      });
      emit(`\n${indent}}`);
    } else {
      emit(JSON.stringify(value));
    }
  };
  write(model, '');
  return new BuiltModelText(parts.join(''), documents, template, sourceIsJson, declarations, sourceOf);
}
