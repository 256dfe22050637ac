/**
 * Every custom message between the IAM Policy Lab language server and its clients, declared once and imported by both
 * sides (the VS Code extension, the simulator panel's host, tests). Method names are `iamPolicy/<camelCase>`.
 *
 * Everything here is plain JSON: no class instances, no `vscode` or LSP runtime imports, so the webview protocol can
 * import these types too. A client sends a request with
 * `client.sendRequest(new RequestType<P, R, void>(Requests.evaluate), params)` or simply
 * `client.sendRequest<R>(Requests.evaluate, params)`.
 *
 * Positions are LSP positions (zero-based line and UTF-16 character); `uri` fields are `file://` URIs, so a client
 * can open the exact range with `vscode.window.showTextDocument(uri, { selection: range })`.
 *
 * How to add a request: add its method to `Requests`, its params and result interfaces below with a comment naming
 * the side that sends it, handle it in `features/` on the server, call it from the client.
 */
import type { ContextValue, Decision, EvaluationRequest, EvaluationResult } from '../iam/evaluator';
import type { RequesterKind } from '../iam/model';
import type { Severity } from '../iam/findings';
import type { Explanation } from '../iam/explain';

/** Method names of requests (client → server unless stated otherwise). */
export const Requests = {
  /** client → server: load (or reload) an account model and make it the current one. */
  loadModel: 'iamPolicy/loadModel',
  /** client → server: evaluate one request against a model. */
  evaluate: 'iamPolicy/evaluate',
  /** client → server: every principal of the model allowed one action on one resource. */
  whoCan: 'iamPolicy/whoCan',
  /** client → server: the principals, actions, resources and context keys the model knows (for pickers). */
  listModelEntities: 'iamPolicy/listModelEntities',
  /** client → server: run the tests of one `*.iam-test.json` file (the Testing view). */
  runTests: 'iamPolicy/runTests',
  /** client → server: what the server has loaded right now (same payload as the modelStatus notification). */
  getModelStatus: 'iamPolicy/getModelStatus',
  /** client → server: CloudTrail logs replayed on the model (the Testing view's replay run). */
  replayActivity: 'iamPolicy/replayActivity',
  /** client → server: an AccessDenied message or CloudTrail record explained on the model. */
  explainDenial: 'iamPolicy/explainDenial',
  /** client → server: the least-privilege policy for a principal from CloudTrail logs, with its proof and report. */
  generatePolicy: 'iamPolicy/generatePolicy',
  /** client → server: the access a change of a policy file adds or removes on the model. */
  diffAccess: 'iamPolicy/diffAccess',
  /** client → server: actions and service prefixes that complete what the user typed (the simulator's action field). */
  suggestActions: 'iamPolicy/suggestActions',
  /** client → server: what the catalog says about one action (resource formats, condition keys). */
  describeAction: 'iamPolicy/describeAction',
} as const;

/** Method names of notifications. */
export const Notifications = {
  /** server → client: the current model was loaded, reloaded (its files changed), failed, or was refused. */
  modelStatus: 'iamPolicy/modelStatus',
} as const;

export type RequestMethod = (typeof Requests)[keyof typeof Requests];
export type NotificationMethod = (typeof Notifications)[keyof typeof Notifications];

/** Initialization options the client passes in `initialize` (all optional). */
export interface InitializationOptions {
  /** `false` in an untrusted workspace: the server validates, but refuses to load account models. Default true. */
  readonly trusted?: boolean;
  /** Initial settings, for clients that cannot answer `workspace/configuration` (Helix sends its `config` here). */
  readonly iamPolicy?: IamPolicySettings;
}

/**
 * Settings the server reads with `workspace/configuration` (section `iamPolicy`); clients without that capability
 * may send the same object in `workspace/didChangeConfiguration` as `{ settings: { iamPolicy: … } }`.
 */
