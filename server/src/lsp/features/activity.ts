/**
 * The activity requests of protocol.ts, as the command line has them (docs/formats.md): replay CloudTrail logs on
 * the model, explain an AccessDenied, generate a least-privilege policy with its proof, and the access a policy change
 * adds or removes. The core does the work; this reads the logs through the runtime and places results in files.
 */
import type { CancellationToken } from 'vscode-languageserver';
import {
  accessChangeSentence,
  generateForPrincipal,
  diffReportLines,
  newlyAllowedHeadline,
  replayHeadline,
  type AccessChange,
  denialCases,
  absentPolicy,
  diffAccess,
  explainDenial,
  withDenialFixes,
  readActivity,
  ReplayRun,
  reportedDenialLine,
  evaluationRequest,
  type ActivityRequest,
  type ReplayChange,
  type UnmappedRecord,
  otherAccountsSentence,
  roleRenameSentence,
  withModelRoleNames,
} from '../../iam/activity';
import type { EvaluationModel } from '../../iam/evaluator';
import { findPrincipal, hostWithFile, loadModel } from '../../iam/model';
import { simulateRequest } from '../../iam/simulate';
import type { Span } from '../../iam/span';
import type { ServerContext } from '../context';
import { fileLocation, fileTexts, type FileTexts } from '../convert';
import {
  ErrorCodes,
  Requests,
  type DiffAccessParams,
  type DiffAccessResult,
  type ExplainDenialParams,
  type ExplainDenialResult,
  type ExplainedDenial,
  type GeneratePolicyParams,
  type GeneratePolicyResult,
  type ReplayActivityParams,
  type ReplayActivityResult,
  type ReplayedRecord,
  type WireAccessChange,
} from '../protocol';
import { RequestFailure, runSafe } from '../runSafe';
import { TimeSlicer } from '../timeSlice';
import { pathToUri, uriToPath } from '../uris';
import { toWireExplanation } from './explanationText';
import type { LoadedEntry, ModelManager } from './models';

/** Records listed one by one in a replay's answer: every change, then unchanged ones up to this many in all. */
const MAX_LISTED = 5_000;
/** Changes explained in full (statements placed in files, verified fixes); the rest carry the one-line reason. */
const MAX_EXPLAINED = 200;
/** Unmapped records listed with their reason; all are counted. */
const MAX_UNMAPPED_LISTED = 500;

interface ReadLogs {
  readonly files: number;
  readonly requests: ActivityRequest[];
  readonly unmapped: UnmappedRecord[];
  readonly errors: string[];
  /** Sentences for the report: the logs' roles taken as the model's (`withModelRoleNames`). */
  readonly notes: string[];
}

/** The activity requests, one group each: replay, explain a denial, generate a policy, and the access a change makes. */
export function registerActivity(ctx: ServerContext, models: ModelManager): void {
  registerReplay(ctx, models);
  registerExplainDenial(ctx, models);
  registerGeneratePolicy(ctx, models);
  registerDiffAccess(ctx, models);
}

function filesOf(models: ModelManager): FileTexts {
  return fileTexts((file) => models.positionedFile(file), models.place);
}

/**
 * The logs behind `uris` (files or folders), read into requests; unreadable ones are listed, the rest read. A folder
 * of logs can take seconds to read, so the reading goes back to the message queue between files (see timeSlice.ts):
 * hovers and diagnostics on other documents are answered meanwhile, and a cancelled request stops at the next file.
 */
async function readLogs(
  runtime: ServerContext['runtime'],
  model: { readonly model: EvaluationModel; readonly fromTemplates: boolean },
  uris: readonly string[],
  token: CancellationToken,
): Promise<ReadLogs> {
  const logs = runtime.logs;
  if (logs === undefined) throw new RequestFailure(ErrorCodes.badInput, 'Reading CloudTrail logs needs a file system, which this server does not have.');
  if (!Array.isArray(uris) || uris.length === 0 || !uris.every((u) => typeof u === 'string'))
    throw new RequestFailure(ErrorCodes.badInput, 'uris must name at least one CloudTrail log file or folder.');
  const collected = logs.collect(uris.map(uriToPath));
  const errors = [...collected.errors];
  const requests: ActivityRequest[] = [];
  const unmapped: UnmappedRecord[] = [];
  const slicer = new TimeSlicer(() => true);
  for (const file of collected.files) {
    await slicer.checkpoint();
    if (token.isCancellationRequested) break;
    const read = logs.read(file);
    const activity = read.ok ? readActivity(runtime.catalog, file, read.text) : undefined;
    const problem = !read.ok ? read.error : activity?.fileError;
    if (problem !== undefined || activity === undefined) {
      errors.push(`${file}: ${problem ?? 'not readable'}`);
      continue;
    }
    for (const r of activity.requests) requests.push(r);
    for (const u of activity.unmapped) unmapped.push(u);
  }
  // As the command line: on a model built from templates, a role CloudFormation named is the model's role of its
  // logical id, and the report says so, as it says which accounts of the logs the model does not describe.
  if (!model.fromTemplates) return { files: collected.files.length, requests, unmapped, errors, notes: [] };
  const named = withModelRoleNames(model.model, requests);
  const notes = [
    ...named.renamed.map((rename) => `Note: ${roleRenameSentence(rename)}.`),
    ...(named.otherAccounts.length > 0 ? [`Note: ${otherAccountsSentence(named.otherAccounts)}.`] : []),
  ];
  return { files: collected.files.length, requests: named.requests, unmapped, errors, notes };
}

