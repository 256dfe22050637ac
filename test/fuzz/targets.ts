/**
 * The facades under fuzz, each with how to make an input for it and how to run one. `run` throws when the facade
 * crashed (an exception out of a function that promises never to throw) or broke an invariant every caller relies
 * on (a span outside the text, a rule that failed internally). Inputs are plain JSON so that a failure becomes a
 * regression case file as is (test/cases/fuzz/*.json).
 */
import { parsePolicy } from '../../server/src/iam/parser/parsePolicy';
import type { ParsedPolicy } from '../../server/src/iam/parser/policyTree';
import { validatePolicy } from '../../server/src/iam/validator/validatePolicy';
import { INTERNAL_ERROR_CODE } from '../../server/src/iam/validator/runRules';
import { ALL_RULES } from '../../server/src/iam/validator/rules/index';
import type { RuleContext } from '../../server/src/iam/validator/rule';
import type { Catalog } from '../../server/src/iam/catalog/types';
import type { Span } from '../../server/src/iam/span';
import { POLICY_TYPES, type PolicyTypeOption } from '../../server/src/iam/policyTypes';
import type { Prng } from './prng';
import { mutateText, randomJson, serialise } from './mutators';
import { modelInput, randomRequests, type FuzzRequest, type ModelFiles } from './modelInputs';
import { loadModel } from '../../server/src/iam/model/loadModel';
import type { ManagedPolicyLookup, ModelHost } from '../../server/src/iam/model/modelTypes';
import { evaluate } from '../../server/src/iam/evaluator/evaluate';
import type { EvaluationRequest } from '../../server/src/iam/evaluator/types';
import { loadManagedPolicyStore } from '../../server/src/node/managedPolicyFiles';
import { posix } from 'node:path';

/** What the generators draw from. */
export interface FuzzCorpus {
  readonly policies: readonly string[];
  /** The example workspace's JSON files by virtual path (/examples/…), for model mutations. */
  readonly examples: Readonly<Record<string, string>>;
  readonly catalog: Catalog;
}

export interface FuzzTarget<I> {
  readonly name: string;
  generate(rng: Prng, corpus: FuzzCorpus): I;
  run(input: I, corpus: FuzzCorpus): void | Promise<void>;
  /** Releases what `run` set up (the in-memory language server); called at the end of a fuzz run. */
  dispose?(): Promise<void>;
}

/** An invariant a facade broke (as opposed to an exception it let out). */
export class InvariantError extends Error {
  override readonly name = 'InvariantError';
}

/** A policy text: mostly a mutated corpus document, sometimes random JSON or a random token soup. */
export function policyInput(rng: Prng, corpus: FuzzCorpus): { text: string; mutations: string[] } {
  const roll = rng.next();
  if (roll < 0.8 && corpus.policies.length > 0) return mutateText(rng.pick(corpus.policies), rng);
  if (roll < 0.95) return { text: serialise(randomJson(rng, rng.int(1, 6)), rng), mutations: ['randomJson'] };
  return mutateText('', rng);
}

export function checkSpan(span: Span, text: string, what: string): void {
  if (!Number.isInteger(span.offset) || !Number.isInteger(span.length) || span.offset < 0 || span.length < 0 || span.offset + span.length > text.length) {
    throw new InvariantError(`${what} has span ${JSON.stringify(span)} outside the text (length ${text.length})`);
  }
}

function checkParsed(parsed: ParsedPolicy, text: string): void {
  if (parsed.text !== text) throw new InvariantError('parsePolicy returned a different text');
  for (const problem of parsed.problems) checkSpan(problem.span, text, `parse problem '${problem.message}'`);
  const document = parsed.document;
  if (!document) return;
  checkSpan(document.span, text, 'the document');
  for (const statement of document.statements) {
    checkSpan(statement.span, text, `statement ${statement.index}`);
    for (const element of [statement.action, statement.notAction, statement.resource, statement.notResource]) {
      for (const item of element?.items ?? []) checkSpan(item.span, text, `item '${item.value}'`);
    }
    for (const operator of statement.condition?.operators ?? []) {
      checkSpan(operator.operatorSpan, text, `condition operator '${operator.operator}'`);
      for (const key of operator.keys) checkSpan(key.keySpan, text, `condition key '${key.key}'`);
    }
  }
}

export interface PolicyTextInput {
  readonly text: string;
  readonly mutations?: readonly string[];
}

export const parserTarget: FuzzTarget<PolicyTextInput> = {
  name: 'parser',
  generate: (rng, corpus) => policyInput(rng, corpus),
  run(input) {
    checkParsed(parsePolicy(input.text), input.text);
  },
};

export interface ValidatorInput extends PolicyTextInput {
  readonly type: PolicyTypeOption;
}

