// The loader never throws, whatever the text: mangled copies of the example model and of an export all load to a
// model plus diagnostics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel } from '../../../server/src/iam/model/loadModel';
import { loadTestFile } from '../../../server/src/iam/model/testFile';
import { repoRoot } from '../helpers/repoRoot';
import { GAAD_EXPORT } from './gaadFixture';
import { ALLOW_S3_READ, memoryHost } from './memoryHost';

/** A small deterministic generator, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const PIECES = [
  '{',
  '}',
  '[',
  ']',
  '"',
  ':',
  ',',
  'null',
  '"arn:aws:iam::aws:policy/X"',
  '"./p.json"',
  '123',
  '\\',
  '/*',
  '"authorizationDetails"',
  '"policies"',
];

function mangle(text: string, next: () => number): string {
  let result = text;
  const edits = 1 + Math.floor(next() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * result.length);
    const choice = next();
    if (choice < 0.4) result = result.slice(0, at) + result.slice(at + 1 + Math.floor(next() * 20));
    else result = result.slice(0, at) + (PIECES[Math.floor(next() * PIECES.length)] ?? '') + result.slice(at);
  }
  return result;
}

test('mangled models, exports and test files never make the loader throw', () => {
  const model = readFileSync(join(repoRoot(), 'examples', 'organization.iam-model.json'), 'utf8');
  const tests = readFileSync(join(repoRoot(), 'examples', 'developers.iam-test.json'), 'utf8');
  const gaad = JSON.stringify(GAAD_EXPORT, null, 1);
  const next = random(20261123);
  for (let round = 0; round < 300; round++) {
    for (const [name, text] of [
      ['m.iam-model.json', model],
      ['gaad.json', gaad],
      ['t.iam-test.json', tests],
    ] as const) {
      const mangled = mangle(text, next);
      const host = memoryHost({ [`/w/${name}`]: mangled, '/w/p.json': ALLOW_S3_READ, '/w/gaad.json': mangle(gaad, next) });
      try {
        if (name === 't.iam-test.json') loadTestFile(`/w/${name}`, host);
        else {
          const { model: loaded } = loadModel(`/w/${name}`, host);
          // Touch every lazily parsed document too.
          for (const principal of loaded.principals()) for (const policy of principal.identityPolicies) assert.ok(policy.parsed.text.length >= 0);
        }
      } catch (error) {
        assert.fail(`round ${round}, ${name} threw ${String(error)} on:\n${mangled}`);
      }
    }
  }
});
