/**
 * The panel's state and its one pure reducer. No DOM here: unit tests drive it directly, and the whole state is what
 * the panel saves with `setState`, so a reload (or VS Code restart, through the serializer) shows the same panel.
 */
import type {
  ActionDescription,
  ContextValue,
  EvaluateReply,
  ModelChoice,
  ModelEntities,
  PanelTestCase,
  WireDiagnostic,
  Prefill,
  WhoCanResult,
} from '../protocol/messages';

export type Mode = 'simulate' | 'whoCan';

export interface ContextRow {
  readonly key: string;
  /** As typed; for multi-valued keys, values are separated by commas. */
  readonly value: string;
}

export interface FormState {
  /** As picked or typed: an ARN, a name the model makes unique, or a role session as ROLE/SESSION. */
  readonly principal: string;
  /** The principal is typed (a role session or an ARN the model does not list), not picked from the model's. */
  readonly principalTyped?: boolean;
  readonly action: string;
  readonly resource: string;
  readonly context: readonly ContextRow[];
}

export type RunResult = { readonly kind: 'evaluate'; readonly reply: EvaluateReply } | { readonly kind: 'whoCan'; readonly reply: WhoCanResult };

export interface HistoryEntry {
  readonly mode: Mode;
  readonly form: FormState;
  /** One-line outcome, for the list (`explicitDeny`, `2 allowed`). */
  readonly outcome: string;
}

export interface PanelState {
  readonly version: 1;
  readonly trusted: boolean;
  readonly models: readonly ModelChoice[];
  readonly modelUri?: string;
  readonly entities?: ModelEntities;
  readonly modelError?: string;
  /** The loaded model's errors and warnings, shown at the top of the panel until they are fixed. */
  readonly modelProblems?: readonly WireDiagnostic[];
  readonly mode: Mode;
  readonly form: FormState;
  readonly actionInfo?: ActionDescription;
  readonly busy: boolean;
  readonly result?: RunResult;
  readonly error?: string;
  /** A short message in the status line (`Saved as test 3 in …`). */
  readonly notice?: string;
  readonly history: readonly HistoryEntry[];
}

export type PanelAction =
  | { readonly type: 'init'; readonly trusted: boolean; readonly models: readonly ModelChoice[]; readonly current?: string }
  | { readonly type: 'selectModel'; readonly uri: string }
  | { readonly type: 'modelLoaded'; readonly entities: ModelEntities & { readonly diagnostics?: readonly WireDiagnostic[] } }
  | { readonly type: 'modelFailed'; readonly error: string }
  | { readonly type: 'setMode'; readonly mode: Mode }
  | { readonly type: 'setField'; readonly field: 'principal' | 'action' | 'resource'; readonly value: string }
  /** A principal picked from the model's list, or `typed` to type one (a role session, an ARN) instead. */
  | { readonly type: 'pickPrincipal'; readonly principal: string }
  | { readonly type: 'typePrincipal' }
  | { readonly type: 'setContextKey'; readonly index: number; readonly key: string }
  | { readonly type: 'setContextValue'; readonly index: number; readonly value: string }
  | { readonly type: 'addContext'; readonly keys: readonly string[] }
  | { readonly type: 'removeContext'; readonly index: number }
  /** Sets these context keys (a fix's context), replacing rows with the same key and adding the others. */
  | { readonly type: 'mergeContext'; readonly values: Readonly<Record<string, ContextValue>> }
  | { readonly type: 'actionDescribed'; readonly info: ActionDescription }
  | { readonly type: 'runStarted' }
  | { readonly type: 'evaluated'; readonly reply: EvaluateReply }
  | { readonly type: 'whoCanDone'; readonly reply: WhoCanResult }
  | { readonly type: 'runFailed'; readonly error: string }
  | { readonly type: 'prefill'; readonly prefill: Prefill }
  | { readonly type: 'restore'; readonly entry: HistoryEntry }
  | { readonly type: 'notice'; readonly text: string | undefined };

const HISTORY_LIMIT = 10;

export function initialState(): PanelState {
  return {
    version: 1,
    trusted: true,
    models: [],
    mode: 'simulate',
    form: { principal: '', action: '', resource: '', context: [] },
    busy: false,
    history: [],
  };
}

/** Accepts a state saved by an earlier panel, or starts afresh when it is missing or from another version. */
export function revive(saved: unknown): PanelState {
  if (typeof saved === 'object' && saved !== null && (saved as { version?: unknown }).version === 1) {
    // A run in flight when the panel was hidden or reloaded will never be answered: drop the busy flag.
    return { ...(saved as PanelState), busy: false };
  }
  return initialState();
}

function without<T extends object, K extends keyof T>(value: T, ...keys: K[]): Omit<T, K> {
  const copy = { ...value };
  for (const key of keys) delete copy[key];
  return copy;
}

function contextFromValues(values: Readonly<Record<string, ContextValue>>): ContextRow[] {
  return Object.entries(values).map(([key, value]) => ({ key, value: typeof value === 'string' ? value : value.join(', ') }));
}

