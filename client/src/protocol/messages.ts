/**
 * Every message between the simulator panel (webview, `client/src/webview`) and its host (extension host,
 * `client/src/extension/simulatorPanel.ts`), declared once and imported by both sides.
 *
 * Shape: a discriminated union per direction on `type`. The panel asks with `request` messages that carry an `id`
 * and a `method`; the host answers each with exactly one `reply` carrying the same `id` (ok with a result, or not ok
 * with an error message: requests always settle). The panel sends `ready` once its script runs; the host sends
 * nothing before that (messages posted to a webview that is not listening yet are lost), then answers with `init`.
 *
 * The panel never evaluates anything: `evaluate` and `whoCan` go to the host, which forwards them to the language
 * server (server/src/lsp/protocol.ts), so the panel, the editor decorations and the CLI always agree.
 */
import type {
  ActionDescription,
  EvaluateParams,
  EvaluateResult,
  ModelContextKeyInfo,
  ModelEntities,
  ModelStatus,
  ModelSummary,
  SourceLocation,
  WhoCanParams,
  WhoCanResult,
  Suggestion,
  WireDiagnostic,
} from '../../../server/src/lsp/protocol';
import type { ContextValue, Decision } from '../../../server/src/iam/evaluator';

export type {
  ActionDescription,
  EvaluateParams,
  EvaluateResult,
  ModelContextKeyInfo,
  ModelEntities,
  ModelStatus,
  ModelSummary,
  SourceLocation,
  WhoCanParams,
  WhoCanResult,
  Suggestion,
  WireDiagnostic,
  ContextValue,
  Decision,
};
export type { ExplanationLine, LocationIndex, ModelPrincipalInfo, Snippet, WhoCanEntry, WireExplanation, WireFix } from '../../../server/src/lsp/protocol';
export type { Explanation, ExplainedReason, ExplainedStatement } from '../../../server/src/iam/explain';
import type { WireFix } from '../../../server/src/lsp/protocol';
export type { EvaluationResult, LayerTrace, StatementTrace, ElementMatch, ConditionTrace, LayerKind, LayerOutcome } from '../../../server/src/iam/evaluator';

/** An account model the panel can choose: found in the workspace, or named by the `iamPolicy.model` setting. */
export interface ModelChoice {
  readonly uri: string;
  /** Workspace-relative path, for display. */
  readonly label: string;
  /** True for the model the `iamPolicy.model` setting names. */
  readonly configured: boolean;
}

/** A request as the panel holds it; `context` values are strings or lists of strings. */
export interface PanelTestCase {
  readonly name: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, ContextValue>>;
  readonly expect: Decision;
}

/** The server's answer as the panel gets it: the explanation carries the statements' text and the fixes. */
export type EvaluateReply = EvaluateResult;

/** The panel's requests: method → params and result. */
export interface PanelRequests {
  /** Models found in the workspace, and the one to start with. */
  listModels: { params: Record<string, never>; result: { models: readonly ModelChoice[]; current?: string } };
  /** Loads a model in the server and returns what it holds, for the pickers. */
  loadModel: { params: { uri: string }; result: ModelSummary };
  /** Actions starting with the text typed so far (catalog plus the model's own). */
  suggestActions: { params: { text: string; modelUri?: string }; result: readonly Suggestion[] };
  describeAction: { params: { action: string }; result: ActionDescription };
  evaluate: { params: EvaluateParams; result: EvaluateReply };
  whoCan: { params: WhoCanParams; result: WhoCanResult };
  /** Appends the request as a test to a `*.iam-test.json` file next to the model (asking the user which, if several). */
  saveTest: { params: { modelUri: string; test: PanelTestCase }; result: { uri: string; label: string; index: number } | null };
  /** Applies an `edit` fix as one undoable workspace edit, saves the files it touched; the panel then runs again. */
  applyFix: { params: { fix: WireFix; modelUri: string }; result: { applied: boolean } };
}

export type PanelMethod = keyof PanelRequests;
export type ParamsOf<M extends PanelMethod> = PanelRequests[M]['params'];
export type ResultOf<M extends PanelMethod> = PanelRequests[M]['result'];

/** A request from the panel, correlated with its reply by `id`. */
export type PanelRequest = {
  [M in PanelMethod]: { readonly type: 'request'; readonly id: number; readonly method: M; readonly params: ParamsOf<M> };
}[PanelMethod];

