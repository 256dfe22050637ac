import type { Node as JsonNode } from 'jsonc-parser';
import type { Span } from '../span';

/**
 * The edit that adds `value` to a policy element written as a string or a list of strings, in the document's own
 * text: a string becomes a two-item list, a list gets one more item laid out like the items it has (on its own line
 * with the same indentation when the list is written one item a line). Undefined for anything else.
 */
export function appendToList(text: string, node: JsonNode, value: string): { span: Span; newText: string } | undefined {
  const quoted = JSON.stringify(value);
  if (node.type === 'string') {
    const old = text.slice(node.offset, node.offset + node.length);
    return { span: { offset: node.offset, length: node.length }, newText: `[${old}, ${quoted}]` };
  }
  if (node.type !== 'array') return undefined;
  const items = node.children ?? [];
  const last = items[items.length - 1];
  if (!last) return { span: { offset: node.offset, length: node.length }, newText: `[${quoted}]` };
  const end = last.offset + last.length;
  const first = items[0] as JsonNode;
  const multiline = text.slice(node.offset, first.offset).includes('\n');
  if (!multiline) return { span: { offset: end, length: 0 }, newText: `, ${quoted}` };
  const lineStart = text.lastIndexOf('\n', last.offset - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, last.offset))?.[0] ?? '';
  const eol = text.slice(lineStart - 2, lineStart - 1) === '\r' ? '\r\n' : '\n';
  return { span: { offset: end, length: 0 }, newText: `,${eol}${indent}${quoted}` };
}
