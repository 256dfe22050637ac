// A fix is offered only when the request, asked again with the fix's edits made, is decided otherwise. The probe
// judges an edit on the loaded model with the edited documents swapped in; these tests hold it to what the edited
// files, loaded again from scratch, decide: for every edit any denied request is offered, on a generated organization
// (read as a tree, and large enough to be read as values), the examples workspace and an authorization-details export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate } from '../../../server/src/iam/evaluator/evaluate';
import type { EvaluationRequest } from '../../../server/src/iam/evaluator/types';
import type { FileEdit } from '../../../server/src/iam/explain/explanation';
import { applyEdits } from '../../../server/src/iam/model/applyEdits';
import { loadModel } from '../../../server/src/iam/model/loadModel';
import type { LoadedModel, ModelHost } from '../../../server/src/iam/model/modelTypes';
import { policyLookup } from '../../../server/src/iam/model/policyLookup';
import { loadTestFile } from '../../../server/src/iam/model/testFile';
import { modelProbe } from '../../../server/src/iam/simulate';
import { fixCandidates } from '../../../server/src/iam/simulate/fixCandidates';
import { loadManagedPolicyStore } from '../../../server/src/node/managedPolicyFiles';
import { createNodeModelHost } from '../../../server/src/node/modelFiles';
import { GENERATED_ACTIONS, generatedModelText, generatedResources } from '../helpers/generatedModel';
import { realCatalog } from '../helpers/realCatalog';
import { repoRoot } from '../helpers/repoRoot';
import { GAAD_EXPORT } from '../model/gaadFixture';
import { memoryHost } from '../model/memoryHost';

const options = { catalog: realCatalog() };

/** A host that serves every file as `host` does, with `edits` made to the files they are in. */
function editedHost(host: ModelHost, edits: readonly FileEdit[]): ModelHost {
  const inFile = (path: string) => edits.filter((edit) => edit.file === path);
  // Read whole, as a user's saved files are: a host that reads an export a window at a time would read the unedited file.
  return {
    readFile: (path) => {
      const text = host.readFile(path);
      return typeof text === 'string' && inFile(path).length > 0 ? applyEdits(text, inFile(path)) : text;
    },
    resolve: (from, relative) => host.resolve(from, relative),
    ...(host.managedPolicies ? { managedPolicies: host.managedPolicies } : {}),
  };
}

/**
 * A request as a user asks it, and how it is asked again once files are edited: a test's session policies are read
 * from the test file (absent: the request reads no file of its own).
 */
type Asked = EvaluationRequest & { readonly askAgain?: (host: ModelHost) => EvaluationRequest };

/** The decision a user gets by saving the edited files and asking again: the model loaded afresh, in full. */
function reloadedDecision(modelPath: string, host: ModelHost, edits: readonly FileEdit[], request: Asked) {
  const edited = editedHost(host, edits);
  return evaluate(loadModel(modelPath, edited, { eager: true }).model, request.askAgain?.(edited) ?? request, options).decision;
}

interface Compared {
  /** Edits judged (each candidate of each denied request). */
  judged: number;
  /** Of those, how many changed the decision (the fixes a user is offered). */
  changed: number;
}

/**
 * Every edit offered for every denied request of `requests`, up to `limit` of them (each is judged against a fresh
 * load of the model): the probe's decision must be the reloaded one, reached without reading a file.
 */
function compareEveryEdit(modelPath: string, host: ModelHost, model: LoadedModel, requests: readonly Asked[], limit = Infinity): Compared {
  const policyOf = policyLookup(model);
  const compared: Compared = { judged: 0, changed: 0 };
  for (const request of requests) {
    if (compared.judged >= limit) break;
    const result = evaluate(model, request, options);
    if (result.decision === 'allowed') continue;
    const counting = countingHost(host);
    const probe = modelProbe(modelPath, counting.host, model, request, options);
    counting.start();
    for (const group of fixCandidates(result, policyOf, { addAction: true, addResource: true })) {
      for (const candidate of group) {
        if (candidate.kind !== 'edit') continue;
        const expected = reloadedDecision(modelPath, host, candidate.edits, request);
        const judged = probe.withEdits(candidate.edits);
        const what = `${request.principal} ${request.action} ${request.resource}: ${candidate.title}`;
        assert.equal(judged, expected, what);
        // Each fix's edits stay inside a document, which the loaded model judges without reading any file.
        assert.equal(counting.reads, 0, what);
        compared.judged++;
        if (expected !== result.decision) compared.changed++;
      }
    }
  }
  return compared;
}

