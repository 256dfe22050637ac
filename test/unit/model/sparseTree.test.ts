import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { parseSparseTree } from '../../../server/src/iam/model/sparseTree';
import { GAAD_EXPORT } from './gaadFixture';

interface Plain {
  type: string;
  offset: number;
  length: number;
  value: unknown;
  colonOffset: number | undefined;
  children: Plain[] | undefined;
}
const plain = (node: JsonNode | undefined): Plain | undefined =>
  node && { type: node.type, offset: node.offset, length: node.length, value: node.value, colonOffset: node.colonOffset, children: node.children?.map((c) => plain(c) as Plain) };

const TEXT = JSON.stringify(GAAD_EXPORT, null, 2).replace('"carol"', '"ca\\u0072ol \\\\ \\"x\\""');

test('the fast path builds exactly the nodes jsonc-parser builds, escapes included', () => {
  const errors: ParseError[] = [];
  assert.deepEqual(plain(parseSparseTree(TEXT, new Set(), errors)), plain(parseTree(TEXT)));
  assert.deepEqual(errors, []);
});

test('opaque keys keep their object span but no children, in both the fast and the fault-tolerant path', () => {
  for (const text of [TEXT, `// a comment sends this down the fault-tolerant path\n${TEXT}`]) {
    const tree = parseSparseTree(text, new Set(['PolicyDocument']), []);
    const user = tree?.children?.[0]?.children?.[1]?.children?.[0];
    const inline = user?.children?.find((p) => p.children?.[0]?.value === 'UserPolicyList')?.children?.[1]?.children?.[0];
    const document = inline?.children?.find((p) => p.children?.[0]?.value === 'PolicyDocument')?.children?.[1];
    assert.ok(document);
    assert.equal(document.type, 'object');
    assert.deepEqual(document.children, []);
    assert.deepEqual(JSON.parse(text.slice(document.offset, document.offset + document.length)), GAAD_EXPORT.UserDetailList[0]?.UserPolicyList[0]?.PolicyDocument);
  }
});

test('broken JSON falls back to the fault-tolerant parser and reports where it breaks', () => {
  const errors: ParseError[] = [];
  const tree = parseSparseTree('{ "UserDetailList": [ { "UserName": "a" ', new Set(), errors);
  assert.equal(tree?.type, 'object');
  assert.ok(errors.length > 0);
});
