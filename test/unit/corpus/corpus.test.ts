// AWS's own example policies (test/corpus/, see its README) through the real validator and catalog:
// - a policy AWS presents as valid gets no error, except on the fill-in text AWS asks the reader to replace;
// - an example AWS calls wrong (or a slip in one it calls right) gets a finding of a rule that names the mistake;
// - every policy gets exactly the findings recorded in test/corpus/<corpus>/expected-findings.json, so any change
//   in what the validator says about AWS's material shows up here (`node scripts/corpus.mjs --update` rewrites them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INTERNAL_ERROR_CODE } from '../../../server/src/iam/validator/runRules';
import { repoRoot } from '../helpers/repoRoot';
import { realCatalog } from '../helpers/realCatalog';
import { corpusNames, loadCorpus, loadExpectedFindings, pointedAt, validateCorpusPolicy, type CorpusResult } from './corpusFindings';

const root = repoRoot();
const corpora = corpusNames(root);
const results = new Map<string, CorpusResult[]>(
  corpora.map((corpus) => [corpus, loadCorpus(root, corpus).map((policy) => validateCorpusPolicy(policy, realCatalog()))]),
);
const everyResult = [...results.values()].flat();
const REGENERATE = 'if the change is intended, run `npm run build && node scripts/corpus.mjs --update` and review `git diff test/corpus`';

test('the corpus holds a few hundred policies from each of its sources', () => {
  assert.deepEqual(corpora, ['data-perimeter', 'iam-user-guide', 'organizations', 'rcp-examples', 's3-user-guide', 'scp-examples']);
  for (const [corpus, policies] of results) assert.ok(policies.length >= 20, `${corpus} has only ${policies.length} policies`);
  assert.ok(everyResult.length >= 500, `${everyResult.length} policies`);
});

test('no rule fails on any corpus policy', () => {
  const failures = everyResult.flatMap(({ policy, findings }) =>
    findings.filter((finding) => finding.code === INTERNAL_ERROR_CODE).map((finding) => `${policy.corpus}/${policy.name}: ${finding.message}`),
  );
  assert.deepEqual(failures, []);
});

test('policies AWS presents as valid get no error, except on the text AWS asks you to replace', () => {
  const wrongErrors: string[] = [];
  for (const { policy, findings, lines } of everyResult) {
    if (policy.awsSaysIncorrect || policy.awsTypo) continue;
    const fillIns = policy.fillIns ?? [];
    for (const fillIn of fillIns) assert.ok(policy.text.includes(fillIn), `${policy.corpus}/${policy.name}: fill-in '${fillIn}' is not in the policy`);
    findings.forEach((finding, index) => {
      if (finding.severity !== 'error') return;
      if (fillIns.some((fillIn) => pointedAt(finding, policy.text).includes(fillIn))) return;
      wrongErrors.push(`${policy.corpus}/${policy.name}: ${lines[index]} ${finding.message}`);
    });
  }
  assert.deepEqual(wrongErrors, []);
});

test('every example AWS calls wrong, and every slip in one it calls right, gets a finding that names the mistake', () => {
  const marked = everyResult.filter(({ policy }) => policy.awsSaysIncorrect ?? policy.awsTypo);
  assert.ok(marked.length >= 10, `only ${marked.length} examples are marked as mistakes`);
  const unexplained: string[] = [];
  const caughtDespiteKnownMiss: string[] = [];
  for (const { policy, findings } of marked) {
    const mistake = policy.awsSaysIncorrect ?? policy.awsTypo;
    if (!mistake) continue;
    const caught = findings.some((f) => mistake.expect.includes(f.code) && (f.severity === 'error' || f.severity === 'warning'));
    const where = `${policy.corpus}/${policy.name} (${mistake.why}; expected one of ${mistake.expect.join(', ')})`;
    if (policy.knownMiss !== undefined) {
      if (caught) caughtDespiteKnownMiss.push(where);
    } else if (!caught) {
      unexplained.push(where);
    }
  }
  assert.deepEqual(unexplained, [], 'these mistakes get no error or warning from the rules that should report them');
  assert.deepEqual(caughtDespiteKnownMiss, [], 'these are caught now: remove their "knownMiss" note from policies.json');
});

for (const corpus of corpora) {
  test(`${corpus}: each policy gets exactly the findings recorded in expected-findings.json`, () => {
    const expected = loadExpectedFindings(root, corpus);
    const actual: Record<string, readonly string[]> = {};
    for (const { policy, lines } of results.get(corpus) ?? []) actual[policy.name] = lines;
    assert.deepEqual(actual, expected, `the findings on test/corpus/${corpus} changed: ${REGENERATE}`);
  });
}