/** When a rule failed, runs the rules one by one to find which, with its stack (the facade keeps only a message). */
function findFailingRule(text: string, type: ValidatorInput['type'], catalog: Catalog): string {
  const parsed = parsePolicy(text);
  const resolved = validatePolicy(parsed, { type, catalog, rules: [] }).type;
  for (const rule of ALL_RULES) {
    if (rule.appliesTo && !rule.appliesTo.includes(resolved)) continue;
    const context: RuleContext = { parsed, document: parsed.document, type: resolved, catalog, text, report: () => undefined };
    try {
      rule.check(context);
    } catch (error) {
      return `rule ${rule.id}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    }
  }
  return 'no rule failed when run alone';
}

export const validatorTarget: FuzzTarget<ValidatorInput> = {
  name: 'validator',
  generate(rng, corpus) {
    const { text, mutations } = policyInput(rng, corpus);
    return { text, mutations, type: rng.chance(0.4) ? 'auto' : rng.pick(POLICY_TYPES) };
  },
  run(input, corpus) {
    const result = validatePolicy(input.text, { type: input.type, catalog: corpus.catalog });
    for (const finding of result.findings) {
      if (finding.code === INTERNAL_ERROR_CODE) {
        throw new InvariantError(`${finding.message}\n${findFailingRule(input.text, input.type, corpus.catalog)}`);
      }
      checkSpan(finding.span, input.text, `finding ${finding.code}`);
      for (const fix of finding.fixes ?? []) for (const edit of fix.edits) checkSpan(edit.span, input.text, `fix '${fix.title}' of ${finding.code}`);
    }
  },
};

let managed: ManagedPolicyLookup | undefined | null = null;

/** The bundled AWS managed policies, so that `arn:aws:iam::aws:policy/…` references resolve as in the CLI. */
function managedPolicies(): ManagedPolicyLookup | undefined {
  if (managed === null) {
    try {
      managed = loadManagedPolicyStore();
    } catch {
      managed = undefined;
    }
  }
  return managed;
}

/** A model host over in-memory files, resolving paths as POSIX paths do. */
export function memoryHost(files: Readonly<Record<string, string>>): ModelHost {
  const store = managedPolicies();
  return {
    readFile: (path) => files[path] ?? { error: 'no such file' },
    resolve: (from, relative) => posix.resolve(posix.dirname(from), relative),
    ...(store ? { managedPolicies: store } : {}),
  };
}

export const modelTarget: FuzzTarget<ModelFiles> = {
  name: 'model',
  generate: (rng, corpus) => modelInput(rng, corpus.policies, corpus.examples),
  run(input) {
    const { model, diagnostics } = loadModel(input.main, memoryHost(input.files));
    for (const d of diagnostics) {
      const text = input.files[d.file];
      if (text !== undefined) checkSpan(d.span, text, `diagnostic '${d.message}' in ${d.file}`);
    }
    // What editors and the CLI call next must work on whatever was loaded.
    model.principals();
    model.resources();
    model.accounts();
    model.groups();
    model.files();
  },
};

export interface EvaluatorInput extends ModelFiles {
  readonly requests: readonly FuzzRequest[];
}

const DECISIONS = new Set(['allowed', 'explicitDeny', 'implicitDeny']);

export const evaluatorTarget: FuzzTarget<EvaluatorInput> = {
  name: 'evaluator',
  generate: (rng, corpus) => ({ ...modelInput(rng, corpus.policies, corpus.examples), requests: randomRequests(rng) }),
  run(input, corpus) {
    const { model } = loadModel(input.main, memoryHost(input.files));
    const principals = model.principals();
    for (const fuzzRequest of input.requests) {
      const principal =
        typeof fuzzRequest.principal === 'string'
          ? fuzzRequest.principal
          : (principals[fuzzRequest.principal.index % Math.max(1, principals.length)]?.arn ?? 'arn:aws:iam::111111111111:user/nobody');
      const request: EvaluationRequest = {
        principal,
        action: fuzzRequest.action,
        resource: fuzzRequest.resource,
        ...(fuzzRequest.context ? { context: fuzzRequest.context } : {}),
      };
      const result = evaluate(model, request, { catalog: corpus.catalog, now: new Date('2026-06-01T00:00:00Z') });
      if (!DECISIONS.has(result.decision)) throw new InvariantError(`evaluate returned decision ${String(result.decision)}`);
      if (result.decision !== 'implicitDeny' && result.decidingStatements.length === 0 && !result.layers.some((l) => l.note)) {
        throw new InvariantError(`decision ${result.decision} names no deciding statement and no layer note explains it`);
      }
      // The explanation must agree with the decision: a deny is explained by Deny statements, an allow by Allows.
      const wrong = result.decidingStatements.find((s) => s.effect !== (result.decision === 'explicitDeny' ? 'Deny' : 'Allow'));
      if (wrong && result.decision !== 'implicitDeny') {
        throw new InvariantError(`decision ${result.decision} lists a deciding ${wrong.effect} statement (${wrong.source.name} #${wrong.statementIndex})`);
      }
      if (result.decision === 'explicitDeny' && result.decidingStatements.length === 0) {
        throw new InvariantError('an explicit deny names no Deny statement');
      }
      JSON.stringify(result);
    }
  },
};
