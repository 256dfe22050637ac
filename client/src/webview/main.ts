/**
 * The simulator panel's entry point. It owns the state (see state.ts), renders it, persists it with `setState`, and
 * talks to the host only through vscodeApi.ts. It never evaluates: Run asks the host, which asks the language server.
 */
import type { HostToWebview, Prefill, SourceLocation, WireFix } from '../protocol/messages';
import { buildContext, missingInput, reduce, revive, toTestCase, type HistoryEntry, type PanelAction, type PanelState } from './state';
import { host, settleReply } from './vscodeApi';
import { h, replaceChildren } from './view/dom';
import { controlShape, keyInfo, renderForm, updateLive, valueControl, type FormHandlers } from './view/form';
import { renderModelProblems } from './view/modelProblems';
import { renderResult } from './view/result';

let state: PanelState = revive(host.getState());

const formElement = h('form', { id: 'request', 'aria-label': 'Request', novalidate: true });
const resultElement = h('section', { id: 'result', 'aria-label': 'Result', 'aria-live': 'polite' });
const noticeElement = h('div', { id: 'notice', role: 'status', class: 'muted' });
const problemsElement = h('section', { id: 'model-problems', class: 'errors', 'aria-label': 'Problems in the model' });
const actionList = h('datalist', { id: 'action-suggestions' });
const resourceList = h('datalist', { id: 'resource-suggestions' });
const keyList = h('datalist', { id: 'key-suggestions' });

const openLocation = (location: SourceLocation): void => host.post({ type: 'openLocation', location });

function render(): void {
  replaceChildren(problemsElement, renderModelProblems(state.modelProblems, openLocation));
  problemsElement.hidden = !state.modelProblems || state.modelProblems.length === 0;
  replaceChildren(formElement, renderForm(state, handlers));
  updateLive(state);
  replaceChildren(resultElement, renderResult(state, { open: openLocation, applyFix: (fix) => void applyFix(fix) }));
  noticeElement.textContent = state.notice ?? '';
}

function dispatch(action: PanelAction, rerender = true): void {
  state = reduce(state, action);
  host.setState(state);
  if (rerender) render();
  else updateLive(state);
}

