/**
 * The custom requests of protocol.ts: load a model, evaluate a request, who-can, list the model's entities, run a
 * test file, and report the model's status. The server owns the loaded model and the one evaluator; results carry
 * the evaluator's EvaluationResult, the explanation, and every location converted to URIs and LSP ranges.
 */
import type { EvaluationRequest, EvaluationResult } from '../../iam/evaluator';
import { loadTestFile, principalArn, principalDeclarationSpans, principalNotes, requesterLabel } from '../../iam/model';
import { endSentence, statementLabel } from '../../iam/explain';
import type { Span } from '../../iam/span';
import { namesOthersWhoCan, runTestFile, simulateRequest, whoCan, type WhoCanOutcome } from '../../iam/simulate';
import type { ServerContext } from '../context';
import { fileLocation, fileTexts, policyLocation, resultLocations, type FileTexts } from '../convert';
import {
  ErrorCodes,
  Requests,
  type EvaluateParams,
  type EvaluateResult,
  type ListModelEntitiesParams,
  type ListModelEntitiesResult,
  type LoadModelParams,
  type LoadModelResult,
  type ModelStatus,
  type RunTestsParams,
  type RunTestsResult,
  type TestCaseResult,
  type WhoCanEntry,
  type WhoCanParams,
  type WhoCanResult,
  type WireDiagnostic,
  WHO_CAN_DENIED_LISTED,
} from '../protocol';
import { RequestFailure, runSafe } from '../runSafe';
import { pathToUri, uriToPath } from '../uris';
import { toWireExplanation } from './explanationText';
import type { LoadedEntry, ModelManager } from './models';

/** The request as sent to clients: parsed session policies (with their syntax trees) stay on the server. */
function plainResult(result: EvaluationResult): EvaluationResult {
  const { sessionPolicyRefs, ...request } = result.request;
  void sessionPolicyRefs;
  return { ...result, request };
}

function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new RequestFailure(ErrorCodes.badInput, `${name} is required.`);
  return value;
}

/** The custom requests, in four groups: the model's state, evaluate, who-can, and test runs. */
export function registerSimulation(ctx: ServerContext, models: ModelManager): void {
  registerModelRequests(ctx, models);
  registerEvaluate(ctx, models);
  registerWhoCan(ctx, models);
  registerTestRuns(ctx, models);
}

function filesOf(models: ModelManager): FileTexts {
  return fileTexts((file) => models.positionedFile(file), models.place);
}

/** Evaluates, explains and, for a denial, finds the verified fixes. */
function explainOne(
  ctx: ServerContext,
  models: ModelManager,
  entry: LoadedEntry,
  request: EvaluationRequest,
  texts: FileTexts,
): Omit<EvaluateResult, 'modelUri'> {
  const { result, explanation } = simulateRequest({
    model: entry.model,
    modelPath: entry.path,
    host: models.host(),
    request,
    options: { catalog: ctx.runtime.catalog },
  });
  return {
    result: plainResult(result),
    explanation: toWireExplanation(texts, explanation),
    locations: resultLocations(texts, result),
  };
}

/** The model's errors inside what this result depends on: its policies, the principal's declaration and groups. */
function requestModelProblems(models: ModelManager, entry: LoadedEntry, result: EvaluationResult, texts: FileTexts): WireDiagnostic[] {
  const errors = entry.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return [];
  const inside = (inner: Span, outer: Span) => inner.offset >= outer.offset && inner.offset + inner.length <= outer.offset + outer.length;
  const touched = result.layers.flatMap((l) => l.policies.map((p) => p.source));
  const principal = entry.model.principal(result.request.principal);
  const modelText = models.host().readFile(entry.path);
  const declared = principal && typeof modelText === 'string' ? principalDeclarationSpans(modelText, principal) : [];
  return errors
    .filter(
      (d) =>
        touched.some((s) => s.file === d.file && (s.span === undefined || inside(d.span, s.span))) ||
        (d.file === entry.path && declared.some((span) => inside(d.span, span))),
    )
    .flatMap((d) => {
      const location = fileLocation(texts, d.file, d.span);
      return location ? [{ uri: location.uri, range: location.range, severity: d.severity, message: d.message, code: d.code }] : [];
    });
}

