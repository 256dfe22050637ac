// A model in plain JSON is read with JSON.parse and seen as jsonc-parser's nodes, each finding its place in the text
// only when asked. Every place it finds must be the one jsonc-parser's tree gives, or a message or an explanation
// would point at the wrong characters; and text that JSON.parse reads differently from the tree is not read this way.
// A model's values leave its policy documents as text (skeletonValues.ts), as a sparse tree does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { readValueTree, ValueNode } from '../../../server/src/iam/model/valueTree';
import { MODEL_READING } from '../../../server/src/iam/model/modelReading';
import { strictSparseTree } from '../../../server/src/iam/model/sparseTree';
import { objectProps } from '../../../server/src/iam/model/jsonReader';
import { MAX_NESTING_DEPTH } from '../../../server/src/iam/parser/parsePolicy';
import { generatedModelText } from '../helpers/generatedModel';
import { GAAD_EXPORT } from './gaadFixture';

/** A node as plain data: what a reader can read of it, its properties' keys and spans included. */
interface Plain {
  readonly type: string;
  readonly offset: number;
  readonly length: number;
  readonly value: unknown;
  readonly items?: Plain[];
  readonly properties?: { key: string; keySpan: [number, number]; span: [number, number]; value: Plain | undefined }[];
}

function plain(node: JsonNode): Plain {
  const base = { type: node.type, offset: node.offset, length: node.length, value: node.type === 'object' || node.type === 'array' ? undefined : node.value };
  if (node.type === 'array') return { ...base, items: (node.children ?? []).map(plain) };
  if (node.type !== 'object') return base;
  const properties = objectProps(node).map((prop) => ({
    key: prop.key,
    keySpan: [prop.keySpan.offset, prop.keySpan.length] as [number, number],
    span: [prop.span.offset, prop.span.length] as [number, number],
    value: prop.value && plain(prop.value),
  }));
  return { ...base, properties };
}

const ODD_TEXT = `\r\n\t { "a\\u0062c" : [ 1, -2.5e3, true, false, null, "x\\"y\\\\" , {} , [ ] ],
  "née ☃": { "k": "tab\\tline\\nend", "007": "a", "4294967295": 7 },\n"": { "": [[[ "deep" ]]] } , "last":"\\ud83d\\ude00" }  `;

test('a value tree finds every value, key and property where a tree of nodes has it', () => {
  const texts = [
    ODD_TEXT,
    generatedModelText(3, 40),
    JSON.stringify(JSON.parse(generatedModelText(4, 10))),
    JSON.stringify(GAAD_EXPORT, null, 2).replace('"carol"', '"ca\\u0072ol \\\\ \\"x\\""'),
  ];
  for (const text of texts) {
    const values = readValueTree(text);
    const tree = parseTree(text);
    assert.ok(values && tree);
    assert.deepEqual(plain(values), plain(tree));
  }
});

test('a value tree finds a place asked for out of order, as it finds one asked for in order', () => {
  const text = generatedModelText(5, 30);
  const inOrder = plain(readValueTree(text) as JsonNode);
  // The last property first: the containers on its path are read to its end before anything earlier is asked for.
  const values = readValueTree(text) as JsonNode;
  const props = objectProps(values);
  const last = props[props.length - 1];
  const lastInTree = objectProps(parseTree(text) as JsonNode).at(-1);
  assert.ok(last?.value && lastInTree?.value);
  assert.deepEqual(plain(last.value), plain(lastInTree.value));
  assert.deepEqual(plain(values), inOrder);
});

test('text JSON.parse reads differently from a tree of nodes is not read as values', () => {
  const deep = `{"a": ${'['.repeat(MAX_NESTING_DEPTH)}1${']'.repeat(MAX_NESTING_DEPTH)}}`;
  const refused: Record<string, string> = {
    'a key given twice (JSON.parse keeps the last, silently)': '{"a": {"b": 1, "b": 2}}',
    'a key given twice inside a string-free stretch': '{"a":1,"a":1}',
    'a key that is an array index (JSON.parse lists it first)': '{"b": 1, "7": 2}',
    'a comment': '{"a": 1 // note\n}',
    'a trailing comma': '{"a": [1, 2,]}',
    'nesting past the limit a tree reads': deep,
    'no text': '',
  };
  for (const [why, text] of Object.entries(refused)) assert.equal(readValueTree(text), undefined, why);
  // Keys that look numeric but are not array indices keep their place, and one colon inside a string is no key.
  assert.ok(readValueTree('{"b": 1, "007": 2, "4294967295": 3, "x": "a\\": b"}'));
});

test("a model's values with its documents left as text have the nodes and places of a sparse tree", () => {
  // The same texts, a model's documents kept as spans: where the structure is, and where each document is and ends.
  const texts = [generatedModelText(3, 40), JSON.stringify(JSON.parse(generatedModelText(4, 10))), JSON.stringify(GAAD_EXPORT, null, 2), ODD_TEXT];
  for (const text of texts) {
    const values = readValueTree(text, MODEL_READING.isOpaque);
    const sparse = strictSparseTree(text, MODEL_READING.isOpaque, MAX_NESTING_DEPTH);
    assert.ok(values && sparse);
    assert.deepEqual(plain(values), plain(sparse));
  }
  const documents = (node: JsonNode): number =>
    node instanceof ValueNode && node.opaqueObject ? 1 : (node.children ?? []).reduce((n, child) => n + documents(child), 0);
  assert.ok(documents(readValueTree(generatedModelText(3, 40), MODEL_READING.isOpaque) as JsonNode) > 40, 'documents are left as text');
});

test("a model's values are refused where its structure reads differently, and not for what is inside a document", () => {
  const refused: Record<string, string> = {
    'a key given twice in the structure': '{"accounts": {"111111111111": {"users": {"a": {}, "a": {}}}}}',
    'a __proto__ key': '{"accounts": {"__proto__": {}}}',
    'a key that is an array index': '{"accounts": {"7": {}}}',
    'a syntax error inside a document': '{"accounts": {"111111111111": {"policies": {"P": {"Version": "2012-10-17" "Statement": []}}}}}',
    'a raw line break inside a string of a document': '{"organization": {"policies": {"P": {"Sid": "a\nb"}}}}',
    'text after the value': '{"accounts": {}} x',
    'nesting past the limit': `{"a": ${'['.repeat(MAX_NESTING_DEPTH)}1${']'.repeat(MAX_NESTING_DEPTH)}}`,
  };
  for (const [why, text] of Object.entries(refused)) assert.equal(readValueTree(text, MODEL_READING.isOpaque), undefined, why);
  // Inside a document a key given twice is for its own reading (from its text), which finds it.
  const twice = '{"accounts": {"111111111111": {"policies": {"P": {"Version": "2012-10-17", "Version": "2008-10-17"}}}}}';
  const values = readValueTree(twice, MODEL_READING.isOpaque);
  assert.ok(values);
  const policy = objectProps(objectProps(objectProps(objectProps(values)[0]?.value as JsonNode)[0]?.value as JsonNode)[0]?.value as JsonNode)[0]?.value;
  assert.ok(policy instanceof ValueNode && policy.opaqueObject);
  assert.equal(policy.opaqueObject.keys, 2);
  assert.deepEqual(
    { offset: policy.offset, length: policy.length },
    { offset: twice.indexOf('{"Version"'), length: twice.length - 4 - twice.indexOf('{"Version"') },
  );
});