/** Swaps a context row's value control when the key typed so far has another type (true/false, number, list…). */
function keyTyped(index: number): void {
  const row = formElement.querySelectorAll('.ctx-row')[index];
  const current = row?.querySelector<HTMLElement>('.ctx-value');
  const entry = state.form.context[index];
  if (!row || !current || !entry || current.dataset['shape'] === controlShape(state, entry.key)) return;
  current.replaceWith(valueControl(state, index, entry.key, entry.value, handlers));
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function loadModel(uri: string): Promise<void> {
  try {
    const entities = await host.request('loadModel', { uri });
    if (state.modelUri === uri) dispatch({ type: 'modelLoaded', entities });
  } catch (error) {
    if (state.modelUri === uri) dispatch({ type: 'modelFailed', error: message(error) });
  }
}

let suggestTimer: ReturnType<typeof setTimeout> | undefined;
let describedAction = '';

/** Suggestions and the action's description follow typing, a little behind it so fast typing sends few requests. */
function actionTyped(text: string): void {
  if (suggestTimer) clearTimeout(suggestTimer);
  suggestTimer = setTimeout(() => void refreshAction(text), 150);
}

async function refreshAction(text: string): Promise<void> {
  const params = state.modelUri ? { text, modelUri: state.modelUri } : { text };
  try {
    const suggestions = await host.request('suggestActions', params);
    actionList.replaceChildren(...suggestions.map((s) => h('option', { value: s.value }, s.detail ?? '')));
  } catch {
    // Suggestions are a convenience; the field works without them.
  }
  const action = text.trim();
  if (/^[A-Za-z0-9-]+:[A-Za-z0-9]+$/.test(action) && action.toLowerCase() !== describedAction) {
    describedAction = action.toLowerCase();
    try {
      dispatch({ type: 'actionDescribed', info: await host.request('describeAction', { action }) }, false);
    } catch {
      // Same: without a description the resource field simply offers no ARN formats.
    }
  }
}

async function run(): Promise<void> {
  if (state.busy || missingInput(state) !== undefined || !state.modelUri) return;
  const modelUri = state.modelUri;
  const context = buildContext(state.form.context, (key) => keyInfo(state, key)?.multiValued ?? false);
  const { principal, action, resource } = state.form;
  dispatch({ type: 'runStarted' });
  try {
    if (state.mode === 'simulate') {
      const reply = await host.request('evaluate', {
        modelUri,
        request: { principal: principal.trim(), action: action.trim(), resource: resource.trim(), context },
      });
      dispatch({ type: 'evaluated', reply });
    } else {
      const reply = await host.request('whoCan', { modelUri, action: action.trim(), resource: resource.trim(), context });
      dispatch({ type: 'whoCanDone', reply });
    }
  } catch (error) {
    dispatch({ type: 'runFailed', error: message(error) });
  }
}

/**
 * A fix button: a context fix changes the request in the form, an edit fix is applied by the host in its file (one
 * undoable edit), and an edit fix with context (two changes that only together change the decision) does both;
 * either way the request runs again, so the user sees the decision change.
 */
async function applyFix(fix: WireFix): Promise<void> {
  if (state.busy) return;
  if (fix.kind === 'context') {
    dispatch({ type: 'mergeContext', values: fix.context });
    await run();
    return;
  }
  try {
    if (!state.modelUri) return;
    const { applied } = await host.request('applyFix', { fix, modelUri: state.modelUri });
    if (!applied) {
      dispatch({ type: 'notice', text: 'The edit could not be applied (the file changed?). Run again to get fresh fixes.' });
      return;
    }
  } catch (error) {
    dispatch({ type: 'notice', text: `Could not apply the edit: ${message(error)}` });
    return;
  }
  if (Object.keys(fix.context).length > 0) dispatch({ type: 'mergeContext', values: fix.context });
  await run();
  // After the run, which clears the status line: say what changed and how to take it back.
  dispatch({ type: 'notice', text: `Applied: ${fix.title}. Undo in the editor takes it back.` });
}

async function saveTest(): Promise<void> {
  const context = buildContext(state.form.context, (key) => keyInfo(state, key)?.multiValued ?? false);
  const test = toTestCase(state, context);
  if (!test || !state.modelUri) return;
  try {
    const saved = await host.request('saveTest', { modelUri: state.modelUri, test });
    dispatch({ type: 'notice', text: saved ? `Saved as test ${saved.index + 1} in ${saved.label}.` : 'Not saved.' });
  } catch (error) {
    dispatch({ type: 'notice', text: `Could not save the test: ${message(error)}` });
  }
}

const handlers: FormHandlers = {
  dispatch,
  selectModel(uri) {
    dispatch({ type: 'selectModel', uri });
    void loadModel(uri);
  },
  actionTyped,
  keyTyped,
  run: () => void run(),
  saveTest: () => void saveTest(),
  refreshModels() {
    void (async () => {
      try {
        const { models, current } = await host.request('listModels', {});
        dispatch({ type: 'init', trusted: state.trusted, models, ...(current ? { current } : {}) });
        if (state.modelUri && state.trusted) void loadModel(state.modelUri);
      } catch (error) {
        dispatch({ type: 'notice', text: `Could not list models: ${message(error)}` });
      }
    })();
  },
  rerun(entry: HistoryEntry) {
    dispatch({ type: 'restore', entry });
    void run();
  },
};

function applyPrefill(prefill: Prefill): void {
  dispatch({ type: 'prefill', prefill });
  if (prefill.action) actionTyped(prefill.action);
  if (prefill.run) void run();
}

function onMessage(data: HostToWebview): void {
  if (settleReply(data)) return;
  switch (data.type) {
    case 'init': {
      dispatch({ type: 'init', trusted: data.trusted, models: data.models, ...(data.current ? { current: data.current } : {}) });
      // Load (or, after a reload, refresh) the model: its files may have changed while the panel was away.
      if (state.modelUri && state.trusted) void loadModel(state.modelUri);
      if (state.form.action) actionTyped(state.form.action);
      if (data.prefill) applyPrefill(data.prefill);
      return;
    }
    case 'modelStatus': {
      // The server (re)loaded the current model, e.g. its files changed: refresh the pickers from the summary it
      // carries. Never ask again here: a load request itself makes the server send this notification.
      const { status } = data;
      if (status.modelUri !== state.modelUri) return;
      if (status.state === 'loaded' && status.summary) dispatch({ type: 'modelLoaded', entities: status.summary });
      else if (status.state === 'error') dispatch({ type: 'modelFailed', error: status.message ?? 'The model could not be loaded.' });
      return;
    }
    case 'prefill':
      applyPrefill(data.prefill);
      return;
    case 'reply':
      return;
  }
}

function start(): void {
  const root = document.getElementById('app') ?? document.body;
  formElement.addEventListener('submit', (e) => {
    e.preventDefault();
    void run();
  });
  // Ctrl+Enter (Cmd+Enter on macOS) runs from anywhere in the panel, like in VS Code's own input boxes.
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void run();
    }
  });
  root.replaceChildren(
    h('header', {}, h('h1', {}, 'IAM Policy Simulator')),
    problemsElement,
    h('main', { class: 'columns' }, h('div', { class: 'request-column' }, formElement, noticeElement), resultElement),
    actionList,
    resourceList,
    keyList,
  );
  window.addEventListener('message', (event: MessageEvent<HostToWebview>) => onMessage(event.data));
  render();
  host.post({ type: 'ready' });
}

start();