/** Load a model, its status, and what it holds (for the panel's pickers). */
function registerModelRequests(ctx: ServerContext, models: ModelManager): void {
  const { connection, logger } = ctx;
  connection.onRequest(Requests.loadModel, (params: LoadModelParams, token) =>
    runSafe<LoadModelResult>(logger, { context: `loadModel ${params.uri}`, token }, () => models.load(requireString(params.uri, 'uri'))),
  );

  connection.onRequest(Requests.getModelStatus, () => runSafe<ModelStatus>(logger, { context: 'getModelStatus' }, () => models.getStatus()));

  connection.onRequest(Requests.listModelEntities, (params: ListModelEntitiesParams | null, token) =>
    runSafe<ListModelEntitiesResult>(logger, { context: 'listModelEntities', token }, () => {
      const entry = models.modelFor(params?.modelUri);
      const { diagnostics, diagnosticsCount, errorCount, ...entities } = models.summary(entry);
      void diagnostics;
      void diagnosticsCount;
      void errorCount;
      return entities;
    }),
  );
}

/** One request: the decision, its explanation and fixes, and the model errors it depends on. */
function registerEvaluate(ctx: ServerContext, models: ModelManager): void {
  const { connection, logger } = ctx;
  connection.onRequest(Requests.evaluate, (params: EvaluateParams, token) =>
    runSafe<EvaluateResult>(logger, { context: 'evaluate', token }, () => {
      const request = params.request;
      requireString(request?.principal, 'request.principal');
      requireString(request.action, 'request.action');
      requireString(request.resource, 'request.resource');
      const entry = models.modelFor(params.modelUri);
      // A name or a role session (`Dev/alice`) typed in the panel is read as the command line and test files read it.
      const principal = principalArn(entry.model, request.principal.trim());
      if ('error' in principal) throw new RequestFailure(ErrorCodes.badInput, `Principal ${request.principal.trim()}: ${endSentence(principal.error)}`);
      const texts = filesOf(models);
      const explained = explainOne(ctx, models, entry, { ...request, principal: principal.arn }, texts);
      const modelProblems = requestModelProblems(models, entry, explained.result, texts);
      // What simulate warns of.
      const notes = principalNotes(entry.model, principal);
      return { modelUri: entry.uri, ...explained, ...(modelProblems.length > 0 ? { modelProblems } : {}), ...(notes.length > 0 ? { notes } : {}) };
    }),
  );
}

/** Who can make a request: every requester of the model, laid out with the statement that decided. */
function registerWhoCan(ctx: ServerContext, models: ModelManager): void {
  const { connection, logger, runtime } = ctx;
  connection.onRequest(Requests.whoCan, (params: WhoCanParams, token) =>
    runSafe<WhoCanResult>(logger, { context: 'whoCan', token }, () => {
      const action = requireString(params.action, 'action');
      const resource = requireString(params.resource, 'resource');
      const entry = models.modelFor(params.modelUri);
      const texts = filesOf(models);
      const answer = whoCan(
        entry.model,
        { action, resource, ...(params.context !== undefined ? { context: params.context } : {}) },
        { catalog: runtime.catalog, isCancelled: () => token.isCancellationRequested },
      );
      const wireEntry = (outcome: WhoCanOutcome): WhoCanEntry => {
        const { requester, statement } = outcome;
        const viaLocation = statement !== undefined ? policyLocation(texts, statement.source, statement.span) : undefined;
        // Worded by the core, as the command line's who-can words it.
        const via = statement !== undefined ? statementLabel(statement) : outcome.note;
        return {
          principal: { arn: requester.arn, kind: requester.kind, name: requester.name, accountId: requester.accountId, label: requesterLabel(requester) },
          decision: outcome.decision,
          ...(via !== undefined ? { via } : {}),
          ...(viaLocation !== undefined ? { viaLocation } : {}),
        };
      };
      const allowed = answer.allowed.map(wireEntry);
      // Explicit denials (they name a statement) first; the implicit rest only up to the cap, counted in full.
      const explicitFirst = [...answer.denied.filter((o) => o.statement !== undefined), ...answer.denied.filter((o) => o.statement === undefined)];
      const denied = explicitFirst.slice(0, WHO_CAN_DENIED_LISTED).map(wireEntry);
      // Every problem stays in `problems`, as before; those naming callers beyond the list are also in `othersWhoCan`.
      const problems = answer.problems.map((p) => p.message);
      const othersWhoCan = answer.problems.filter(namesOthersWhoCan).map((p) => p.message);
      return {
        modelUri: entry.uri,
        action,
        resource,
        allowed,
        denied,
        deniedCount: answer.denied.length,
        ...(problems.length > 0 ? { problems } : {}),
        ...(othersWhoCan.length > 0 ? { othersWhoCan } : {}),
      };
    }),
  );
}