/** Replays the logs on the model: what changed is listed first and explained, unchanged records fill the rest. */
function registerReplay(ctx: ServerContext, models: ModelManager): void {
  const { connection, logger, runtime } = ctx;
  connection.onRequest(Requests.replayActivity, (params: ReplayActivityParams, token) =>
    runSafe<ReplayActivityResult>(logger, { context: 'replayActivity', token }, async () => {
      const entry = models.modelFor(params.modelUri);
      const logs = await readLogs(runtime, { model: entry.model, fromTemplates: models.builtFromTemplates(entry) }, params.uris, token);
      // Deciding a day's records takes seconds: in slices too.
      const run = new ReplayRun(entry.model, runtime.catalog);
      const slicer = new TimeSlicer(() => true);
      for (const request of logs.requests) {
        await slicer.checkpoint();
        if (token.isCancellationRequested) break;
        run.add(request);
      }
      const report = run.report();
      const changes = new Map<ActivityRequest, ReplayChange>();
      for (const c of [...report.regressions, ...report.newlyAllowed]) changes.set(c.request, c);
      const texts = filesOf(models);
      let unchangedRoom = Math.max(0, MAX_LISTED - changes.size);
      let explained = 0;
      const items: ReplayedRecord[] = [];
      // Explaining a change simulates it again with fixes: slices here too.
      for (const request of logs.requests) {
        await slicer.checkpoint();
        const change = changes.get(request);
        if (change === undefined && unchangedRoom === 0) continue;
        if (change === undefined) unchangedRoom--;
        const explain = change !== undefined && explained++ < MAX_EXPLAINED && !token.isCancellationRequested;
        items.push(replayedRecord(ctx, models, entry, request, change, texts, explain));
      }
      const headline = replayHeadline({
        files: logs.files,
        ...report,
        regressions: report.regressions.length,
        newlyAllowed: report.newlyAllowed.length,
        unreadable: logs.errors.length,
      });
      headline.push(...logs.notes);
      if (report.newlyAllowed.length > 0) headline.push(newlyAllowedHeadline(report.newlyAllowed.length));
      return {
        modelUri: entry.uri,
        headline,
        files: logs.files,
        records: logs.requests.length + logs.unmapped.length,
        evaluated: report.evaluated,
        regressions: report.regressions.length,
        newlyAllowed: report.newlyAllowed.length,
        stillAllowed: report.stillAllowed,
        stillDenied: report.stillDenied,
        otherErrors: report.otherErrors,
        items,
        notListed: logs.requests.length - items.length,
        unmapped: logs.unmapped
          .slice(0, MAX_UNMAPPED_LISTED)
          .map((u) => ({ uri: pathToUri(u.origin.file), index: u.origin.index, ...(u.event !== undefined ? { event: u.event } : {}), reason: u.reason })),
        unmappedCount: logs.unmapped.length,
        fileErrors: logs.errors,
      };
    }),
  );
}

