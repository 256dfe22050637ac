/** The request form: model, principal, action, resource, context, and the buttons. */
import type { ModelContextKeyInfo } from '../../protocol/messages';
import { missingInput, type HistoryEntry, type PanelAction, type PanelState } from '../state';
import { h, type Child } from './dom';

export interface FormHandlers {
  /** `render: false` for keystrokes: the input already shows the value, re-rendering would only disturb typing. */
  dispatch(action: PanelAction, render?: boolean): void;
  selectModel(uri: string): void;
  actionTyped(text: string): void;
  run(): void;
  saveTest(): void;
  rerun(entry: HistoryEntry): void;
  refreshModels(): void;
  /** A context key was typed: its value control may need another shape. */
  keyTyped(index: number): void;
}

/** Every key the panel knows a type for: the model's policies first, then the action's own keys from the catalog. */
export function knownKeys(state: PanelState): ModelContextKeyInfo[] {
  const byName = new Map<string, ModelContextKeyInfo>();
  for (const info of [...(state.entities?.contextKeys ?? []), ...(state.actionInfo?.conditionKeys ?? [])]) {
    if (!byName.has(info.key.toLowerCase())) byName.set(info.key.toLowerCase(), info);
  }
  return [...byName.values()];
}

export function keyInfo(state: PanelState, key: string): ModelContextKeyInfo | undefined {
  return knownKeys(state).find((k) => k.key.toLowerCase() === key.trim().toLowerCase());
}

function field(label: string, id: string, control: HTMLElement, hint?: Child): HTMLElement {
  return h('div', { class: 'field' }, h('label', { for: id }, label), h('div', { class: 'control' }, control, hint));
}

function modelField(state: PanelState, on: FormHandlers): HTMLElement {
  if (state.models.length === 0) {
    return field('Model', 'model', h('span', { id: 'model', class: 'muted' }, 'No *.iam-model.json file in this workspace.'));
  }
  const select = h(
    'select',
    { id: 'model', 'data-focus': 'model', onchange: (e) => on.selectModel((e.target as HTMLSelectElement).value) },
    ...state.models.map((m) => h('option', { value: m.uri, selected: m.uri === state.modelUri }, m.configured ? `${m.label} (setting)` : m.label)),
  );
  const status = state.modelError
    ? h('div', { class: 'error', role: 'alert' }, state.modelError)
    : state.entities
      ? h('div', { class: 'muted' }, `${count(state.entities.principals.length, 'principal')}, ${count(state.entities.resources.length, 'resource')}`)
      : h('div', { class: 'muted' }, 'Loading…');
  const refresh = h(
    'button',
    {
      type: 'button',
      class: 'icon',
      id: 'refresh-models',
      'data-focus': 'refresh-models',
      title: 'Find models again',
      'aria-label': 'Find models again',
      onclick: () => on.refreshModels(),
    },
    '↻',
  );
  return field('Model', 'model', h('div', { class: 'model-row' }, select, refresh), status);
}

/** The select's entry that turns the picker into a text field. */
const TYPED = 'typed';

/**
 * The model's principals to pick from, or, with "Other", one typed: a role session (`Dev/alice`, or its
 * `arn:aws:sts::…:assumed-role/Dev/alice` ARN) or any principal's ARN. The server reads a typed principal as the
 * command line, test files and who-can do (the core's principalArn).
 */
function principalField(state: PanelState, on: FormHandlers): HTMLElement {
  const principals = state.entities?.principals ?? [];
  const current = state.form.principal;
  // A principal set by a test or CodeLens that the model does not list shows as typed, so nothing is silently replaced.
  const typed = state.form.principalTyped === true || (current !== '' && !principals.some((p) => p.arn === current));
  const options = principals.map((p) => h('option', { value: p.arn, selected: !typed && p.arn === current }, p.label));
  const select = h(
    'select',
    {
      id: 'principal',
      'data-focus': 'principal',
      onchange: (e) => {
        const value = (e.target as HTMLSelectElement).value;
        on.dispatch(value === TYPED ? { type: 'typePrincipal' } : { type: 'pickPrincipal', principal: value });
        if (value === TYPED) document.getElementById('principal-typed')?.focus();
      },
    },
    h('option', { value: '', selected: !typed && current === '' }, '— choose a principal —'),
    ...options,
    h('option', { value: TYPED, selected: typed }, 'Other: a role session or ARN…'),
  );
  if (!typed) return field('Principal', 'principal', select);
  const role = principals.find((p) => p.kind === 'role');
  const input = h('input', {
    id: 'principal-typed',
    'data-focus': 'principal-typed',
    type: 'text',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-label': 'Principal, typed',
    placeholder: role ? `${role.name}/session-name or arn:aws:sts::${role.accountId}:assumed-role/${role.name}/session-name` : 'ROLE/SESSION or an ARN',
    value: current,
    oninput: (e) => on.dispatch({ type: 'setField', field: 'principal', value: (e.target as HTMLInputElement).value }, false),
  });
  const hint = h(
    'div',
    { class: 'muted', id: 'principal-hint' },
    "A role session as ROLE/SESSION (the role's name, then the session's), or any principal's ARN.",
  );
  return field('Principal', 'principal', h('div', { class: 'principal-typed' }, select, input), hint);
}