export interface IamPolicySettings {
  /** Severity per rule id, or `off`. */
  readonly rules?: Readonly<Record<string, Severity | 'off'>>;
  /** Account model used for principals in completion and as the default model of evaluate/whoCan (path or URI). */
  readonly model?: string;
  /** Policy type of stand-alone policy documents; `auto` infers it. */
  readonly policyType?: string;
  /** Milliseconds to wait after a change before pushing diagnostics (clients without pull diagnostics). */
  readonly diagnosticsDelay?: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Shared shapes

export interface LspPosition {
  readonly line: number;
  readonly character: number;
}

export interface LspRange {
  readonly start: LspPosition;
  readonly end: LspPosition;
}

export interface SourceLocation {
  readonly uri: string;
  readonly range: LspRange;
}

/**
 * Where the parts of an EvaluationResult sit in the files, keyed by their path in the result, segments joined by `/`:
 * `layers/0/policies/1` (the policy document), `layers/0/policies/1/statements/2`,
 * `layers/0/policies/1/statements/2/elements/0`, `…/statements/2/elements/0/value`,
 * `…/statements/2/conditions/1`, `decidingStatements/0`, `decidingStatements/0/elements/1`, `nearMisses/0`,
 * `nearMisses/0/conditions/0`, `errors/0`. Build keys with `locationKey`.
 * Parts without a file (AWS managed policies, policies given as text) have no entry.
 */
export type LocationIndex = Readonly<Record<string, SourceLocation>>;

/** Builds a `LocationIndex` key: `locationKey('decidingStatements', 0)` → `decidingStatements/0`. */
export function locationKey(...parts: readonly (string | number)[]): string {
  return parts.join('/');
}

/** One line of a rendered explanation; `depth` indents, `location` is where a click should go. */
export interface ExplanationLine {
  readonly text: string;
  readonly depth: number;
  readonly location?: SourceLocation;
}

/** One edit of a counterfactual fix, placed in its file. */
export interface WireFixEdit {
  readonly uri: string;
  readonly range: LspRange;
  readonly newText: string;
}

/**
 * A counterfactual fix (iam/simulate): applying it alone changes the decision to `decision`. `edit` fixes change
 * policy files (a client applies `edits` as one undoable workspace edit); `context` fixes change the request. An
 * `edit` fix with `context` is two changes that only together change the decision: both are applied.
 */
export interface WireFix {
  readonly title: string;
  readonly kind: 'edit' | 'context';
  readonly edits: readonly WireFixEdit[];
  readonly context: Readonly<Record<string, ContextValue>>;
  readonly decision: Decision;
  /** Set when the fix is two changes that only together change the decision (its `edits` and its `context`). */
  readonly paired?: boolean;
}

/** A statement's source text in whole lines, and where it starts in its file, so a client need not open the file. */
export interface Snippet {
  readonly text: string;
  readonly start: LspPosition;
}

/** The explanation as the client shows it: the AWS-style sentence first, then the evidence. */
export interface WireExplanation {
  /** `User: arn:… is not authorized to perform: s3:PutObject on resource: … because …` (or the allow sentence). */
  readonly summary: string;
  /** The one-line why, worded by the core (iam/explain/reasonLine.ts), and what it points at. */
  readonly reason: string;
  readonly reasonLocation?: SourceLocation;
  /** Verified counterfactual fixes, most useful first; empty for an allow or when none was found. */
  readonly fixes: readonly WireFix[];
  /**
   * Where the explanation's parts sit: `deciding/0`, `deciding/0/reasons/1`, `nearMisses/2/reasons/0` (indexes into
   * `details.deciding`, `details.nearMisses` and their `reasons`).
   */
  readonly locations: LocationIndex;
  /** The source text of each deciding statement and near miss, keyed `deciding/0`, `nearMisses/1`. */
  readonly snippets: Readonly<Record<string, Snippet>>;
  readonly lines: readonly ExplanationLine[];
  /** The same as markdown, for hovers and the panel. */
  readonly markdown: string;
  /**
   * For a failing test (iamPolicy/runTests): the same markdown led by the why line (also for an allow: what granted)
   * and the fixes, then the verdict and the evidence; its first line is the one the Testing view lists.
   */
  readonly reasonFirstMarkdown?: string;
  /** The explainer's structured explanation (layers, deciding statements, near misses), spans in file offsets. */
  readonly details?: Explanation;
}

/** A diagnostic of the model or test file, for clients that show them outside the editor. */
export interface WireDiagnostic {
  readonly uri: string;
  readonly range: LspRange;
  readonly severity: Severity;
  readonly message: string;
  readonly code?: string;
}

export interface ModelPrincipalInfo {
  readonly arn: string;
  readonly kind: RequesterKind;
  readonly name: string;
  /** Empty for service principals. */
  readonly accountId: string;
  /** The principal in words, the same in every face: `alice (user, 111111111111)`, `ec2.amazonaws.com (service principal)`. */
  readonly label: string;
  /** Where it is declared in the model, when known. */
  readonly location?: SourceLocation;
}

export interface ModelContextKeyInfo {
  /** As written in the policies (`aws:SourceIp`, `aws:ResourceTag/team`). */
  readonly key: string;
  /** Catalog type (`String`, `IPAddress`, `ArrayOfString`, …) when the key is known. */
  readonly type?: string;
  readonly multiValued: boolean;
  readonly description?: string;
}

/** What a model knows, for the panel's pickers. */
export interface ModelEntities {
  readonly modelUri: string;
  readonly accounts: readonly string[];
  readonly principals: readonly ModelPrincipalInfo[];
  /** Resource ARNs listed in the model. */
  readonly resources: readonly string[];
  /** Actions (and action patterns) seen in the model's own policies (AWS managed ones left out), sorted. */
  readonly actions: readonly string[];
  /** Condition keys tested by the model's policies. */
  readonly contextKeys: readonly ModelContextKeyInfo[];
}

// ---------------------------------------------------------------------------------------------------------------
// iamPolicy/loadModel   client → server

export interface LoadModelParams {
  /** The `*.iam-model.json` file (or an authorization-details export). */
  readonly uri: string;
}

export interface ModelSummary extends ModelEntities {
  readonly diagnosticsCount: number;
  /** Errors among the diagnostics; a model with errors still loads what it can. */
  readonly errorCount: number;
  readonly diagnostics: readonly WireDiagnostic[];
}

export type LoadModelResult = ModelSummary;

// ---------------------------------------------------------------------------------------------------------------
// iamPolicy/evaluate   client → server

export interface EvaluateParams {
  /** The model to use; defaults to the current one (last loaded, else the `iamPolicy.model` setting). */
  readonly modelUri?: string;
  readonly request: EvaluationRequest;
}

export interface EvaluateResult {
  readonly modelUri: string;
  readonly result: EvaluationResult;
  readonly explanation: WireExplanation;
  readonly locations: LocationIndex;
  /**
   * Errors of the model in the parts this request depends on (the policies it evaluated, the principal's declaration
   * and its groups): the answer may be wrong until they are fixed. The CLI refuses such a model outright.
   */
  readonly modelProblems?: readonly WireDiagnostic[];
  /**
   * What the user should know of the request as typed, in sentences: a principal's ARN with another path than the
   * model's is asked as the model's principal; a principal the model does not have, with the closest it has.
   */
  readonly notes?: readonly string[];
}

// ---------------------------------------------------------------------------------------------------------------
// iamPolicy/whoCan   client → server

export interface WhoCanParams {
  readonly modelUri?: string;
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, ContextValue>>;
}

export interface WhoCanEntry {
  readonly principal: ModelPrincipalInfo;
  readonly decision: Decision;
  /** The statement that grants (allowed) or denies (explicitDeny), worded by the core: `statement S3 of DevelopersReadWrite (attached to group devs)`. */
  readonly via?: string;
  readonly viaLocation?: SourceLocation;
}

/** At most this many denied principals travel in a who-can answer: the panel shows the count and where denials come from. */
export const WHO_CAN_DENIED_LISTED = 500;

export interface WhoCanResult {
  readonly modelUri: string;
  readonly action: string;
  readonly resource: string;
  readonly allowed: readonly WhoCanEntry[];
  /** The denied principals, the explicitly denied first, at most WHO_CAN_DENIED_LISTED of them (see deniedCount). */
  readonly denied: readonly WhoCanEntry[];
  /** How many principals are denied in all (an organization's export holds tens of thousands). */
  readonly deniedCount: number;
  /** Problems with the request itself (an unknown action, a resource that is not an ARN…), in words; and, as before, `othersWhoCan`'s. */
  readonly problems?: readonly string[];
  /**
   * Callers beyond the principals listed, in words: anyone (a policy open to all), an account or principal outside the
   * model that a resource or trust policy lets in, an identity provider's token holders. Also in `problems`, where a
   * client that knows only that field finds them; a client that shows both leaves them out of its problems.
   */
  readonly othersWhoCan?: readonly string[];
}

// ---------------------------------------------------------------------------------------------------------------
// iamPolicy/listModelEntities   client → server

export interface ListModelEntitiesParams {
  readonly modelUri?: string;
}

export type ListModelEntitiesResult = ModelEntities;

// ---------------------------------------------------------------------------------------------------------------
// iamPolicy/runTests   client → server

export interface RunTestsParams {
  /** The `*.iam-test.json` file. The server reads the open document's text when it is open, else the file. */
  readonly uri: string;
  /** Run only these tests (by index in `tests`); all when omitted. */
  readonly indexes?: readonly number[];
}

export interface TestCaseResult {
  readonly index: number;
  readonly name: string;
  /** The test's object in the test file, for the Testing view's location and failure markers. */
  readonly location: SourceLocation;
  readonly expect: Decision;
  /** Undefined when the test could not run (bad input); then `error` says why. */
  readonly decision?: Decision;
  readonly pass: boolean;
  readonly error?: string;
  /** Milliseconds spent evaluating. */
  readonly durationMs: number;
  readonly result?: EvaluationResult;
  readonly explanation?: WireExplanation;
  readonly locations?: LocationIndex;
  /**
   * For a passing test on a model built from a template: the value the configuration leaves open that the deciding
   * statement (or one that nearly turned it) lists, so AWS may decide otherwise once deployed, one sentence each.
   */
  readonly problems?: readonly string[];
}

export interface RunTestsResult {
  readonly uri: string;
  readonly modelUri?: string;
  readonly results: readonly TestCaseResult[];
  readonly passed: number;
  /** Tests that ran and got another decision than they expect (as the command line's `test` counts them). */
  readonly failed: number;
  /** Tests that could not run: they name a principal or an action no request could carry. */
  readonly invalid: number;
  /** Problems with the test file or its model (unreadable, untrusted workspace, …); no results then. */
  readonly errors: readonly WireDiagnostic[];
}

// ---------------------------------------------------------------------------------------------------------------
// iamPolicy/modelStatus   server → client (notification); iamPolicy/getModelStatus client → server returns the same

export type ModelState = 'none' | 'loading' | 'loaded' | 'error' | 'untrusted';

export interface ModelStatus {
  readonly state: ModelState;
  readonly modelUri?: string;
  /** For `error` and `untrusted`: one sentence for the status bar / a notification. */
  readonly message?: string;
  readonly summary?: ModelSummary;
}

/** iamPolicy/getModelStatus takes no parameters. */
export type GetModelStatusParams = Record<string, never> | null | undefined;

// ---------------------------------------------------------------------------------------------------------------
// iamPolicy/replayActivity   client → server (docs/formats.md, replay; section 4 for how a record becomes a request)

export interface ReplayActivityParams {
  readonly modelUri?: string;
  /** CloudTrail log files or folders of them, as `file://` URIs. */
  readonly uris: readonly string[];
}

/** How a recorded call compares with today's decision: a regression is a success the model now denies. */
export type ReplayStatus = 'regression' | 'newlyAllowed' | 'stillAllowed' | 'stillDenied' | 'otherError';

export interface ReplayedRecord {
  /** The log file, and the record's zero-based index in it. */
  readonly uri: string;
  readonly index: number;
  readonly eventSource: string;
  readonly eventName: string;
  readonly eventTime?: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly recorded: 'allowed' | 'denied' | 'otherError';
  readonly errorCode?: string;
  readonly status: ReplayStatus;
  /** Today's decision; absent for `otherError` (not compared). */
  readonly decision?: Decision;
  /** For a change decided by another permission the call needs (a copy's read of its source): that permission. */
  readonly deniedAction?: string;
  readonly deniedResource?: string;
  /** For a change: today's decision as AWS would word it, and why in one line. */
  readonly summary?: string;
  readonly reason?: string;
  /** For the first changes: the whole explanation of today's decision, with fixes for a regression. */
  readonly explanation?: WireExplanation;
}

export interface ReplayActivityResult {
  readonly modelUri: string;
  /** What was replayed and whether any success would now be denied, worded by the core, one line each. */
  readonly headline: readonly string[];
  readonly files: number;
  readonly records: number;
  readonly evaluated: number;
  readonly regressions: number;
  readonly newlyAllowed: number;
  readonly stillAllowed: number;
  readonly stillDenied: number;
  readonly otherErrors: number;
  /** Every change, then unchanged records up to a bound, in log order. */
  readonly items: readonly ReplayedRecord[];
  /** Unchanged records not listed in `items` (the bound keeps the Testing view usable on a day of logs). */
  readonly notListed: number;
  /** Records that could not become a request, each with why (at most a few hundred; `unmappedCount` counts all). */
  readonly unmapped: readonly { readonly uri: string; readonly index: number; readonly event?: string; readonly reason: string }[];
  readonly unmappedCount: number;
  /** Files or folders that could not be read, one line each; the rest were replayed. */
  readonly fileErrors: readonly string[];
}

// ---------------------------------------------------------------------------------------------------------------
// iamPolicy/explainDenial   client → server (docs/formats.md, explain)

export interface ExplainDenialParams {
  readonly modelUri?: string;
  /** AWS's AccessDenied message, or CloudTrail JSON (a record, a log file, JSON lines). */
  readonly text: string;
}

export interface ExplainedDenial {
  /** Where the denial came from: `the message given:`, `record 3: s3.amazonaws.com GetObject at …`. */
  readonly label: string;
  /** What AWS reported, in one line (worded by the core). */
  readonly reported: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** Absent without a model (untrusted workspace, none loaded): then only the request is shown. */
  readonly decision?: Decision;
  readonly reproduced?: boolean;
  /** Whether the model reproduces the denial and, if not, which part of the model is out of date. */
  readonly verdict?: string;
  readonly explanation?: WireExplanation;
}

export interface ExplainDenialResult {
  readonly modelUri?: string;
  readonly denials: readonly ExplainedDenial[];
  /** Why the denials were not decided on a model (untrusted workspace, no model loaded). */
  readonly noModel?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// iamPolicy/generatePolicy   client → server (docs/formats.md, generate)

export interface GeneratePolicyParams {
  readonly modelUri?: string;
  /** A user or role of the model, by ARN or by its name where the model makes it unique. */
  readonly principal: string;
  /** CloudTrail log files or folders, as `file://` URIs. */
  readonly uris: readonly string[];
}

export interface GeneratePolicyResult {
  readonly modelUri: string;
  readonly principal: string;
  /** The generated policy document, formatted. */
  readonly policyText: string;
  /** True when every recorded success is allowed by the policy and the validator finds no warning. */
  readonly proofPassed: boolean;
  /** The report (what it was made from, the proof, unused access), worded by the core, one line each. */
  readonly report: readonly string[];
  /** Files or folders that could not be read (then nothing is generated: the logs would be incomplete). */
  readonly fileErrors: readonly string[];
}

// ---------------------------------------------------------------------------------------------------------------
// iamPolicy/diffAccess   client → server (docs/formats.md, diff)

export interface DiffAccessParams {
  readonly modelUri?: string;
  /** The policy file that changed (as it is now, open document included). */
  readonly uri: string;
  /** The version to compare with: a git revision of that file (`HEAD`), or another file's `file://` URI. */
  readonly base: string;
}

export interface WireAccessChange {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, ContextValue>>;
  /** New access: the statement that grants it. Lost access: why it is denied now. */
  readonly because: string;
  /** The change in one sentence, worded by the core (`… can now s3:GetObject on … : granted by …`). */
  readonly sentence: string;
  /** The granting statement, for new access. */
  readonly location?: SourceLocation;
}

export interface DiffAccessResult {
  readonly modelUri: string;
  /** `policies/app.json at HEAD`, or the base file's name. */
  readonly base: string;
  readonly newAccess: readonly WireAccessChange[];
  readonly lostAccess: readonly WireAccessChange[];
  readonly checked: {
    readonly principals: number;
    readonly actions: number;
    readonly resources: number;
    readonly contexts: number;
    readonly evaluations: number;
  };
  /** What was not compared when the work's bound cut it short. */
  readonly truncated?: string;
  /** The whole report as the command line prints it, one line each. */
  readonly report: readonly string[];
}

/** Error codes of rejected custom requests (in the JSON-RPC error's `code`). */
export const ErrorCodes = {
  /** Untrusted workspace: account models are not loaded. */
  untrusted: -32001,
  /** No model given and none loaded or configured. */
  noModel: -32002,
  /** The model or test file could not be read or parsed. */
  badInput: -32003,
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Catalog lookups (the simulator's action and resource fields): the catalog lives in the server, not in the client

/** client → server: complete an action typed so far (`s3:Get`, or a service prefix such as `ec`). */
export interface SuggestActionsParams {
  readonly text: string;
  /** The actions the chosen model's policies name; they come first. */
  readonly modelActions?: readonly string[];
}

/** One suggestion for a text field (actions, resources). */
export interface Suggestion {
  readonly value: string;
  readonly detail?: string;
}

export type SuggestActionsResult = readonly Suggestion[];

/** client → server: describe one action (`s3:GetObject`). */
export interface DescribeActionParams {
  readonly action: string;
}

/** What the catalog says about one action, for the resource field and the context keys. */
export interface ActionDescription {
  readonly action: string;
  /** True when the catalog knows the action. */
  readonly known: boolean;
  /** ARN formats of the resource types the action works on, partition `aws` (`arn:aws:s3:::${BucketName}/${ObjectName}`). */
  readonly resourceTemplates: readonly string[];
  /** True when the action supports no resource types (Resource must be `*`). */
  readonly wildcardOnly: boolean;
  /** Condition keys the action supports (its own and those of its resource types), with their types. */
  readonly conditionKeys: readonly ModelContextKeyInfo[];
}

export type DescribeActionResult = ActionDescription;