/** One record of a replay; a change carries the explanation of today's decision (with fixes for a regression). */
function replayedRecord(
  ctx: ServerContext,
  models: ModelManager,
  entry: LoadedEntry,
  request: ActivityRequest,
  change: ReplayChange | undefined,
  texts: FileTexts,
  explain: boolean,
): ReplayedRecord {
  const status =
    change !== undefined
      ? change.decision === 'allowed'
        ? 'newlyAllowed'
        : 'regression'
      : request.outcome === 'allowed'
        ? 'stillAllowed'
        : request.outcome === 'denied'
          ? 'stillDenied'
          : 'otherError';
  const decision = change?.decision ?? (status === 'stillAllowed' ? 'allowed' : undefined);
  let explanation;
  if (change !== undefined && explain) {
    const simulated = simulateRequest({
      model: entry.model,
      modelPath: entry.path,
      host: models.host(),
      request: { ...evaluationRequest(request), action: change.action, resource: change.resource },
      options: { catalog: ctx.runtime.catalog, ...(request.time ? { now: request.time } : {}) },
      wantFixes: (r) => r.decision !== 'allowed',
    });
    explanation = toWireExplanation(texts, simulated.explanation);
  }
  return {
    uri: pathToUri(request.origin.file),
    index: request.origin.index,
    eventSource: request.eventSource,
    eventName: request.eventName,
    ...(request.time ? { eventTime: request.time.toISOString() } : {}),
    principal: request.principal,
    action: request.action,
    resource: request.resource,
    recorded: request.outcome,
    ...(request.errorCode !== undefined ? { errorCode: request.errorCode } : {}),
    status,
    ...(decision !== undefined ? { decision } : {}),
    ...(change !== undefined && (change.action !== request.action || change.resource !== request.resource)
      ? { deniedAction: change.action, deniedResource: change.resource }
      : {}),
    ...(change !== undefined ? { summary: change.summary, reason: change.reason } : {}),
    ...(explanation !== undefined ? { explanation } : {}),
  };
}

/** Reads an AccessDenied message or CloudTrail record back, and explains it on the model when there is one. */
function registerExplainDenial(ctx: ServerContext, models: ModelManager): void {
  const { connection, logger, runtime } = ctx;
  connection.onRequest(Requests.explainDenial, (params: ExplainDenialParams, token) =>
    runSafe<ExplainDenialResult>(logger, { context: 'explainDenial', token }, () => {
      if (typeof params.text !== 'string' || params.text.trim() === '')
        throw new RequestFailure(ErrorCodes.badInput, 'Paste an AccessDenied message or a CloudTrail record.');
      const cases = denialCases(runtime.catalog, 'the text given', params.text);
      if (typeof cases === 'string') throw new RequestFailure(ErrorCodes.badInput, cases);
      const reported: ExplainedDenial[] = cases.map((c) => ({
        label: c.label,
        reported: reportedDenialLine(c.input.reported),
        principal: c.input.reported.principal,
        action: c.input.reported.action,
        resource: c.input.reported.resource,
      }));
      // Without a model the message is still read back: the user sees which request AWS refused.
      let entry: LoadedEntry;
      try {
        entry = models.modelFor(params.modelUri);
      } catch (error) {
        if (error instanceof RequestFailure && (error.code === ErrorCodes.untrusted || error.code === ErrorCodes.noModel))
          return { denials: reported, noModel: error.message };
        throw error;
      }
      const texts = filesOf(models);
      const denials = cases.map((c, i): ExplainedDenial => {
        const answer = explainDenial(entry.model, runtime.catalog, c.input);
        return {
          ...(reported[i] as ExplainedDenial),
          decision: answer.result.decision,
          reproduced: answer.reproduced,
          verdict: answer.verdict,
          explanation: toWireExplanation(
            texts,
            withDenialFixes(answer, { model: entry.model, modelPath: entry.path, host: models.host(), catalog: runtime.catalog }, c.input.time),
          ),
        };
      });
      return { modelUri: entry.uri, denials };
    }),
  );
}

/** A least-privilege policy from a principal's successful calls, proven on the same logs. */
function registerGeneratePolicy(ctx: ServerContext, models: ModelManager): void {
  const { connection, logger, runtime } = ctx;
  connection.onRequest(Requests.generatePolicy, (params: GeneratePolicyParams, token) =>
    runSafe<GeneratePolicyResult>(logger, { context: 'generatePolicy', token }, async () => {
      const entry = models.modelFor(params.modelUri);
      if (typeof params.principal !== 'string' || params.principal === '') throw new RequestFailure(ErrorCodes.badInput, 'principal is required.');
      const principal = findPrincipal(entry.model, params.principal);
      if ('error' in principal) throw new RequestFailure(ErrorCodes.badInput, principal.error);
      const logs = await readLogs(runtime, { model: entry.model, fromTemplates: models.builtFromTemplates(entry) }, params.uris, token);
      // As the command line: a policy made from part of the logs would be proven on part of them.
      if (logs.errors.length > 0)
        return { modelUri: entry.uri, principal: principal.arn, policyText: '', proofPassed: false, report: [], fileErrors: logs.errors };
      const generated = generateForPrincipal(entry.model, runtime.catalog, principal, logs.requests, logs.unmapped.length);
      if (generated === undefined) {
        throw new RequestFailure(
          ErrorCodes.badInput,
          `No successful call of ${principal.arn} in the ${logs.requests.length} recorded requests of these logs (${logs.unmapped.length} records not mapped): nothing to generate from.`,
        );
      }
      const { text: policyText, proof, report } = generated;
      return {
        modelUri: entry.uri,
        principal: principal.arn,
        policyText: `${policyText}\n`,
        proofPassed: proof.passed,
        // The proof line stays second, where the editor's message shows it; the notes follow the report.
        report: [...report, ...logs.notes],
        fileErrors: [],
      };
    }),
  );
}

