// Reading a JSON template: the nodes built from jsonc-parser's visitor are exactly those its own tree gives (the
// reading's former way, kept here as the reference), for every JSON template of the repository and seeded edits that
// break it the way typing does: spans (an unclosed container keeps the length -1), keys, values, the strings that
// stand in the text one for one, and the syntax problems.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { readJsonTemplate } from '../../../server/src/iam/templates/readJsonTemplate';
import type { TemplateEntry, TemplateNode } from '../../../server/src/iam/templates/templateNode';
import { repoRoot } from '../helpers/repoRoot';
import { seededRandom } from '../../fuzz/prng';

function jsonFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return /\.json$/.test(name) ? [path] : [];
  });
}

/** jsonc-parser's tree as template nodes, as the reading used to build them. */
function reference(node: JsonNode, text: string): TemplateNode {
  const span = { offset: node.offset, length: node.length };
  switch (node.type) {
    case 'object': {
      const entries: TemplateEntry[] = [];
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key === undefined || typeof key.value !== 'string') continue;
        entries.push({ key: key.value, keySpan: { offset: key.offset, length: key.length }, value: value ? reference(value, text) : undefined });
      }
      return { kind: 'map', entries, span };
    }
    case 'array':
      return { kind: 'seq', items: (node.children ?? []).map((child) => reference(child, text)), span };
    case 'string': {
      const value = String(node.value);
      const literal = text.slice(node.offset + 1, node.offset + 1 + value.length) === value && text.charAt(node.offset + 1 + value.length) === '"';
      return literal ? { kind: 'string', value, span, contentOffset: node.offset + 1 } : { kind: 'string', value, span };
    }
    case 'number':
      return { kind: 'number', value: Number(node.value), span };
    case 'boolean':
      return { kind: 'boolean', value: Boolean(node.value), span };
    default:
      return { kind: 'null', value: null, span };
  }
}

function expected(text: string): TemplateNode | undefined {
  const tree = parseTree(text, [], { disallowComments: false, allowTrailingComma: true, allowEmptyContent: true });
  return tree ? reference(tree, text) : undefined;
}

/** What typing does to JSON, the pieces that break it included. */
const INSERTS = ['x', ' ', '\n', '"', '{', '}', '[', ']', ',', ':', '"a": ', '"a"', ', "b": 1', '// c\n', '/* c */', '\\', '\\u00', 'tru', '-', '1e', '\r\n'];

function edited(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  const kind = next();
  if (kind < 0.3) return text.slice(0, at);
  if (kind < 0.55) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(next() * 8)));
  return text.slice(0, at) + (INSERTS[Math.floor(next() * INSERTS.length)] as string) + text.slice(at);
}

const templates = [...jsonFiles(join(repoRoot(), 'test', 'corpus-templates')), ...jsonFiles(join(repoRoot(), 'test', 'fixtures', 'templates'))]
  .filter((path) => !path.endsWith('expected.json'))
  .map((path) => ({ path, text: readFileSync(path, 'utf8') }));

test('the repository has JSON templates to read', () => {
  assert.ok(templates.length >= 4, `${templates.length} JSON templates found`);
});

test('a JSON template reads as the same nodes as jsonc-parser tree gives, whole and after seeded edits that break it', () => {
  const next = seededRandom(20261207);
  let compared = 0;
  for (const { path, text } of templates) {
    const variants = [text, '', '{', '[', '"a"', '{"a": [1, {"b": }', '{"a" "b": 1}', '{"a": 1 "b": 2}', '[1 2 {"c"}]'];
    let current = text;
    for (let i = 0; i < 60; i++) {
      current = i % 10 === 0 ? text : current;
      current = edited(current, next);
      variants.push(current);
    }
    for (const variant of variants) {
      assert.deepEqual(readJsonTemplate(variant).root, expected(variant), `${path}, variant ${JSON.stringify(variant.slice(0, 80))}…`);
      compared++;
    }
  }
  assert.ok(compared > 200);
});
