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
  node && {
    type: node.type,
    offset: node.offset,
    length: node.length,
    value: node.value,
    colonOffset: node.colonOffset,
    children: node.children?.map((c) => plain(c) as Plain),
  };

const NOTHING = (): boolean => false;
const TEXT = JSON.stringify(GAAD_EXPORT, null, 2).replace('"carol"', '"ca\\u0072ol \\\\ \\"x\\""');

test('the fast path builds exactly the nodes jsonc-parser builds, escapes included', () => {
  const errors: ParseError[] = [];
  assert.deepEqual(plain(parseSparseTree(TEXT, NOTHING, errors)), plain(parseTree(TEXT)));
  assert.deepEqual(errors, []);
});

test('opaque keys keep their object span but no children, in both the fast and the fault-tolerant path', () => {
  for (const text of [TEXT, `// a comment sends this down the fault-tolerant path\n${TEXT}`]) {
    const tree = parseSparseTree(text, (key) => key === 'PolicyDocument', []);
    const user = tree?.children?.[0]?.children?.[1]?.children?.[0];
    const inline = user?.children?.find((p) => p.children?.[0]?.value === 'UserPolicyList')?.children?.[1]?.children?.[0];
    const document = inline?.children?.find((p) => p.children?.[0]?.value === 'PolicyDocument')?.children?.[1];
    assert.ok(document);
    assert.equal(document.type, 'object');
    assert.deepEqual(document.children, []);
    assert.deepEqual(
      JSON.parse(text.slice(document.offset, document.offset + document.length)),
      GAAD_EXPORT.UserDetailList[0]?.UserPolicyList[0]?.PolicyDocument,
    );
  }
});

test('broken JSON falls back to the fault-tolerant parser and reports where it breaks', () => {
  const errors: ParseError[] = [];
  const tree = parseSparseTree('{ "UserDetailList": [ { "UserName": "a" ', NOTHING, errors);
  assert.equal(tree?.type, 'object');
  assert.ok(errors.length > 0);
});

test('an opaque object is still checked: strict-only reading returns nothing for a document that is not strict JSON', () => {
  const isOpaque = (key: string): boolean => key === 'policy';
  const good = '{ "r": { "policy": { "Statement": [ { "Effect": "Allow", "Action": "s3:*" } ] } } }';
  assert.equal(parseSparseTree(good, isOpaque, [], true)?.type, 'object');
  const broken = [
    '{ "r": { "policy": { "Statement": [ { "Effect": "Allow", } ] } } }',
    '{ "r": { "policy": { "Statement": [ { "Effect" "Allow" } ] } } }',
    '{ "r": { "policy": { "Sid": "a\nb" } } }'.replace('\\n', '\n'),
    '{ "r": { "policy": { "Sid": "bad \\q escape" } } }',
    '{ "r": { "policy": { "Count": 01 } } }',
    '{ "r": { "policy": { "Statement": [ tru ] } } }',
    '{ "r": { "policy": { /* a comment */ } } }',
  ];
  for (const text of broken) assert.equal(parseSparseTree(text, isOpaque, [], true), undefined, text);
});

test('the container key picks the documents of a name-to-document map', () => {
  const text = '{ "policies": { "A": { "Statement": [] }, "B": "./b.json" }, "other": { "A": { "x": 1 } } }';
  const tree = parseSparseTree(text, (_key, container) => container === 'policies', [], true);
  const valueOf = (object: JsonNode | undefined, key: string): JsonNode | undefined =>
    object?.children?.find((p) => p.children?.[0]?.value === key)?.children?.[1];
  assert.deepEqual(valueOf(valueOf(tree, 'policies'), 'A')?.children, []);
  assert.equal(valueOf(valueOf(tree, 'other'), 'A')?.children?.length, 1);
});
