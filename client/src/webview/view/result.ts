/** The result side: the decision first, then the layers, then the statements that decided and the near misses. */
import type {
  EvaluateReply,
  LocationIndex,
  SourceLocation,
  StatementTrace,
  WhoCanEntry,
  WhoCanResult,
} from '../../protocol/messages';
import type { PanelState } from '../state';
import { h, type Child } from './dom';
import { renderLayers } from './layers';
import { conditionNote, conditionSentence, elementSentence } from '../../protocol/reasons';
import { renderSnippet, type Mark } from './snippet';

export type OpenLocation = (location: SourceLocation) => void;

function fileLabel(location: SourceLocation): string {
  const path = decodeURIComponent(location.uri.replace(/^file:\/\//, ''));
  const parts = path.split('/');
  return `${parts.slice(-2).join('/')}:${location.range.start.line + 1}`;
}

/** A file reference: a real link for the keyboard and screen readers; the host opens the editor. */
export function locationLink(location: SourceLocation | undefined, open: OpenLocation, label?: string): Child {
  if (!location) return undefined;
  const text = label ?? fileLabel(location);
  return h(
    'a',
    {
      href: '#',
      class: 'location',
      title: `Open ${fileLabel(location)}`,
      'data-uri': location.uri,
      'data-line': location.range.start.line,
      onclick: (e) => {
        e.preventDefault();
        open(location);
      },
    },
    text,
  );
}

function statementName(s: StatementTrace): string {
  return s.sid ? `${s.sid}` : `statement ${s.statementIndex + 1}`;
}

function statementCard(
  s: StatementTrace,
  key: string,
  title: string,
  reply: EvaluateReply,
  open: OpenLocation,
  expanded: boolean,
): HTMLElement {
  const locations: LocationIndex = reply.locations;
  const marks: Mark[] = [];
  const lines: HTMLElement[] = [];
  s.elements.forEach((e, i) => {
    const location = locations[`${key}/elements/${i}/value`] ?? locations[`${key}/elements/${i}`];
    if (!e.matched && location) marks.push({ range: location.range, kind: 'failed', note: elementSentence(e) });
    // A statement that applied without conditions was decided by what it names: mark the matching values.
    else if (e.matched && s.applies && s.conditions.length === 0 && location) marks.push({ range: location.range, kind: 'decided' });
    lines.push(h('li', { class: e.matched ? 'ok' : 'bad' }, e.matched ? '✔ ' : '✖ ', elementSentence(e), ' ', locationLink(location, open, '↗')));
  });
  s.conditions.forEach((c, i) => {
    const location = locations[`${key}/conditions/${i}`];
    if (location) marks.push({ range: location.range, kind: c.matched ? 'decided' : 'failed', note: conditionNote(c) });
    lines.push(h('li', { class: c.matched ? 'ok' : 'bad' }, c.matched ? '✔ ' : '✖ ', conditionSentence(c), ' ', locationLink(location, open, '↗')));
  });
  const snippet = reply.snippets[key];
  const where = locations[key];
  return h(
    'details',
    { class: `statement ${s.effect.toLowerCase()}`, open: expanded, 'data-key': key },
    h(
      'summary',
      {},
      h('span', { class: 'verdict' }, title),
      ' ',
      h('strong', {}, statementName(s)),
      h('span', { class: 'muted' }, ` in ${s.source.name}`),
      ' ',
      locationLink(where, open),
    ),
    snippet ? renderSnippet(snippet, marks) : undefined,
    h('ul', { class: 'elements' }, ...lines),
  );
}

const HEADLINE = {
  allowed: { icon: '✔', text: 'ALLOWED', cls: 'allowed' },
  explicitDeny: { icon: '✖', text: 'DENIED (explicit)', cls: 'denied' },
  implicitDeny: { icon: '✖', text: 'DENIED (implicit)', cls: 'denied' },
} as const;

export function renderEvaluation(reply: EvaluateReply, open: OpenLocation): Child[] {
  const result = reply.result;
  const head = HEADLINE[result.decision];
  const deciding = result.decidingStatements.map((s, i) =>
    statementCard(s, `decidingStatements/${i}`, s.effect === 'Deny' ? 'Denied by' : 'Allowed by', reply, open, true),
  );
  const misses = result.nearMisses.map((s, i) => statementCard(s, `nearMisses/${i}`, 'Did not apply:', reply, open, false));
  const failed =
    result.decision === 'implicitDeny' && result.failedLayer
      ? h('p', { class: 'muted' }, `No statement in the ${result.failedLayer} layer allows this request.`)
      : undefined;
  return [
    h('div', { class: `decision ${head.cls}`, id: 'decision', role: 'status', 'data-decision': result.decision }, `${head.icon} ${head.text}`),
    h('p', { class: 'summary', id: 'summary' }, reply.explanation.summary),
    // Right after the answer: a typo in the request or a policy that could not be read changes what it means.
    result.errors.length > 0
      ? h(
          'section',
          { class: 'errors' },
          h('h3', {}, 'Evaluation problems'),
          h('ul', {}, ...result.errors.map((e, i) => h('li', { class: 'error' }, e.message, ' ', locationLink(reply.locations[`errors/${i}`], open)))),
        )
      : undefined,
    renderLayers(result),
    failed,
    deciding.length > 0 ? h('section', { class: 'deciding', 'aria-label': 'Deciding statements' }, ...deciding) : undefined,
    misses.length > 0
      ? h(
          'details',
          { class: 'near-misses' },
          h('summary', {}, `${misses.length} statement${misses.length === 1 ? '' : 's'} did not apply (why)`),
          ...misses,
        )
      : undefined,
    h(
      'details',
      { class: 'full-explanation' },
      h('summary', {}, 'Full explanation'),
      h(
        'ul',
        {},
        ...reply.explanation.lines.map((line) =>
          h('li', { class: `depth-${Math.min(line.depth, 6)}` }, line.location ? locationLink(line.location, open, line.text) : line.text),
        ),
      ),
    ),
  ];
}

function whoCanRow(entry: WhoCanEntry, open: OpenLocation): HTMLElement {
  return h(
    'tr',
    {},
    h('td', {}, entry.principal.name, h('div', { class: 'muted' }, entry.principal.arn)),
    h('td', {}, entry.principal.kind),
    h('td', {}, entry.via ? (locationLink(entry.viaLocation, open, entry.via) ?? entry.via) : '—'),
  );
}

export function renderWhoCan(reply: WhoCanResult, open: OpenLocation): Child[] {
  const n = reply.allowed.length;
  return [
    h(
      'div',
      { class: `decision ${n > 0 ? 'allowed' : 'denied'}`, id: 'decision', role: 'status', 'data-allowed': n },
      `${n} principal${n === 1 ? '' : 's'} can perform ${reply.action} on ${reply.resource}`,
    ),
    reply.problems && reply.problems.length > 0
      ? h('section', { class: 'errors', id: 'request-problems' }, h('h3', {}, 'Problems with the request'), h('ul', {}, ...reply.problems.map((p) => h('li', { class: 'error' }, p))))
      : undefined,
    n > 0
      ? h(
          'table',
          { class: 'who-can', id: 'who-can' },
          h('thead', {}, h('tr', {}, h('th', {}, 'Principal'), h('th', {}, 'Kind'), h('th', {}, 'Allowed by'))),
          h('tbody', {}, ...reply.allowed.map((e) => whoCanRow(e, open))),
        )
      : undefined,
    h('p', { class: 'muted' }, `${reply.denied.length} other principal${reply.denied.length === 1 ? ' is' : 's are'} denied.`),
  ];
}

export function renderResult(state: PanelState, open: OpenLocation): Child[] {
  if (state.error) return [h('div', { class: 'error', role: 'alert', id: 'run-error' }, state.error)];
  if (state.busy) return [h('p', { class: 'muted' }, 'Evaluating…')];
  if (!state.result) return [h('p', { class: 'muted', id: 'empty' }, 'Fill in the request and press Run (Ctrl+Enter).')];
  return state.result.kind === 'evaluate' ? renderEvaluation(state.result.reply, open) : renderWhoCan(state.result.reply, open);
}