/** The access a policy file's change adds or removes, against another file or a git revision of it. */
function registerDiffAccess(ctx: ServerContext, models: ModelManager): void {
  const { connection, logger, runtime } = ctx;
  connection.onRequest(Requests.diffAccess, (params: DiffAccessParams, token) =>
    runSafe<DiffAccessResult>(logger, { context: 'diffAccess', token }, () => {
      if (typeof params.uri !== 'string' || typeof params.base !== 'string' || params.base === '')
        throw new RequestFailure(ErrorCodes.badInput, 'uri and base are required.');
      const entry = models.modelFor(params.modelUri, { fresh: true });
      const policyFile = uriToPath(params.uri);
      const base = readBase(ctx, models, policyFile, params.base);
      const baseText = 'absent' in base ? absentPolicy(entry.model, policyFile) : base.text;
      const baseModel = loadModel(entry.path, hostWithFile(models.host(), policyFile, baseText));
      const broken = baseModel.diagnostics.find((d) => d.severity === 'error');
      if (broken) throw new RequestFailure(ErrorCodes.badInput, `The model with the base version (${base.label}) does not load: ${broken.message}`);
      const diff = diffAccess({ current: entry.model, base: baseModel.model, policyFile, policyLabel: policyFile, catalog: runtime.catalog });
      if ('error' in diff) throw new RequestFailure(ErrorCodes.badInput, diff.error);
      const texts = filesOf(models);
      const wire =
        (kind: 'new' | 'lost') =>
        (c: AccessChange): WireAccessChange => {
          const location = c.statement ? fileLocation(texts, c.statement.file, c.statement) : undefined;
          return {
            principal: c.principal,
            action: c.action,
            resource: c.resource,
            context: c.context,
            because: c.because,
            sentence: accessChangeSentence(c, kind),
            ...(location ? { location } : {}),
          };
        };
      const locate = (file: string, span: Span): string => {
        const start = fileLocation(texts, file, span)?.range.start;
        return start ? `${file}:${start.line + 1}:${start.character + 1}` : file;
      };
      const report = diffReportLines(diff, { policy: policyFile, base: base.label }, locate);
      const { principalClasses, ...checked } = diff.checked;
      void principalClasses;
      return {
        modelUri: entry.uri,
        base: base.label,
        newAccess: diff.newAccess.map(wire('new')),
        lostAccess: diff.lostAccess.map(wire('lost')),
        checked,
        ...(diff.truncated ? { truncated: diff.truncated } : {}),
        report,
      };
    }),
  );
}

/** The base text: another file (a `file://` URI), or the policy file at a git revision. */
function readBase(
  ctx: ServerContext,
  models: ModelManager,
  policyFile: string,
  base: string,
): { text: string; label: string } | { absent: true; label: string } {
  if (base.startsWith('file:')) {
    const path = uriToPath(base);
    const text = models.host().readFile(path);
    if (typeof text !== 'string') throw new RequestFailure(ErrorCodes.badInput, `${path}: ${text.error}`);
    return { text, label: path };
  }
  const { runtime } = ctx;
  if (runtime.fileAtRevision === undefined)
    throw new RequestFailure(ErrorCodes.badInput, 'Comparing with a git revision needs git, which this server cannot run.');
  const atRevision = runtime.fileAtRevision(policyFile, base);
  if ('error' in atRevision) throw new RequestFailure(ErrorCodes.badInput, `${base} has no version of ${policyFile}: ${atRevision.error}`);
  if ('absent' in atRevision) return { absent: true, label: `no ${policyFile} (it is not in ${base})` };
  return { text: atRevision.text, label: `${policyFile} at ${base}` };
}
