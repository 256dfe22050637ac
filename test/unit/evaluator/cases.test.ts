// Runs every table-driven evaluator case in test/cases/evaluator/<topic>/*.json. The format is documented in
// test/cases/evaluator/README.md. Each case builds its model with caseModel.ts, evaluates the request and checks the
// decision and whatever else it states (failed layer, deciding statements, layer outcomes, trace details, context).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate } from '../../../server/src/iam/evaluator/evaluate';
import type { EvaluationRequest, EvaluationResult, StatementTrace } from '../../../server/src/iam/evaluator/types';
import { buildCaseModel, policyRef, type ModelSpec, type PolicySpec } from './caseModel';
import { repoRoot } from '../helpers/repoRoot';
import { tinyCatalog } from '../helpers/tinyCatalog';

interface StatementRef {
  policy: string;
  /** Zero-based index, or the Sid. */
  statement: number | string;
}

interface TraceExpectation extends StatementRef {
  applies?: boolean;
  /** The element that failed (the last element of the trace when it did not apply). */
  failedElement?: string;
  reason?: string;
  /** Substring expected in some condition trace's detail. */
  detail?: string;
  resolved?: string[];
}

interface Expect {
  decision: string;
  failedLayer?: string | null;
  deciding?: StatementRef[];
  crossAccount?: boolean;
  /** Outcomes per layer kind, in order (`{"scp": ["allows", "noAllow"]}`). */
  layers?: Record<string, string[]>;
  trace?: TraceExpectation[];
  nearMisses?: StatementRef[];
  context?: Record<string, string | string[] | null>;
  /** Minimum number of errors, or 0 for none. */
  errors?: number;
  note?: string;
}

interface CaseSpec {
  description: string;
  rule?: number | string;
  rules?: (number | string)[];
  guess?: boolean;
  model?: ModelSpec;
  catalog?: 'tiny';
  now?: string;
  request: Omit<EvaluationRequest, 'sessionPolicies'> & { sessionPolicies?: PolicySpec[]; endpointPolicies?: PolicySpec[] };
  expect: Expect;
}

interface CaseFile extends Partial<CaseSpec> {
  cases?: Partial<CaseSpec>[];
}

const casesRoot = join(repoRoot(), 'test', 'cases', 'evaluator');
const topics = existsSync(casesRoot)
  ? readdirSync(casesRoot)
      .filter((n) => !n.includes('.'))
      .sort()
  : [];

function matchesRef(trace: StatementTrace, ref: StatementRef): boolean {
  return trace.source.name === ref.policy && (typeof ref.statement === 'number' ? trace.statementIndex === ref.statement : trace.sid === ref.statement);
}

function allStatements(result: EvaluationResult): StatementTrace[] {
  return result.layers.flatMap((l) => l.policies.flatMap((p) => p.statements));
}

function show(ref: StatementRef): string {
  return `${ref.policy}#${String(ref.statement)}`;
}

