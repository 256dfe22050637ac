/**
 * Writes a resolved policy as JSON text, the validator's input, and keeps a map from that text back to the source:
 * every value, key and known piece of a string records where it came from. Findings on the JSON map back to exact
 * columns where the source spells the text one for one, and to the whole value or key elsewhere.
 */
import type { Fix, TextEdit } from '../findings';
import type { Span } from '../span';
import type { Piece, ResolvedString, ResolvedValue } from './resolvedValue';
import { listAddition } from './listAddition';
import { statementAddition } from './statementAddition';
import { canStandPlain } from './yamlPlain';

export type { PolicyText, Segment } from './policyTextMap';
import type { PolicyText, Segment } from './policyTextMap';

/**
 * @param standIn the text an unknown piece is written as: its own stand-in (`*`) for the validator, a marker that
 *   matches nothing for an account model (see modelJson.ts)
 */
export function writePolicyText(value: ResolvedValue, standIn: (piece: Piece) => string = (piece) => piece.text): PolicyText {
  const writer = new Writer(standIn);
  writer.value(value);
  return { text: writer.parts.join(''), segments: writer.segments, unknowns: writer.unknowns };
}

class Writer {
  readonly parts: string[] = [];
  readonly segments: Segment[] = [];
  readonly unknowns: { start: number; end: number; stringStart: number; stringEnd: number }[] = [];
  private length = 0;

  constructor(private readonly standIn: (piece: Piece) => string) {}

  private emit(text: string): void {
    this.parts.push(text);
    this.length += text.length;
  }

  value(value: ResolvedValue): void {
    const start = this.length;
    switch (value.kind) {
      case 'map': {
        this.emit('{');
        value.entries.forEach((entry, index) => {
          if (index > 0) this.emit(',');
          const keyStart = this.length;
          const written = jsonString(entry.key);
          this.emit(written);
          this.segments.push({ start: keyStart, end: this.length, source: entry.keySpan, replaceable: true });
          const exact = keyContentOffset(entry.key, written, entry.keySpan);
          // A key the source spells one for one (plain, or quoted without escapes): hover and completion reach inside.
          if (exact !== undefined)
            this.segments.push({ start: keyStart + 1, end: this.length - 1, source: { offset: exact, length: entry.key.length }, exact });
          this.emit(':');
          this.value(entry.value);
        });
        this.emit('}');
        this.segments.push({ start, end: this.length, source: value.span });
        return;
      }
      case 'seq': {
        this.emit('[');
        value.items.forEach((item, index) => {
          if (index > 0) this.emit(',');
          this.value(item);
        });
        this.emit(']');
        this.segments.push({ start, end: this.length, source: value.span });
        return;
      }
      case 'string': {
        this.emit('"');
        const unknownsBefore = this.unknowns.length;
        for (const piece of value.pieces) {
          const pieceStart = this.length;
          const text = piece.unknown ? this.standIn(piece) : piece.text;
          const escaped = NEEDS_ESCAPE.test(text) ? JSON.stringify(text).slice(1, -1) : text;
          this.emit(escaped);
          if (piece.unknown) this.unknowns.push({ start: pieceStart, end: this.length, stringStart: start, stringEnd: 0 });
          else if (piece.sourceOffset !== undefined && escaped === piece.text && piece.text.length > 0) {
            this.segments.push({
              start: pieceStart,
              end: this.length,
              source: { offset: piece.sourceOffset, length: piece.text.length },
              exact: piece.sourceOffset,
            });
          }
        }
        this.emit('"');
        for (let i = unknownsBefore; i < this.unknowns.length; i++) (this.unknowns[i] as { stringEnd: number }).stringEnd = this.length;
        this.segments.push({ start, end: this.length, source: value.span, replaceable: value.literal });
        return;
      }
      default:
        this.emit(JSON.stringify(value.value));
        this.segments.push({ start, end: this.length, source: value.span, replaceable: true });
    }
  }
}