/** A host that counts the reads made after `start()`: judging an edit should need none. */
function countingHost(host: ModelHost): { host: ModelHost; start(): void; readonly reads: number } {
  let counting = false;
  let reads = 0;
  return {
    host: { ...host, readFile: (path) => ((reads += counting ? 1 : 0), host.readFile(path)) },
    start: () => void (counting = true),
    get reads() {
      return reads;
    },
  };
}

function generatedRequests(model: LoadedModel, every: number): EvaluationRequest[] {
  const requests: EvaluationRequest[] = [];
  model.principals().forEach((principal, i) => {
    if (principal.kind === 'root' || i % every !== 0) return;
    for (const action of GENERATED_ACTIONS)
      for (const resource of generatedResources()) requests.push({ principal: principal.arn, action, resource, context: { 'aws:SecureTransport': 'true' } });
  });
  return requests;
}

test('on a generated organization, every edit offered for a denied request is judged as the edited files decide', () => {
  const FILE = '/w/generated.iam-model.json';
  const host = memoryHost({ [FILE]: generatedModelText(7, 60) });
  const { model } = loadModel(FILE, host);
  const compared = compareEveryEdit(FILE, host, model, generatedRequests(model, 7), 300);
  assert.ok(compared.judged >= 300, `${compared.judged} judged`);
  assert.ok(compared.changed > 30 && compared.changed < compared.judged, `${compared.changed} of ${compared.judged} changed the decision`);
});

test('on a model of a megabyte or more (read as values, documents kept as text), edits are judged as the edited files decide', () => {
  const FILE = '/w/large.iam-model.json';
  const text = generatedModelText(11, 1100);
  assert.ok(text.length > 1024 * 1024, 'large enough to be read as values');
  const host = memoryHost({ [FILE]: text });
  const { model } = loadModel(FILE, host);
  const compared = compareEveryEdit(FILE, host, model, generatedRequests(model, 250), 16);
  assert.ok(compared.judged >= 16 && compared.changed >= 4, `${compared.changed} of ${compared.judged}`);
});

test("on the examples workspace (policy files, SCPs, AWS managed policies), each test's request and its near relatives are judged alike", () => {
  const examples = join(repoRoot(), 'examples');
  const host = createNodeModelHost(loadManagedPolicyStore());
  const modelPath = join(examples, 'organization.iam-model.json');
  const { model } = loadModel(modelPath, host);
  const requests: Asked[] = [];
  for (const file of readdirSync(examples).filter((f) => f.endsWith('.iam-test.json'))) {
    const sessionPolicies = (testHost: ModelHost, name: string) =>
      loadTestFile(join(examples, file), testHost).testFile.tests.find((t) => t.name === name)?.sessionPolicies ?? [];
    for (const t of loadTestFile(join(examples, file), host).testFile.tests) {
      const request = { principal: t.principal, action: t.action, resource: t.resource, context: t.context, sessionPolicyRefs: t.sessionPolicies };
      // The test as written, and asked without its context and of another object: denials with edits to offer.
      for (const asked of [request, { ...request, context: {} }, { ...request, resource: `${t.resource}-elsewhere` }])
        requests.push({ ...asked, askAgain: (edited) => ({ ...asked, sessionPolicyRefs: sessionPolicies(edited, t.name) }) });
    }
  }
  const compared = compareEveryEdit(modelPath, host, model, requests);
  assert.ok(compared.judged >= 16 && compared.changed >= 10, `${compared.changed} of ${compared.judged}`);
});

test('on an authorization-details export, edits are judged as the edited export decides', () => {
  const FILE = '/w/gaad.json';
  const host = memoryHost({ [FILE]: JSON.stringify(GAAD_EXPORT, null, 2) });
  const { model } = loadModel(FILE, host);
  const requests = model
    .principals()
    .filter((p) => p.kind !== 'root')
    .flatMap((p) =>
      ['s3:GetObject', 'sqs:SendMessage', 'dynamodb:PutItem', 'iam:PassRole'].map((action) => ({
        principal: p.arn,
        action,
        resource: 'arn:aws:s3:::no-such/x',
      })),
    );
  const compared = compareEveryEdit(FILE, host, model, requests);
  assert.ok(compared.judged >= 4 && compared.changed >= 2, `${compared.changed} of ${compared.judged}`);
});