function check(c: CaseSpec, result: EvaluationResult): void {
  const e = c.expect;
  const summary = `layers: ${result.layers.map((l) => `${l.kind}${l.level ? `@${l.level}` : ''}=${l.outcome}`).join(' ')}; errors: ${result.errors.map((x) => x.message).join(' | ')}`;
  assert.equal(result.decision, e.decision, `decision (${summary})`);
  if (e.failedLayer !== undefined) assert.equal(result.failedLayer ?? null, e.failedLayer, `failedLayer (${summary})`);
  if (e.crossAccount !== undefined) assert.equal(result.crossAccount, e.crossAccount, 'crossAccount');
  if (e.note !== undefined) assert.ok(result.note?.includes(e.note), `note: ${result.note ?? '(none)'}`);
  if (e.deciding) {
    const got = result.decidingStatements.map((s) => `${s.source.name}#${s.sid ?? s.statementIndex}`);
    for (const ref of e.deciding)
      assert.ok(
        result.decidingStatements.some((s) => matchesRef(s, ref)),
        `deciding ${show(ref)} not in [${got.join(', ')}]`,
      );
    assert.equal(result.decidingStatements.length, e.deciding.length, `deciding statements: [${got.join(', ')}]`);
  }
  if (e.nearMisses) {
    for (const ref of e.nearMisses)
      assert.ok(
        result.nearMisses.some((s) => matchesRef(s, ref)),
        `near miss ${show(ref)}`,
      );
  }
  if (e.layers) {
    for (const [kind, outcomes] of Object.entries(e.layers)) {
      assert.deepEqual(
        result.layers.filter((l) => l.kind === kind).map((l) => l.outcome),
        outcomes,
        `layer ${kind} (${summary})`,
      );
    }
  }
  for (const t of e.trace ?? []) {
    const trace = allStatements(result).find((s) => matchesRef(s, t));
    assert.ok(trace, `no trace for ${show(t)}`);
    if (t.applies !== undefined) assert.equal(trace.applies, t.applies, `${show(t)} applies`);
    const last = trace.elements[trace.elements.length - 1];
    if (t.failedElement !== undefined) assert.equal(last?.matched === false ? last.element : undefined, t.failedElement, `${show(t)} failed element`);
    if (t.reason !== undefined) assert.equal(last?.reason, t.reason, `${show(t)} reason`);
    if (t.detail !== undefined) {
      assert.ok(
        trace.conditions.some((x) => x.detail?.includes(t.detail ?? '')),
        `${show(t)} detail "${t.detail}" in [${trace.conditions.map((x) => x.detail).join(' | ')}]`,
      );
    }
    if (t.resolved)
      assert.ok(
        trace.conditions.some((x) => JSON.stringify(x.resolvedPolicyValues) === JSON.stringify(t.resolved)),
        `${show(t)} resolved values`,
      );
  }
  if (e.context) {
    for (const [key, value] of Object.entries(e.context)) assert.deepEqual(result.context[key] ?? null, value, `context ${key}`);
  }
  if (e.errors !== undefined) {
    if (e.errors === 0) assert.equal(result.errors.length, 0, `errors: ${result.errors.map((x) => x.message).join(' | ')}`);
    else assert.ok(result.errors.length >= e.errors, `expected at least ${e.errors} errors, got ${result.errors.length}`);
  }
  // Invariants every result must keep, whatever the case.
  assert.ok(result.layers.length >= 4, 'every layer is listed');
  if (result.decision === 'implicitDeny' && result.note === undefined) assert.ok(result.failedLayer, 'an implicit deny names its layer');
  if (result.decision === 'explicitDeny') assert.ok(result.decidingStatements.every((s) => s.effect === 'Deny' && s.applies));
  assert.doesNotThrow(() => JSON.stringify(result), 'the result is JSON-serialisable');
}

for (const topic of topics) {
  const dir = join(casesRoot, topic);
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    let raw: CaseFile;
    try {
      raw = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CaseFile;
    } catch (error) {
      test(`${topic}/${file}: is valid JSON`, () => assert.fail(String(error)));
      continue;
    }
    const { cases: list, ...shared } = raw;
    const entries: Partial<CaseSpec>[] = list
      ? list.map((c) => ({ ...shared, ...c, ...((c.model ?? shared.model) ? { model: c.model ?? shared.model } : {}) }))
      : [shared];
    entries.forEach((entry, i) => {
      const c = entry as CaseSpec;
      const name = `${topic}/${file}${list ? `[${i}]` : ''}: ${c.description}`;
      test(name, () => {
        assert.ok(c.rule !== undefined || (c.rules && c.rules.length > 0), 'every case cites its rule');
        const model = buildCaseModel(c.model ?? {});
        const { sessionPolicies, endpointPolicies, ...rest } = c.request;
        const request: EvaluationRequest = {
          ...rest,
          ...(sessionPolicies ? { sessionPolicyRefs: sessionPolicies.map((p, k) => policyRef(p, 'session', `session-policy-${k + 1}`)) } : {}),
          ...(endpointPolicies ? { endpointPolicyRefs: endpointPolicies.map((p, k) => policyRef(p, 'endpoint', `endpoint-policy-${k + 1}`)) } : {}),
        };
        const result = evaluate(model, request, {
          now: new Date(c.now ?? '2026-06-15T12:00:00Z'),
          ...(c.catalog === 'tiny' ? { catalog: tinyCatalog() } : {}),
        });
        check(c, result);
      });
    });
  }
}
