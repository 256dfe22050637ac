/**
 * "Add a statement that allows exactly the request", carried from a built policy's JSON text to the template it was
 * written from: a new last item of the Statement list, in the source's syntax. Under a YAML block sequence the
 * statement is a block mapping after a dash of its own, lined up with the statement before it (values written plain
 * where they can stand plain); a flow sequence (YAML `[…]`) and a JSON template take it as a JSON object, and a
 * Terraform list as an HCL object (`Sid = "…"`), each laid out as the statement before it.
 */
import type { TextEdit } from '../findings';
import type { Span } from '../span';
import { eolBefore, indentationBefore, objectLike } from '../textLayout';
import { anchored } from './listAddition';
import type { PolicyText, Segment } from './policyTextMap';
import { canStandPlain } from './yamlPlain';

const INSERTED_OBJECT = /^,\s*(\{[\s\S]*\})$/;

/** The edit in the source, or undefined when the edit adds no statement or the source writes its list otherwise. */
export function statementAddition(policy: PolicyText, edit: TextEdit, sourceText: string, sourceIsJson: boolean): TextEdit | undefined {
  const object = edit.span.length === 0 ? INSERTED_OBJECT.exec(edit.newText)?.[1] : undefined;
  const entries = object === undefined ? undefined : stringEntries(object);
  const end = edit.span.offset;
  if (!entries || policy.text[end] !== ']') return undefined;
  // `${…}` and `%{…}` would be interpolation in Terraform.
  if (!sourceIsJson && entries.some(([, value]) => /[$%]\{/.test(value))) return undefined;
  const list = outermost(policy.segments, (s) => s.end === end + 1 && policy.text[s.start] === '[');
  const last = outermost(policy.segments, (s) => s.end === end && policy.text[s.start] === '{');
  // The statement's last value: where its text ends in the source (a block mapping's own range may run on).
  const lastValue = last && outermost(policy.segments, (s) => s.end === end - 1 && s.start > last.start);
  if (!list || !last || !lastValue) return undefined;
  const listEnd = list.source.offset + list.source.length;
  // Where the value's text ends: a block value's range (a sequence, a mapping, a folded scalar) runs on past its line
  // break, and the line that ends the statement is the one its last character is on.
  let lastEnd = lastValue.source.offset + lastValue.source.length;
  while (lastEnd > lastValue.source.offset && /\s/.test(sourceText[lastEnd - 1] ?? '')) lastEnd--;
  const opener = sourceText[list.source.offset];
  if (!(list.source.offset <= last.source.offset && lastEnd <= listEnd) || anchored(sourceText, list.source.offset)) return undefined;
  if (opener === '[') {
    // The object's closing brace is the source's own when it writes the statement as JSON or a flow mapping.
    const closing = sourceText.indexOf('}', lastEnd);
    if (closing < 0 || closing >= listEnd || !/^\s*$/.test(sourceText.slice(lastEnd, closing))) return undefined;
    return {
      span: { offset: closing + 1, length: 0 },
      newText: flowItem(sourceText, { offset: last.source.offset, length: closing + 1 - last.source.offset }, entries),
    };
  }
  if (opener !== '-' || sourceIsJson) return undefined;
  const lineStart = sourceText.lastIndexOf('\n', last.source.offset - 1) + 1;
  const dash = /^([ \t]*-[ \t]+)$/.exec(sourceText.slice(lineStart, last.source.offset))?.[1];
  if (dash === undefined || sourceText[last.source.offset] === '{') return undefined;
  let lineEnd = sourceText.indexOf('\n', lastEnd);
  if (lineEnd < 0) lineEnd = sourceText.length;
  const eol = sourceText[lineEnd - 1] === '\r' ? '\r\n' : '\n';
  const under = ' '.repeat(dash.length);
  const lines = entries.map(([key, value], i) => `${i === 0 ? dash : under}${key}: ${canStandPlain(value, false) ? value : JSON.stringify(value)}`);
  return { span: { offset: eol === '\r\n' ? lineEnd - 1 : lineEnd, length: 0 }, newText: `${eol}${lines.join(eol)}` };
}

/**
 * `, {…}` after a statement written as JSON or a flow mapping (`statement` spans it): laid out as it is when it is
 * JSON on a line of its own (the new one on the next line, at its indentation), on one line otherwise.
 */
function flowItem(sourceText: string, statement: Span, entries: readonly (readonly [string, string])[]): string {
  const object = HCL_OBJECT.test(sourceText.slice(statement.offset, statement.offset + statement.length))
    ? hclObjectLike(sourceText, statement, entries)
    : objectLike(sourceText, statement, entries);
  const indent = sourceText[statement.offset] === '{' ? indentationBefore(sourceText, statement.offset) : undefined;
  if (indent === undefined) return `, ${object}`;
  const lineStart = sourceText.lastIndexOf('\n', statement.offset - 1) + 1;
  return `,${eolBefore(sourceText, lineStart)}${indent}${object}`;
}

/** A Terraform object written with `key = value` (in `jsonencode`): the statement added is written so too. */
const HCL_OBJECT = /^\{\s*[A-Za-z_][\w-]*\s*=/;

/**
 * An HCL object of `entries`, laid out as `terraform fmt` lays out the statement it follows: one `key = value` a line
 * at its first key's indentation, the `=` signs lined up, when that one is written on several lines; else on one line.
 */
function hclObjectLike(sourceText: string, like: Span, entries: readonly (readonly [string, string])[]): string {
  const written = sourceText.slice(like.offset, like.offset + like.length);
  if (!written.includes('\n')) return `{ ${entries.map(([key, value]) => `${key} = ${JSON.stringify(value)}`).join(', ')} }`;
  const width = Math.max(...entries.map(([key]) => key.length));
  const firstKey = like.offset + 1 + (/^\s*/.exec(written.slice(1))?.[0].length ?? 0);
  const end = like.offset + like.length - 1;
  const closing = indentationBefore(sourceText, end) ?? '';
  const inner = indentationBefore(sourceText, firstKey) ?? `${closing}  `;
  const eol = eolBefore(sourceText, sourceText.lastIndexOf('\n', end) + 1);
  return `{${eol}${entries.map(([key, value]) => `${inner}${key.padEnd(width)} = ${JSON.stringify(value)}`).join(eol)}${eol}${closing}}`;
}

/** The keys and values of a JSON object whose every value is a string, in order; undefined for anything else. */
function stringEntries(json: string): (readonly [string, string])[] | undefined {
  try {
    const value = JSON.parse(json) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const entries = Object.entries(value);
    return entries.every((entry): entry is [string, string] => typeof entry[1] === 'string') ? entries : undefined;
  } catch {
    return undefined;
  }
}

/** The segment with the earliest start among those `accept` takes. */
function outermost(segments: readonly Segment[], accept: (segment: Segment) => boolean): Segment | undefined {
  let found: Segment | undefined;
  for (const segment of segments) if (segment.exact === undefined && accept(segment) && (!found || segment.start < found.start)) found = segment;
  return found;
}
