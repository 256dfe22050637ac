// Every table-driven evaluator case (test/cases/evaluator), evaluated once with its policies parsed up front and once
// with each policy kept as a span of one larger file and parsed when the evaluation first reaches it, as the model
// loader keeps them: the results, traces (spans included) and explanations must be the same. Deciding only (a test
// run's passing tests), those span-kept policies are read without positions where a plain reading means the same:
// the decision, and the whole trace but for its spans, must be the same too, and must not leak into later answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decideRequest, evaluate, evaluateWithoutPositions } from '../../../server/src/iam/evaluator/evaluate';
import type { EvaluationModel, ModelAccount, ModelPrincipal, ModelResource, PolicyRef } from '../../../server/src/iam/evaluator/model';
import { CompilablePolicyRef } from '../../../server/src/iam/evaluator/policyRef';
import type { EvaluationRequest } from '../../../server/src/iam/evaluator/types';
import { explainResult } from '../../../server/src/iam/explain';
import { JsonReader, objectProps } from '../../../server/src/iam/model/jsonReader';
import { PolicyLoader } from '../../../server/src/iam/model/policyLoader';
import { buildCaseModel, policyRef, type ModelSpec, type PolicySpec } from '../evaluator/caseModel';
import { repoRoot } from '../helpers/repoRoot';
import { tinyCatalog } from '../helpers/tinyCatalog';

/** Re-creates each well-formed policy as a span of one file, read sparsely, parsed on first use. */
function spanRefs(refs: readonly PolicyRef[]): Map<PolicyRef, PolicyRef> {
  const usable = refs.filter((r) => r.parsed.document !== undefined && !r.parsed.problems.some((p) => p.kind === 'syntax' || p.kind === 'comment'));
  const text = `{${usable.map((r, i) => `"p${i}": ${r.parsed.text}`).join(',\n')}}`;
  const reader = new JsonReader('/cases/all.json', text, [], { isOpaque: () => true, strictOnly: false });
  const loader = new PolicyLoader({ readFile: () => ({ error: 'none' }), resolve: (_f, r) => r }, []);
  const nodes = reader.tree ? objectProps(reader.tree).map((p) => p.value) : [];
  const twins = new Map<PolicyRef, PolicyRef>();
  usable.forEach((ref, i) => {
    const node = nodes[i];
    assert.ok(node && node.children?.length === 0, 'each document is left opaque');
    twins.set(ref, new CompilablePolicyRef(ref.source, loader.inline(reader, node)));
  });
  return twins;
}

/** The same model, its policies swapped for their span-kept twins. */
function lazyTwin(model: EvaluationModel, twin: (ref: PolicyRef) => PolicyRef): EvaluationModel {
  const principal = (p: ModelPrincipal | undefined): ModelPrincipal | undefined =>
    p && {
      ...p,
      identityPolicies: p.identityPolicies.map(twin),
      ...(p.permissionsBoundary ? { permissionsBoundary: twin(p.permissionsBoundary) } : {}),
      ...(p.trustPolicy ? { trustPolicy: twin(p.trustPolicy) } : {}),
    };
  const resource = (r: ModelResource | undefined): ModelResource | undefined => r && { ...r, ...(r.policy ? { policy: twin(r.policy) } : {}) };
  const account = (a: ModelAccount | undefined): ModelAccount | undefined =>
    a && { ...a, orgPath: a.orgPath.map((l) => ({ ...l, scps: l.scps.map(twin), rcps: l.rcps.map(twin) })) };
  const principals = model.principals().map((p) => principal(p) as ModelPrincipal);
  const resources = model.resources().map((r) => resource(r) as ModelResource);
  return {
    account: (id) => account(model.account(id)),
    principal: (arn) => principal(model.principal(arn)),
    resource: (arn) => resource(model.resource(arn)),
    principals: () => principals,
    resources: () => resources,
  };
}

function allRefs(model: EvaluationModel, ids: readonly string[], extra: readonly PolicyRef[]): PolicyRef[] {
  const refs = [...extra];
  for (const p of model.principals())
    refs.push(...p.identityPolicies, ...(p.permissionsBoundary ? [p.permissionsBoundary] : []), ...(p.trustPolicy ? [p.trustPolicy] : []));
  for (const r of model.resources()) if (r.policy) refs.push(r.policy);
  for (const id of ids) for (const level of model.account(id)?.orgPath ?? []) refs.push(...level.scps, ...level.rcps);
  return [...new Set(refs)];
}

interface CaseSpec {
  model?: ModelSpec;
  request: Omit<EvaluationRequest, 'sessionPolicyRefs' | 'endpointPolicyRefs' | 'sessionPolicies' | 'endpointPolicies'> & {
    sessionPolicies?: PolicySpec[];
    endpointPolicies?: PolicySpec[];
  };
  now?: string;
  catalog?: string;
}

