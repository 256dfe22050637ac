/**
 * "Save as test", the part that decides what to write: the edits that append one test to a `*.iam-test.json` file,
 * or the index of the test that already asks the same thing. Pure (text in, edits out), so the host applies them as
 * an undoable workspace edit and the unit tests check them without an editor. The edits only insert: the user's
 * comments, other tests and line endings are left as they are.
 */
import { createScanner, findNodeAtLocation, modify, parseTree, SyntaxKind, type Edit, type Node as JsonNode } from 'jsonc-parser';
import { eolOf } from '../../../server/src/iam/textLayout';
import type { PanelTestCase } from './messages';

export type AppendPlan =
  | { readonly kind: 'append'; readonly edits: readonly Edit[]; readonly index: number }
  | { readonly kind: 'duplicate'; readonly index: number }
  | { readonly kind: 'invalid'; readonly reason: string };

/** What makes two tests the same question: the request, not its name or the expected answer. */
function requestKey(value: unknown): string {
  const v = (value ?? {}) as Record<string, unknown>;
  const context = (v.context ?? {}) as Record<string, unknown>;
  const sorted = Object.keys(context)
    .sort()
    .map((k) => [k, context[k]]);
  return JSON.stringify([v.principal, v.action, v.resource, sorted, v.sessionPolicies ?? []]);
}

function valueOf(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (typeof key?.value === 'string' && value) out[key.value] = valueOf(value);
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(valueOf);
    default:
      return node.value;
  }
}

export function planTestAppend(text: string, test: PanelTestCase): AppendPlan {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!root || root.type !== 'object') return { kind: 'invalid', reason: 'it is not a JSON object' };
  const tests = findNodeAtLocation(root, ['tests']);
  if (tests && tests.type !== 'array') return { kind: 'invalid', reason: 'its "tests" is not a list' };
  const existing = tests?.children ?? [];
  const key = requestKey(test);
  const duplicate = existing.findIndex((node) => requestKey(valueOf(node)) === key);
  if (duplicate >= 0) return { kind: 'duplicate', index: duplicate };
  const index = existing.length;
  if (!tests) {
    // No list yet: jsonc-parser adds the property (it touches only the text around the new property).
    const edits = modify(text, ['tests'], [test], { formattingOptions: { insertSpaces: true, tabSize: 2, eol: eolOf(text) } });
    return { kind: 'append', edits, index };
  }
  return { kind: 'append', edits: insertIntoList(text, tests, test), index };
}

/**
 * Pure insertions that add `value` as the last item of `list`: a comma after the last item, and the new item on a
 * line of its own after that line's comment (so a comment on the last item stays with it), indented like the last
 * item and with the file's line ending. jsonc-parser's `modify` reformats the neighbouring item, which is not ours
 * to touch.
 */
function insertIntoList(text: string, list: JsonNode, value: unknown): Edit[] {
  const eol = eolOf(text);
  const last = list.children?.[list.children.length - 1];
  const lineStart = (offset: number): number => text.lastIndexOf('\n', offset - 1) + 1;
  const indentAt = (offset: number): string => /^[ \t]*/.exec(text.slice(lineStart(offset)))?.[0] ?? '';
  const itemIndent = last ? indentAt(last.offset) : `${indentAt(list.offset)}  `;
  const json = JSON.stringify(value, null, 2)
    .split('\n')
    .map((line, i) => (i === 0 ? line : `${itemIndent}${line}`))
    .join(eol);
  if (!last) return [{ offset: list.offset + 1, length: 0, content: `${eol}${itemIndent}${json}${eol}${indentAt(list.offset)}` }];
  const after = last.offset + last.length;
  // The end of the last item's line: past trailing comments, before the line break (or the next token).
  const scanner = createScanner(text.slice(after), false);
  let at = after;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.Trivia || kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) {
      at = after + scanner.getTokenOffset() + scanner.getTokenLength();
      continue;
    }
    break;
  }
  return [
    { offset: after, length: 0, content: ',' },
    { offset: at, length: 0, content: `${eol}${itemIndent}${json}` },
  ];
}

/** The text of a new test file for `modelName` (a sibling file), before the first test is appended. */
export function newTestFileText(modelName: string): string {
  return `${JSON.stringify({ model: `./${modelName}`, tests: [] }, null, 2)}\n`;
}