export function reduce(state: PanelState, action: PanelAction): PanelState {
  switch (action.type) {
    case 'init': {
      const keep = state.modelUri && action.models.some((m) => m.uri === state.modelUri) ? state.modelUri : undefined;
      const modelUri = keep ?? action.current ?? action.models[0]?.uri;
      const base = { ...state, trusted: action.trusted, models: action.models };
      return modelUri === undefined ? without(base, 'modelUri') : { ...base, modelUri };
    }
    case 'selectModel':
      return { ...without(state, 'entities', 'modelError', 'modelProblems', 'result', 'error'), modelUri: action.uri };
    case 'modelLoaded': {
      const problems = (action.entities.diagnostics ?? []).filter((d) => d.severity === 'error' || d.severity === 'warning');
      const { diagnostics, ...entities } = action.entities;
      void diagnostics;
      return { ...without(state, 'modelError', 'modelProblems'), entities, ...(problems.length > 0 ? { modelProblems: problems } : {}) };
    }
    case 'modelFailed':
      return { ...without(state, 'entities', 'modelProblems'), modelError: action.error };
    case 'setMode':
      return { ...without(state, 'result', 'error'), mode: action.mode };
    case 'setField':
      return { ...state, form: { ...state.form, [action.field]: action.value } };
    case 'pickPrincipal':
      return { ...state, form: { ...without(state.form, 'principalTyped'), principal: action.principal } };
    case 'typePrincipal': {
      // What was typed before stays; a principal picked from the list is the start of nothing typed.
      const listed = state.entities?.principals.some((p) => p.arn === state.form.principal) ?? false;
      return { ...state, form: { ...state.form, principal: listed ? '' : state.form.principal, principalTyped: true } };
    }
    case 'setContextKey':
    case 'setContextValue': {
      const context = state.form.context.map((row, i) =>
        i !== action.index ? row : action.type === 'setContextKey' ? { ...row, key: action.key } : { ...row, value: action.value },
      );
      return { ...state, form: { ...state.form, context } };
    }
    case 'addContext': {
      const present = new Set(state.form.context.map((row) => row.key.toLowerCase()));
      const added = action.keys.length === 0 ? [''] : action.keys.filter((k) => !present.has(k.toLowerCase()));
      return { ...state, form: { ...state.form, context: [...state.form.context, ...added.map((key) => ({ key, value: '' }))] } };
    }
    case 'mergeContext': {
      const rows = contextFromValues(action.values);
      const replaced = new Set(rows.map((row) => row.key.toLowerCase()));
      const kept = state.form.context.filter((row) => !replaced.has(row.key.trim().toLowerCase()));
      return { ...state, form: { ...state.form, context: [...kept, ...rows] } };
    }
    case 'removeContext':
      return { ...state, form: { ...state.form, context: state.form.context.filter((_, i) => i !== action.index) } };
    case 'actionDescribed':
      return { ...state, actionInfo: action.info };
    case 'runStarted':
      return { ...without(state, 'error', 'notice'), busy: true };
    case 'evaluated':
      return remember({ ...without(state, 'error'), busy: false, result: { kind: 'evaluate', reply: action.reply } }, action.reply.result.decision);
    case 'whoCanDone':
      return remember({ ...without(state, 'error'), busy: false, result: { kind: 'whoCan', reply: action.reply } }, `${action.reply.allowed.length} allowed`);
    case 'runFailed':
      return { ...without(state, 'result'), busy: false, error: action.error };
    case 'prefill': {
      const p = action.prefill;
      const form: FormState = {
        principal: p.principal ?? state.form.principal,
        action: p.action ?? state.form.action,
        resource: p.resource ?? state.form.resource,
        context: p.context ? contextFromValues(p.context) : state.form.context,
      };
      return { ...without(state, 'result', 'error'), mode: p.mode ?? state.mode, form };
    }
    case 'restore':
      return { ...without(state, 'result', 'error'), mode: action.entry.mode, form: action.entry.form };
    case 'notice':
      return action.text === undefined ? without(state, 'notice') : { ...state, notice: action.text };
  }
}

function remember(state: PanelState, outcome: string): PanelState {
  const entry: HistoryEntry = { mode: state.mode, form: state.form, outcome };
  const same = (h: HistoryEntry): boolean => JSON.stringify([h.mode, h.form]) === JSON.stringify([entry.mode, entry.form]);
  return { ...state, history: [entry, ...state.history.filter((h) => !same(h))].slice(0, HISTORY_LIMIT) };
}

/** Multi-valued keys (ArrayOf* types) take comma-separated values; a key left empty is not sent. */
export function buildContext(rows: readonly ContextRow[], isMultiValued: (key: string) => boolean): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  for (const row of rows) {
    const key = row.key.trim();
    if (key === '') continue;
    const value = row.value.trim();
    // Left empty (a prefilled key the user did not fill): the request does not carry the key at all.
    if (value === '') continue;
    context[key] = isMultiValued(key)
      ? value
          .split(',')
          .map((v) => v.trim())
          .filter((v) => v !== '')
      : value;
  }
  return context;
}

/** Why the form cannot run yet, or undefined when it can. */
export function missingInput(state: PanelState): string | undefined {
  if (!state.trusted) return 'This workspace is not trusted: account models are not loaded.';
  if (!state.modelUri) return 'Choose an account model first.';
  if (state.mode === 'simulate' && state.form.principal.trim() === '') {
    return state.form.principalTyped ? "Type a role session as ROLE/SESSION, or a principal's ARN." : 'Choose a principal.';
  }
  if (state.form.action.trim() === '') return 'Type an action, e.g. s3:GetObject.';
  if (state.form.resource.trim() === '') return 'Type or pick a resource ARN (or *).';
  return undefined;
}

/** The last run as a test case for a `*.iam-test.json` file. */
export function toTestCase(state: PanelState, context: Readonly<Record<string, ContextValue>>): PanelTestCase | undefined {
  if (state.result?.kind !== 'evaluate') return undefined;
  const { request, decision } = state.result.reply.result;
  const principalName = state.entities?.principals.find((p) => p.arn === request.principal)?.name ?? request.principal;
  const name = `${principalName} ${decision === 'allowed' ? 'can' : 'cannot'} ${request.action} on ${request.resource}`;
  const test: PanelTestCase = { name, principal: request.principal, action: request.action, resource: request.resource, expect: decision };
  return Object.keys(context).length > 0 ? { ...test, context } : test;
}