test('judging an edit reads no file again: the loaded model is asked, with the edited document swapped in', () => {
  const FILE = '/w/generated.iam-model.json';
  const counting = countingHost(memoryHost({ [FILE]: generatedModelText(7, 60) }));
  const { model } = loadModel(FILE, counting.host);
  const request = generatedRequests(model, 3).find((r) => evaluate(model, r, options).decision === 'implicitDeny');
  assert.ok(request);
  const result = evaluate(model, request, options);
  const edits = fixCandidates(result, policyLookup(model), { addAction: true, addResource: true }).flat()[0]?.edits;
  assert.ok(edits && edits.length > 0);
  counting.start();
  const judged = modelProbe(FILE, counting.host, model, request, options).withEdits(edits);
  assert.equal(judged, reloadedDecision(FILE, counting.host, edits, request));
  // The reload just made read the model once; the probe read nothing.
  assert.equal(counting.reads, 1);
});

test('an edit the loaded model cannot judge (one that reaches past its document) is judged by loading the edited files', () => {
  const FILE = '/w/m.iam-model.json';
  const ALLOW = '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" } ] }';
  const DENY = ALLOW.replace('"Allow"', '"Deny"');
  // One line: a line comment written in `p` would run on over `q`.
  const MODEL = `{ "accounts": { "111111111111": { "users": { "u": { "inlinePolicies": { "p": ${ALLOW}, "q": ${DENY} } } } } } }`;
  const host = memoryHost({ [FILE]: MODEL });
  const { model } = loadModel(FILE, host);
  const request = { principal: 'arn:aws:iam::111111111111:user/u', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' };
  const probe = modelProbe(FILE, host, model, request, options);
  const start = MODEL.indexOf(ALLOW);
  const end = start + ALLOW.length;
  const action = MODEL.indexOf('"s3:GetObject"');
  const at = (offset: number, newText: string, length = 0) => [{ file: FILE, span: { offset, length }, newText }];
  const deep = `${'['.repeat(250)}${']'.repeat(250)}`;
  const cases: [string, ReturnType<typeof at>, 'loaded' | 'reloaded'][] = [
    ['a value replaced inside', at(action, '"s3:*"', '"s3:GetObject"'.length), 'loaded'],
    ['a key written after the document', at(end, ', "r": { "Version": "2012-10-17", "Statement": [] }'), 'reloaded'],
    ['a line comment after the document', at(end, ' // note'), 'reloaded'],
    ['a line comment inside, before its closing brace', at(end - 1, ' // note '), 'reloaded'],
    ['a syntax error inside', at(action, '['), 'reloaded'],
    ['nesting the document allows and the file does not', at(action, `${deep}, `), 'reloaded'],
  ];
  for (const [what, edits, judged] of cases) {
    const before = host.reads.length;
    assert.equal(probe.withEdits(edits), reloadedDecision(FILE, host, edits, request), what);
    assert.equal(host.reads.length - before - 1, judged === 'loaded' ? 0 : 1, what);
  }
});

test("an edit inside an export's URL-encoded document, whose offsets are not the file's, is judged by loading the edited export", () => {
  const FILE = '/w/gaad.json';
  const text = JSON.stringify(GAAD_EXPORT, null, 2);
  const host = memoryHost({ [FILE]: text });
  const { model } = loadModel(FILE, host);
  const request = { principal: 'arn:aws:iam::123456789012:role/service-role/web', action: 's3:PutObject', resource: 'arn:aws:s3:::web assets/x' };
  assert.equal(evaluate(model, request, options).decision, 'implicitDeny');
  const encoded = text.indexOf('s3%3AGetObject');
  assert.ok(encoded > 0);
  const edits = [{ file: FILE, span: { offset: encoded + 's3%3A'.length, length: 'Get'.length }, newText: 'Put' }];
  const before = host.reads.length;
  assert.equal(modelProbe(FILE, host, model, request, options).withEdits(edits), 'allowed');
  assert.equal(host.reads.length - before, 1);
  assert.equal(reloadedDecision(FILE, host, edits, request), 'allowed');
});