/** A test file run for the Testing view: the core's runTestFile, laid out with locations and explanations. */
function registerTestRuns(ctx: ServerContext, models: ModelManager): void {
  const { connection, logger, runtime } = ctx;
  connection.onRequest(Requests.runTests, (params: RunTestsParams, token) =>
    runSafe<RunTestsResult>(logger, { context: `runTests ${params.uri}`, token }, () => {
      const uri = requireString(params.uri, 'uri');
      const path = uriToPath(uri);
      const host = models.host();
      const texts = filesOf(models);
      const loaded = loadTestFile(path, host);
      const wire = (file: string, span: { offset: number; length: number }, severity: 'error' | 'warning' | 'info' | 'hint', message: string, code: string) => {
        const location = fileLocation(texts, file, span);
        return {
          uri: pathToUri(file),
          range: location?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity,
          message,
          code,
        };
      };
      const errors = loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => wire(d.file, d.span, d.severity, d.message, d.code));
      const testFile = loaded.testFile;
      if (testFile.model === undefined) {
        if (errors.length === 0) errors.push(wire(path, { offset: 0, length: 0 }, 'error', 'The test file names no "model".', 'missingKey'));
        return { uri, results: [], passed: 0, failed: 0, invalid: 0, errors };
      }
      const entry = models.modelFor(pathToUri(testFile.model), { fresh: true });
      for (const d of entry.diagnostics) if (d.severity === 'error') errors.push(wire(d.file, d.span, d.severity, d.message, d.code));
      // As the CLI does: a model or test file with errors is not run, so no test passes or fails for a typo.
      if (errors.length > 0) return { uri, modelUri: entry.uri, results: [], passed: 0, failed: 0, invalid: 0, errors };
      const run = runTestFile({
        testFile,
        model: entry.model,
        modelPath: entry.path,
        host,
        catalog: runtime.catalog,
        ...(params.indexes !== undefined ? { only: new Set(params.indexes) } : {}),
        isCancelled: () => token.isCancellationRequested,
        clock: () => Date.now(),
      });
      const results = run.outcomes.map((outcome): TestCaseResult => {
        const { index, test } = outcome;
        const location = fileLocation(texts, path, test.span) ?? { uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
        const head = { index, name: test.name, location, expect: test.expect };
        if (outcome.kind === 'invalid') {
          // The first error is where the Testing view points; every error is in the message.
          const first = outcome.errors[0];
          const at = first ? fileLocation(texts, first.file, first.span) : undefined;
          return { ...head, ...(at ? { location: at } : {}), pass: false, error: outcome.errors.map((e) => e.message).join('\n'), durationMs: 0 };
        }
        const { result, explanation } = outcome;
        return {
          ...head,
          decision: outcome.decision,
          pass: outcome.pass,
          durationMs: outcome.durationMs,
          // Always there: this run is not `decisionsOnly`.
          ...(result ? { result: plainResult(result), locations: resultLocations(texts, result) } : {}),
          ...(explanation ? { explanation: toWireExplanation(texts, explanation, { reasonFirst: true }) } : {}),
          ...(outcome.problems ? { problems: outcome.problems } : {}),
        };
      });
      return { uri, modelUri: entry.uri, results, passed: run.passed, failed: run.failed, invalid: run.invalid, errors };
    }),
  );
}