const casesRoot = join(repoRoot(), 'test/cases/evaluator');
const cases: { name: string; spec: CaseSpec }[] = [];
for (const topic of readdirSync(casesRoot)
  .filter((n) => !n.includes('.'))
  .sort()) {
  for (const file of readdirSync(join(casesRoot, topic))
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const { cases: list, ...shared } = JSON.parse(readFileSync(join(casesRoot, topic, file), 'utf8')) as CaseSpec & { cases?: Partial<CaseSpec>[] };
    (list ?? [{}]).forEach((c, i) =>
      cases.push({
        name: `${topic}/${file}[${i}]`,
        spec: { ...shared, ...c, ...((c.model ?? shared.model) ? { model: (c.model ?? shared.model) as ModelSpec } : {}) } as CaseSpec,
      }),
    );
  }
}

/** A result with every span (any `{ offset, length }`) made empty: what an evaluation without positions promises. */
function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (typeof value !== 'object' || value === null) return value;
  if ('offset' in value && 'length' in value) return { offset: 0, length: 0 };
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutSpans(v)]));
}

test('every evaluator case answers the same with its policies parsed on first use from spans', () => {
  assert.ok(cases.length > 100, `only ${cases.length} cases found`);
  let readPlainly = 0;
  for (const { name, spec } of cases) {
    const model = buildCaseModel(spec.model ?? {});
    const { sessionPolicies, endpointPolicies, ...rest } = spec.request;
    const session = (sessionPolicies ?? []).map((p, k) => policyRef(p, 'session', `session-policy-${k + 1}`));
    const endpoint = (endpointPolicies ?? []).map((p, k) => policyRef(p, 'endpoint', `endpoint-policy-${k + 1}`));
    const ids = (spec.model?.accounts ?? []).map((a) => a.id);
    const twins = spanRefs(allRefs(model, ids, [...session, ...endpoint]));
    const twin = (ref: PolicyRef): PolicyRef => twins.get(ref) ?? ref;
    const options = { now: new Date(spec.now ?? '2026-06-15T12:00:00Z'), ...(spec.catalog === 'tiny' ? { catalog: tinyCatalog() } : {}) };
    const request = (map: (ref: PolicyRef) => PolicyRef): EvaluationRequest => ({
      ...rest,
      ...(session.length > 0 ? { sessionPolicyRefs: session.map(map) } : {}),
      ...(endpoint.length > 0 ? { endpointPolicyRefs: endpoint.map(map) } : {}),
    });
    const eager = evaluate(
      model,
      request((r) => r),
      options,
    );
    const lazyModel = lazyTwin(model, twin);
    // Deciding first: what it compiles and remembers without positions must not reach the explained answer below.
    const decided = evaluateWithoutPositions(lazyModel, request(twin), options);
    assert.equal(decideRequest(lazyModel, request(twin), options), eager.decision, name);
    assert.deepEqual(withoutSpans(decided), withoutSpans(eager), name);
    readPlainly += [...twins.values()].filter((ref) => ref instanceof CompilablePolicyRef && ref.deciding !== undefined && ref.compiled === undefined).length;
    const lazy = evaluate(lazyModel, request(twin), options);
    assert.deepEqual(lazy, eager, name);
    assert.deepEqual(explainResult(lazy), explainResult(eager), name);
  }
  // Most case policies are plain JSON: the quick reading is what was compared, not the fallback.
  assert.ok(readPlainly > 200, `only ${readPlainly} policies were read without positions`);
});

test("a Resource written alike in two documents is read by each one's Version when decided without positions", () => {
  // Compiled resource patterns are shared between documents read without positions: `${aws:username}` is a variable
  // under Version 2012-10-17 and literal text without it, so the same string must not be shared across the two.
  const resource = 'arn:aws:s3:::shared-bucket/${aws:username}/*';
  const decide = (version: string | undefined) => {
    const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: resource };
    const policy = version ? { Version: version, Statement: [statement] } : { Statement: [statement] };
    const model = buildCaseModel({ accounts: [{ id: '111122223333' }], users: [{ arn: 'arn:aws:iam::111122223333:user/alice', policies: [policy] }] });
    const twins = spanRefs(allRefs(model, ['111122223333'], []));
    const lazyModel = lazyTwin(model, (ref) => twins.get(ref) ?? ref);
    const request = { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::shared-bucket/alice/notes.txt' };
    const decided = decideRequest(lazyModel, request, {});
    assert.equal(decided, evaluate(model, request, {}).decision);
    assert.ok(
      [...twins.values()].some((ref) => ref instanceof CompilablePolicyRef && ref.deciding !== undefined),
      'decided from the plain reading',
    );
    return decided;
  };
  for (let round = 0; round < 2; round++) {
    assert.equal(decide('2012-10-17'), 'allowed');
    assert.equal(decide(undefined), 'implicitDeny');
    assert.equal(decide('2008-10-17'), 'implicitDeny');
  }
});