function actionField(state: PanelState, on: FormHandlers): HTMLElement {
  const input = h('input', {
    id: 'action',
    'data-focus': 'action',
    type: 'text',
    list: 'action-suggestions',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: 's3:GetObject',
    value: state.form.action,
    oninput: (e) => {
      const value = (e.target as HTMLInputElement).value;
      on.dispatch({ type: 'setField', field: 'action', value }, false);
      on.actionTyped(value);
    },
  });
  return field('Action', 'action', input, h('div', { class: 'warning', id: 'action-hint' }, actionHint(state)));
}

function resourceField(state: PanelState, on: FormHandlers): HTMLElement {
  const input = h('input', {
    id: 'resource',
    'data-focus': 'resource',
    type: 'text',
    list: 'resource-suggestions',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: 'arn:aws:s3:::bucket/key',
    value: state.form.resource,
    oninput: (e) => on.dispatch({ type: 'setField', field: 'resource', value: (e.target as HTMLInputElement).value }, false),
  });
  return field('Resource', 'resource', input, h('div', { class: 'muted', id: 'resource-hint' }, resourceHint(state)));
}

function actionHint(state: PanelState): string {
  const info = state.actionInfo;
  return info && info.action.toLowerCase() === state.form.action.trim().toLowerCase() && !info.known ? `The catalog does not know ${info.action}.` : '';
}

function resourceHint(state: PanelState): string {
  return state.actionInfo?.wildcardOnly ? `${state.actionInfo.action} takes no resource: use *.` : '';
}

/** The shape a value control takes for a key's type; a key whose shape changes gets a new control. */
export function controlShape(state: PanelState, key: string): string {
  const type = keyInfo(state, key)?.type ?? '';
  return type === 'Bool' ? 'bool' : type === 'Numeric' ? 'number' : type.startsWith('ArrayOf') ? 'list' : `text:${type}`;
}

export function valueControl(state: PanelState, index: number, key: string, value: string, on: FormHandlers): HTMLElement {
  const type = keyInfo(state, key)?.type ?? '';
  const common = {
    'aria-label': `value of ${key || 'context key'}`,
    'data-focus': `ctx-value-${index}`,
    'data-shape': controlShape(state, key),
    class: 'ctx-value',
  };
  const set = (v: string, render?: boolean): void => on.dispatch({ type: 'setContextValue', index, value: v }, render);
  if (type === 'Bool') {
    return h(
      'select',
      { ...common, onchange: (e) => set((e.target as HTMLSelectElement).value) },
      ...['', 'true', 'false'].map((v) => h('option', { value: v, selected: v === value }, v === '' ? '—' : v)),
    );
  }
  const placeholder: Record<string, string> = {
    IPAddress: '203.0.113.9',
    Date: '2026-01-31T12:00:00Z',
    Numeric: '42',
    ARN: 'arn:aws:…',
    String: 'value',
  };
  return h('input', {
    ...common,
    type: type === 'Numeric' ? 'number' : 'text',
    spellcheck: 'false',
    value,
    placeholder: type.startsWith('ArrayOf') ? 'values, separated by commas' : (placeholder[type] ?? 'value'),
    title: type ? `${key}: ${type}` : undefined,
    oninput: (e) => set((e.target as HTMLInputElement).value, false),
  });
}

function keySize(key: string): number {
  return Math.max(14, key.length + 2);
}

function contextField(state: PanelState, on: FormHandlers): HTMLElement {
  const rows = state.form.context.map((row, index) =>
    h(
      'div',
      { class: 'ctx-row' },
      h('input', {
        class: 'ctx-key',
        'data-focus': `ctx-key-${index}`,
        type: 'text',
        list: 'key-suggestions',
        spellcheck: 'false',
        'aria-label': 'context key',
        placeholder: 'aws:SourceIp',
        value: row.key,
        // As wide as the key's name, so a long key (aws:MultiFactorAuthPresent) is never cut (styles.css wraps the row).
        size: keySize(row.key),
        oninput: (e) => {
          const input = e.target as HTMLInputElement;
          input.size = keySize(input.value);
          on.dispatch({ type: 'setContextKey', index, key: input.value }, false);
          on.keyTyped(index);
        },
      }),
      valueControl(state, index, row.key, row.value, on),
      h(
        'button',
        {
          class: 'icon',
          type: 'button',
          title: 'Remove',
          'aria-label': `remove ${row.key || 'context key'}`,
          onclick: () => on.dispatch({ type: 'removeContext', index }),
        },
        '✕',
      ),
    ),
  );
  const tested = (state.entities?.contextKeys ?? []).map((k) => k.key);
  const missing = tested.filter((k) => !state.form.context.some((row) => row.key.toLowerCase() === k.toLowerCase()));
  return h(
    'fieldset',
    { class: 'context' },
    h('legend', {}, 'Context'),
    ...rows,
    h(
      'div',
      { class: 'row' },
      h(
        'button',
        { type: 'button', class: 'secondary', id: 'add-context', 'data-focus': 'add-context', onclick: () => on.dispatch({ type: 'addContext', keys: [] }) },
        '+ Key',
      ),
      missing.length > 0
        ? h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              id: 'add-tested-keys',
              'data-focus': 'add-tested-keys',
              title: missing.join(', '),
              onclick: () => on.dispatch({ type: 'addContext', keys: missing }),
            },
            `+ ${missing.length} key${missing.length === 1 ? '' : 's'} these policies test`,
          )
        : undefined,
    ),
  );
}