/**
 * What JSON.stringify would escape in a string: a quote, a backslash, a control character, a surrogate (a lone one is
 * escaped; a pair is let through to JSON.stringify too). Most of a policy's strings have none, and are written as they are.
 */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function jsonString(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/**
 * Where a key's characters start in the source when it spells them one for one: a plain key's span is the key, a
 * quoted one's is the key and its two quotes (any escape or fold makes the source longer than that).
 */
function keyContentOffset(key: string, written: string, keySpan: Span): number | undefined {
  if (key.length === 0 || written.length !== key.length + 2) return undefined;
  if (keySpan.length === key.length) return keySpan.offset;
  return keySpan.length === key.length + 2 ? keySpan.offset + 1 : undefined;
}

/** The source span of a span of the policy text: exact inside literal text, else the smallest enclosing value. */
export function mapSpan(policy: PolicyText, span: Span): Span | undefined {
  const segment = innermost(policy, span);
  if (!segment) return undefined;
  if (segment.exact !== undefined) return { offset: segment.exact + (span.offset - segment.start), length: span.length };
  return spanningPair(policy, span) ?? segment.source;
}

/**
 * A span that runs from one written value to another (an element: its key through its value) maps to the source
 * from the first one's start to the last one's end, rather than to the whole statement that encloses both.
 */
function spanningPair(policy: PolicyText, span: Span): Span | undefined {
  const end = span.offset + span.length;
  let first: Segment | undefined;
  let last: Segment | undefined;
  for (const segment of policy.segments) {
    if (segment.start === span.offset && segment.end <= end && (!first || segment.end > first.end)) first = segment;
    if (segment.end === end && segment.start >= span.offset && (!last || segment.start < last.start)) last = segment;
  }
  if (!first || !last || first === last) return undefined;
  const from = first.source.offset;
  const to = last.source.offset + last.source.length;
  return to > from ? { offset: from, length: to - from } : undefined;
}

/**
 * True when a finding on this span concerns a value the template leaves open: it touches an unknown piece, or covers
 * the whole string that holds one. Such findings say nothing about the template, so they are dropped.
 */
export function touchesUnknown(policy: PolicyText, span: Span): boolean {
  const end = span.offset + span.length;
  return policy.unknowns.some(
    (unknown) => (span.offset < unknown.end && end > unknown.start) || (span.offset >= unknown.stringStart && end <= unknown.stringEnd),
  );
}

/**
 * A fix whose every edit lands on text the source spells one for one, or replaces a whole literal value with a
 * scalar, carried over to the source; undefined when an edit would change structure the source writes in another
 * syntax (a new statement in YAML block style), which only the policy text could take.
 */
export function mapFix(policy: PolicyText, fix: Fix, sourceIsJson: boolean): Fix | undefined {
  const edits: TextEdit[] = [];
  for (const edit of fix.edits) {
    const mapped = mapEdit(policy, edit, sourceIsJson);
    if (!mapped) return undefined;
    edits.push(mapped);
  }
  return { ...fix, edits };
}

/**
 * One edit of the policy text carried over to the source, under mapFix's conditions; undefined when it cannot be.
 * With the source's text, an item added to a list is carried over too, in the source's syntax (listAddition.ts), and
 * so is a statement added to a policy (statementAddition.ts).
 */
export function mapEdit(policy: PolicyText, edit: TextEdit, sourceIsJson: boolean, sourceText?: string): TextEdit | undefined {
  const added =
    sourceText === undefined ? undefined : (listAddition(policy, edit, sourceText, sourceIsJson) ?? statementAddition(policy, edit, sourceText, sourceIsJson));
  if (added) return added;
  const segment = innermost(policy, edit.span);
  if (!segment) return undefined;
  if (segment.exact !== undefined && (policy.verbatim === true || !/["\\\n]/.test(edit.newText))) {
    return { span: { offset: segment.exact + (edit.span.offset - segment.start), length: edit.span.length }, newText: edit.newText };
  }
  const whole = segment.start === edit.span.offset && segment.end === edit.span.offset + edit.span.length;
  if (!whole || !segment.replaceable) return undefined;
  const unquoted = unquotedEdit(policy, segment, edit.newText);
  if (unquoted) return unquoted;
  // A JSON scalar is also a YAML flow scalar; anything bigger stays JSON-only.
  if (!sourceIsJson && /^[[{]|\n/.test(edit.newText.trim())) return undefined;
  return { span: segment.source, newText: edit.newText };
}

/**
 * A whole string or key replaced by another string, where the source spells its characters one for one: only the
 * characters are replaced, so a plain YAML scalar stays plain and a quoted one keeps its quotes. Undefined when the
 * new text is no plain JSON string, or could not stand as a plain YAML string (it starts with an indicator, holds
 * `: ` or ` #`, or reads as another type).
 */
function unquotedEdit(policy: PolicyText, whole: Segment, newText: string): TextEdit | undefined {
  const content = /^"([^"\\\n]*)"$/.exec(newText)?.[1];
  // Plain, some would read as another string, a boolean, null, number or date (`Version: 2012-10-17`): they keep their quotes.
  if (content === undefined || !canStandPlain(content, false)) return undefined;
  const inner = policy.segments.find((s) => s.exact !== undefined && s.start === whole.start + 1 && s.end === whole.end - 1);
  return inner?.exact !== undefined ? { span: { offset: inner.exact, length: inner.end - inner.start }, newText: content } : undefined;
}

function innermost(policy: PolicyText, span: Span): Segment | undefined {
  const end = span.offset + span.length;
  let best: Segment | undefined;
  for (const segment of policy.segments) {
    if (segment.start <= span.offset && end <= segment.end && (!best || segment.end - segment.start < best.end - best.start)) best = segment;
  }
  return best;
}

/** The text of a policy the source writes as JSON itself, at `offset`: every span and edit maps back by that offset. */
export function verbatimPolicyText(text: string, offset: number): PolicyText {
  return { text, segments: [{ start: 0, end: text.length, source: { offset, length: text.length }, exact: offset }], unknowns: [], verbatim: true };
}

/**
 * A policy written as a string of JSON (a heredoc, Organizations `Content`, `file(…)`): its text is the string's, and
 * the pieces the source spells one for one map back exactly.
 */
export function stringPolicyText(value: ResolvedString, standIn: (piece: Piece) => string = (piece) => piece.text): PolicyText {
  const segments: Segment[] = [];
  const unknowns: { start: number; end: number; stringStart: number; stringEnd: number }[] = [];
  let length = 0;
  const parts: string[] = [];
  for (const known of value.pieces) {
    const piece = known.unknown ? { ...known, text: standIn(known) } : known;
    if (piece.unknown) unknowns.push({ start: length, end: length + piece.text.length, stringStart: length, stringEnd: length + piece.text.length });
    else if (piece.sourceOffset !== undefined && piece.text.length > 0) {
      segments.push({
        start: length,
        end: length + piece.text.length,
        source: { offset: piece.sourceOffset, length: piece.text.length },
        exact: piece.sourceOffset,
      });
    }
    parts.push(piece.text);
    length += piece.text.length;
  }
  segments.push({ start: 0, end: length, source: value.span });
  return { text: parts.join(''), segments, unknowns };
}

/**
 * The offset in the policy text of a source offset, where the source spells the text one for one (inside a plain
 * or quoted scalar, an HCL string, a heredoc): what hover and completion inside a template need. Undefined elsewhere.
 */
export function policyOffset(policy: PolicyText, sourceOffset: number): number | undefined {
  for (const segment of policy.segments) {
    if (segment.exact === undefined) continue;
    const length = segment.end - segment.start;
    if (sourceOffset >= segment.exact && sourceOffset <= segment.exact + length) return segment.start + (sourceOffset - segment.exact);
  }
  return undefined;
}

/** The source span of a span of the policy text, only where the source spells it one for one (for edits typed in). */
export function exactSourceSpan(policy: PolicyText, span: Span): Span | undefined {
  const segment = innermost(policy, span);
  return segment?.exact !== undefined ? { offset: segment.exact + (span.offset - segment.start), length: span.length } : undefined;
}
