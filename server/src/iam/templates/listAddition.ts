/**
 * "Add this action (resource, principal) to the statement", carried from a built policy's JSON text to the template
 * it was written from. The fix adds an item to a list (an insertion after its last item) or turns a string into a
 * list of it and the new item; a JSON template takes either as JSON, and YAML and HCL take them in their own syntax:
 * a new `- item` line under a block sequence, `, item` in a flow sequence (`[a, b]`) or an HCL list, and a string
 * written as a flow sequence (`Action: [sqs:SendMessage, sqs:ReceiveMessage]`). Items are written plain where the list
 * writes its items plain and the value can stand plain, as JSON strings (valid YAML and HCL) otherwise.
 */
import type { TextEdit } from '../findings';
import type { Span } from '../span';
import type { PolicyText, Segment } from './policyTextMap';
import { canStandPlain } from './yamlPlain';

const JSON_STRING = '"(?:[^"\\\\\\n]|\\\\.)*"';
const INSERTED_ITEM = new RegExp(`^, (${JSON_STRING})$`);
const STRING_TO_LIST = new RegExp(`^\\[(${JSON_STRING}), (${JSON_STRING})\\]$`);

/** The edit in the source, or undefined when the edit is no addition to a list or the source writes it otherwise. */
export function listAddition(policy: PolicyText, edit: TextEdit, sourceText: string, sourceIsJson: boolean): TextEdit | undefined {
  // `${…}` and `%{…}` would be interpolation in Terraform: such a value is left to the JSON it came from.
  if (!sourceIsJson && /[$%]\{/.test(edit.newText)) return undefined;
  const inserted = edit.span.length === 0 ? INSERTED_ITEM.exec(edit.newText) : null;
  if (inserted) return itemAfterLast(policy, edit.span.offset, JSON.parse(inserted[1] as string) as string, sourceText, sourceIsJson);
  const listed = STRING_TO_LIST.exec(edit.newText);
  if (!listed || sourceIsJson) return undefined;
  const whole = policy.segments.find((s) => s.start === edit.span.offset && s.end === edit.span.offset + edit.span.length && s.exact === undefined);
  if (!whole?.replaceable || policy.text.slice(whole.start, whole.end) !== listed[1] || !spells(sourceText, whole.source, policy.text, whole)) return undefined;
  if (anchored(sourceText, whole.source.offset)) return undefined;
  return stringToFlowList(whole.source, JSON.parse(listed[2] as string) as string, sourceText);
}

/** A new last item of the list whose last item ends at `end` of the policy text. */
function itemAfterLast(policy: PolicyText, end: number, value: string, sourceText: string, sourceIsJson: boolean): TextEdit | undefined {
  if (policy.text[end] !== ']') return undefined;
  let last: Segment | undefined;
  let list: Segment | undefined;
  for (const segment of policy.segments) {
    if (segment.exact !== undefined) continue;
    if (segment.end === end && (!last || segment.start < last.start)) last = segment;
    if (segment.end === end + 1 && policy.text[segment.start] === '[') list = segment;
  }
  if (!last || !list || policy.text[last.start] !== '"') return undefined;
  const lastEnd = last.source.offset + last.source.length;
  // The list and its last item must be written in the source as such: a list a SAM policy template expands into
  // (`S3ReadPolicy: { BucketName: … }`) has its items nowhere in the template, and nothing to add to.
  const opener = sourceText[list.source.offset];
  const inList = list.source.offset <= last.source.offset && lastEnd <= list.source.offset + list.source.length;
  if (!inList || !(opener === '[' || (opener === '-' && !sourceIsJson)) || !spells(sourceText, last.source, policy.text, last)) return undefined;
  if (anchored(sourceText, list.source.offset)) return undefined;
  if (sourceIsJson) return { span: { offset: lastEnd, length: 0 }, newText: `, ${JSON.stringify(value)}` };
  const plain = isPlain(sourceText, last.source);
  if (opener === '[') return { span: { offset: lastEnd, length: 0 }, newText: `, ${written(value, plain, true)}` };
  // A block sequence: the new item on a line of its own after the last one's, with the same indentation and dash.
  const lineStart = sourceText.lastIndexOf('\n', last.source.offset - 1) + 1;
  const dash = /^([ \t]*-[ \t]+)$/.exec(sourceText.slice(lineStart, last.source.offset))?.[1];
  if (dash === undefined) return undefined;
  let lineEnd = sourceText.indexOf('\n', lastEnd);
  if (lineEnd < 0) lineEnd = sourceText.length;
  const crlf = sourceText[lineEnd - 1] === '\r';
  return { span: { offset: crlf ? lineEnd - 1 : lineEnd, length: 0 }, newText: `${crlf ? '\r\n' : '\n'}${dash}${written(value, plain, false)}` };
}

/** A single-line string written as a flow sequence of itself and the new item (YAML `[a, b]`, HCL `["a", "b"]`). */
function stringToFlowList(source: Span, value: string, sourceText: string): TextEdit | undefined {
  const old = sourceText.slice(source.offset, source.offset + source.length);
  const plain = isPlain(sourceText, source);
  if (old.includes('\n') || /^[|>!&*]/.test(old) || (plain && !canStandPlain(old, true))) return undefined;
  return { span: source, newText: `[${old}, ${written(value, plain, true)}]` };
}

/**
 * True when the source's text at `span` is the string the policy text holds at `segment`: plain, or quoted as JSON,
 * YAML or HCL quote it. A value the source does not write there (one a SAM policy template expands into, one built
 * by `!Sub`) is not.
 */
function spells(sourceText: string, span: Span, policyText: string, segment: Segment): boolean {
  const value = JSON.parse(policyText.slice(segment.start, segment.end)) as string;
  const written = sourceText.slice(span.offset, span.offset + span.length);
  return written === value || written === JSON.stringify(value) || written === `'${value.replace(/'/g, "''")}'`;
}

/**
 * True when the YAML node at `offset` carries an anchor (`&actions [...]`): the statements (or policies) that repeat it
 * by alias (`*actions`) would change too, and the fix speaks of one.
 */
export function anchored(sourceText: string, offset: number): boolean {
  const before = sourceText.slice(Math.max(0, offset - 256), offset).trimEnd();
  return /&[^\s,[\]{}]+$/.test(before);
}

/** True when the source writes the value without quotes (a YAML plain scalar). */
function isPlain(sourceText: string, span: Span): boolean {
  return !/["']/.test(sourceText[span.offset] ?? '"');
}

function written(value: string, plain: boolean, inFlow: boolean): string {
  return plain && canStandPlain(value, inFlow) ? value : JSON.stringify(value);
}