// ---------------------------------------------------------------------------------------------------------------
// panel → host

export type WebviewToHost =
  /** Sent once the panel's script runs and listens; the host answers with `init`. */
  | { readonly type: 'ready' }
  | PanelRequest
  /** A file reference was clicked: open the editor at that range. */
  | { readonly type: 'openLocation'; readonly location: SourceLocation };

// ---------------------------------------------------------------------------------------------------------------
// host → panel

/** A request to fill in (and maybe run) the form: from a CodeLens, the `who can` command, or the host. */
export interface Prefill {
  readonly mode?: 'simulate' | 'whoCan';
  readonly principal?: string;
  readonly action?: string;
  readonly resource?: string;
  readonly context?: Readonly<Record<string, ContextValue>>;
  readonly run?: boolean;
}

export type HostToWebview =
  | {
      readonly type: 'init';
      /** False in an untrusted workspace: models are not loaded, the panel says so. */
      readonly trusted: boolean;
      readonly models: readonly ModelChoice[];
      readonly current?: string;
      readonly prefill?: Prefill;
    }
  | { readonly type: 'reply'; readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly type: 'reply'; readonly id: number; readonly ok: false; readonly error: string }
  | { readonly type: 'modelStatus'; readonly status: ModelStatus }
  | { readonly type: 'prefill'; readonly prefill: Prefill };

export type HostToWebviewType = HostToWebview['type'];

/** The reply message for a request, built by the host; the panel narrows `result` by the request's method. */
export function okReply<M extends PanelMethod>(id: number, result: ResultOf<M>): HostToWebview {
  return { type: 'reply', id, ok: true, result };
}

export function errorReply(id: number, error: string): HostToWebview {
  return { type: 'reply', id, ok: false, error };
}

/** Narrows an unknown value (from `onDidReceiveMessage`) to a panel message; anything else is ignored by the host. */
export function isWebviewToHost(value: unknown): value is WebviewToHost {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  if (type === 'ready') return true;
  if (type === 'openLocation') return isSourceLocation((value as { location?: unknown }).location);
  if (type === 'request') {
    const v = value as { id?: unknown; method?: unknown; params?: unknown };
    if (typeof v.id !== 'number' || typeof v.method !== 'string' || !PANEL_METHODS.includes(v.method as PanelMethod)) return false;
    if (typeof v.params !== 'object' || v.params === null) return false;
    // The requests that name a file or write one are checked field by field; the others are read-only lookups.
    const params = v.params as Record<string, unknown>;
    if (v.method === 'loadModel') return typeof params.uri === 'string';
    if (v.method === 'saveTest') return typeof params.modelUri === 'string' && isPanelTestCase(params.test);
    return true;
  }
  return false;
}

function isPanelTestCase(value: unknown): value is PanelTestCase {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Record<string, unknown>;
  const strings = ['name', 'principal', 'action', 'resource', 'expect'].every((k) => typeof t[k] === 'string');
  return strings && (t.context === undefined || (typeof t.context === 'object' && t.context !== null && !Array.isArray(t.context)));
}

/**
 * A location as the host hands them out: a `file:` URI and a range of non-negative line and character numbers. The
 * host still checks that the file is one of the workspace or the model before it opens anything (the webview is
 * not trusted to name files).
 */
export function isSourceLocation(value: unknown): value is SourceLocation {
  if (typeof value !== 'object' || value === null) return false;
  const { uri, range } = value as { uri?: unknown; range?: unknown };
  if (typeof uri !== 'string' || uri.length > 4096 || !uri.startsWith('file:')) return false;
  if (typeof range !== 'object' || range === null) return false;
  const { start, end } = range as { start?: unknown; end?: unknown };
  return isPosition(start) && isPosition(end);
}

function isPosition(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { line, character } = value as { line?: unknown; character?: unknown };
  return Number.isSafeInteger(line) && Number.isSafeInteger(character) && (line as number) >= 0 && (character as number) >= 0;
}

export const PANEL_METHODS: readonly PanelMethod[] = [
  'listModels',
  'loadModel',
  'suggestActions',
  'describeAction',
  'evaluate',
  'whoCan',
  'saveTest',
  'applyFix',
];