function historyList(state: PanelState, on: FormHandlers): Child {
  if (state.history.length === 0) return undefined;
  return h(
    'details',
    { class: 'history' },
    h('summary', {}, `Recent requests (${state.history.length})`),
    h(
      'ol',
      {},
      ...state.history.map((entry, i) =>
        h(
          'li',
          {},
          h(
            'button',
            { type: 'button', class: 'link', 'data-focus': `history-${i}`, onclick: () => on.rerun(entry) },
            `${entry.mode === 'whoCan' ? 'who can ' : ''}${entry.form.action} on ${entry.form.resource}`,
          ),
          h('span', { class: 'muted' }, ` → ${entry.outcome}`),
        ),
      ),
    ),
  );
}

function setOptions(id: string, options: readonly { value: string; label: string }[]): void {
  const list = document.getElementById(id);
  if (!list) return;
  list.replaceChildren(...options.map((o) => h('option', { value: o.value }, o.label)));
}

/**
 * Updates, in place, everything that follows typing (the Run button, the hints, the suggestion lists) without
 * rebuilding the form: rebuilding it under the user's fingers would lose focus in the middle of a Tab.
 */
export function updateLive(state: PanelState): void {
  const blocked = missingInput(state);
  const run = document.getElementById('run') as HTMLButtonElement | null;
  if (run) {
    run.disabled = state.busy || blocked !== undefined;
    run.title = blocked ?? 'Run (Ctrl+Enter)';
  }
  const text = (id: string, value: string): void => {
    const element = document.getElementById(id);
    if (element && element.textContent !== value) element.textContent = value;
  };
  text('blocked', state.busy ? '' : (blocked ?? ''));
  text('action-hint', actionHint(state));
  text('resource-hint', resourceHint(state));
  setOptions('resource-suggestions', [
    ...(state.entities?.resources ?? []).map((r) => ({ value: r, label: 'in the model' })),
    ...(state.actionInfo?.resourceTemplates ?? []).map((t) => ({ value: t, label: 'ARN format' })),
  ]);
  setOptions(
    'key-suggestions',
    knownKeys(state).map((k) => ({ value: k.key, label: k.type ?? '' })),
  );
}

export function renderForm(state: PanelState, on: FormHandlers): Child[] {
  const blocked = missingInput(state);
  const modeSwitch = h(
    'div',
    { class: 'modes', role: 'radiogroup', 'aria-label': 'Mode' },
    ...(['simulate', 'whoCan'] as const).map((mode) =>
      h(
        'label',
        {},
        h('input', {
          type: 'radio',
          name: 'mode',
          value: mode,
          'data-focus': `mode-${mode}`,
          checked: state.mode === mode,
          onchange: () => on.dispatch({ type: 'setMode', mode }),
        }),
        mode === 'simulate' ? ' Simulate one principal' : ' Who can?',
      ),
    ),
  );
  return [
    state.trusted ? undefined : h('div', { class: 'warning', role: 'alert' }, 'Restricted mode: trust this workspace to load account models and simulate.'),
    modeSwitch,
    modelField(state, on),
    state.mode === 'simulate' ? principalField(state, on) : undefined,
    actionField(state, on),
    resourceField(state, on),
    contextField(state, on),
    h(
      'div',
      { class: 'buttons' },
      h(
        'button',
        { type: 'submit', id: 'run', 'data-focus': 'run', disabled: state.busy || blocked !== undefined, title: blocked ?? 'Run (Ctrl+Enter)' },
        state.busy ? 'Running…' : state.mode === 'simulate' ? 'Run ⏎' : 'Who can? ⏎',
      ),
      h(
        'button',
        {
          type: 'button',
          id: 'save-test',
          class: 'secondary',
          'data-focus': 'save-test',
          disabled: state.result?.kind !== 'evaluate',
          onclick: () => on.saveTest(),
        },
        'Save as test',
      ),
    ),
    h('div', { class: 'muted', id: 'blocked' }, state.busy ? '' : (blocked ?? '')),
    historyList(state, on),
  ];
}

/** `1 resource`, `6 principals`. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
