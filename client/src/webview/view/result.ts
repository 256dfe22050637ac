/** The result side: the decision first, the reason and the fixes, then the layers, the deciding statements and the near misses. */
import type { EvaluateReply, ExplainedStatement, WhoCanEntry, WhoCanResult, WireFix } from '../../protocol/messages';
import type { PanelState } from '../state';
import { h, type Child } from './dom';
import { renderLayers } from './layers';
import { locationLink, type OpenLocation } from './links';
import { problemList } from './modelProblems';
import { renderSnippet, type Mark } from './snippet';

/** What the result view can ask for: open a file at a range, apply a counterfactual fix. */
export interface ResultHandlers {
  readonly open: OpenLocation;
  readonly applyFix: (fix: WireFix) => void;
}

function statementName(s: ExplainedStatement): string {
  return s.sid ? `${s.sid}` : `statement ${s.statementIndex + 1}`;
}

/**
 * One statement as the core explained it: its own text with the telling parts marked and the core's short note
 * beside each, then the core's sentences. `group` and `index` find its locations and snippet in the explanation.
 */
function statementCard(
  s: ExplainedStatement,
  group: 'deciding' | 'nearMisses',
  index: number,
  title: string,
  reply: EvaluateReply,
  open: OpenLocation,
  expanded: boolean,
): HTMLElement {
  const wire = reply.explanation;
  const base = `${group}/${index}`;
  const marks: Mark[] = [];
  const applied = group === 'deciding';
  const hasCondition = s.reasons.some((r) => r.element === 'Condition');
  const lines = s.reasons.map((r, i) => {
    const location = wire.locations[`${base}/reasons/${i}`];
    if (location) {
      // A near miss marks what failed; a deciding statement its conditions, or what it names when it has none.
      if (!r.matched) marks.push({ range: location.range, kind: 'failed', note: r.note });
      else if (applied && r.element === 'Condition') marks.push({ range: location.range, kind: 'decided', note: r.note });
      else if (applied && !hasCondition) marks.push({ range: location.range, kind: 'decided' });
    }
    return h('li', { class: r.matched ? 'ok' : 'bad' }, r.matched ? '✔ ' : '✖ ', r.sentence, ' ', locationLink(location, open, '↗'));
  });
  const snippet = wire.snippets[base];
  const where = wire.locations[base];
  // The key names the evaluator's list the card stands for (decidingStatements/0, nearMisses/0), as links do.
  const key = `${group === 'deciding' ? 'decidingStatements' : 'nearMisses'}/${index}`;
  return h(
    'details',
    { class: `statement ${s.effect.toLowerCase()}`, open: expanded, 'data-key': key },
    h(
      'summary',
      {},
      h('span', { class: 'verdict' }, title),
      ' ',
      h('strong', {}, statementName(s)),
      h('span', { class: 'muted' }, ` in ${s.policy.name}`),
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

/** The fixes as buttons: an edit opens in its file (undoable) and the request runs again; a context fix re-runs with it. */
function renderFixes(fixes: readonly WireFix[], handlers: ResultHandlers): Child {
  if (fixes.length === 0) return undefined;
  return h(
    'section',
    { class: 'fixes', id: 'fixes', 'aria-label': 'How to fix' },
    h('h3', {}, 'How to fix'),
    h(
      'p',
      { class: 'muted hint' },
      fixes.some((fix) => fix.paired === true)
        ? 'No single change changes the decision; both changes of the fix below together do. Apply it to see the request run again.'
        : 'Each change alone changes the decision. Apply one to see the request run again.',
    ),
    h(
      'ul',
      {},
      ...fixes.map((fix, i) =>
        h(
          'li',
          {},
          h(
            'button',
            { type: 'button', class: `fix ${fix.kind}`, 'data-index': i, 'data-decision': fix.decision, onclick: () => handlers.applyFix(fix) },
            fix.kind === 'edit' ? 'Apply edit' : 'Use this context',
          ),
          ' ',
          h('span', { class: 'fix-title' }, fix.title),
        ),
      ),
    ),
  );
}

export function renderEvaluation(reply: EvaluateReply, handlers: ResultHandlers): Child[] {
  const open = handlers.open;
  const result = reply.result;
  const details = reply.explanation.details;
  const head = HEADLINE[result.decision];
  const deciding = (details?.deciding ?? []).map((s, i) =>
    statementCard(s, 'deciding', i, s.effect === 'Deny' ? 'Denied by' : 'Allowed by', reply, open, true),
  );
  const misses = (details?.nearMisses ?? []).map((s, i) => statementCard(s, 'nearMisses', i, 'Did not apply:', reply, open, false));
  const failed =
    result.decision === 'implicitDeny' && details?.implicitDenyLayer
      ? h('p', { class: 'muted' }, `${details.implicitDenyLayer.label}: ${details.implicitDenyLayer.sentence}`)
      : undefined;
  return [
    h('div', { class: `decision ${head.cls}`, id: 'decision', role: 'status', 'data-decision': result.decision }, `${head.icon} ${head.text}`),
    h('p', { class: 'summary', id: 'summary' }, reply.explanation.summary),
    // What the answer read otherwise than typed (a principal's path): said before the answer is read as the request's.
    ...(reply.notes ?? []).map((note) => h('p', { class: 'warning request-note' }, `⚠ ${note}`)),
    // Why, in one line, then how to change it: the answer to the question a denial raises.
    result.decision !== 'allowed'
      ? h(
          'p',
          { class: 'reason', id: 'reason' },
          h('strong', {}, 'Why: '),
          reply.explanation.reason,
          ' ',
          locationLink(reply.explanation.reasonLocation, open, '↗'),
        )
      : undefined,
    renderFixes(reply.explanation.fixes, handlers),
    // As the command line refuses a broken model, the panel says when this answer rests on a broken part.
    reply.modelProblems && reply.modelProblems.length > 0
      ? h(
          'section',
          { class: 'errors', id: 'request-model-problems' },
          h('h3', {}, 'This answer depends on parts of the model with errors'),
          problemList(reply.modelProblems, open),
        )
      : undefined,
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
      ? h('details', { class: 'near-misses' }, h('summary', {}, `${misses.length} statement${misses.length === 1 ? '' : 's'} did not apply (why)`), ...misses)
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
    // The same words as the principal picker; the ARN under them, unless it is the name (a service principal).
    h('td', {}, entry.principal.label, entry.principal.arn !== entry.principal.name ? h('div', { class: 'muted arn' }, entry.principal.arn) : undefined),
    h('td', {}, entry.via ? (locationLink(entry.viaLocation, open, entry.via) ?? entry.via) : '—'),
  );
}

export function renderWhoCan(reply: WhoCanResult, open: OpenLocation): Child[] {
  const n = reply.allowed.length;
  // `problems` holds `othersWhoCan`'s too (for clients that know only it): shown here once, in their own section.
  const others = new Set(reply.othersWhoCan ?? []);
  const problems = (reply.problems ?? []).filter((p) => !others.has(p));
  return [
    h(
      'div',
      { class: `decision ${n > 0 ? 'allowed' : 'denied'}`, id: 'decision', role: 'status', 'data-allowed': n },
      `${n} principal${n === 1 ? '' : 's'} can perform ${reply.action} on ${reply.resource}`,
    ),
    problems.length > 0
      ? h(
          'section',
          { class: 'errors', id: 'request-problems' },
          h('h3', {}, 'Problems with the request'),
          h('ul', {}, ...problems.map((p) => h('li', { class: 'error' }, p))),
        )
      : undefined,
    // Part of the answer, not a problem: callers the list cannot hold (outside the model, or anyone at all).
    reply.othersWhoCan && reply.othersWhoCan.length > 0
      ? h(
          'section',
          { class: 'notices', id: 'others-who-can' },
          h('h3', {}, 'Also able, beyond the principals listed'),
          h('ul', {}, ...reply.othersWhoCan.map((p) => h('li', { class: 'warning' }, p))),
        )
      : undefined,
    n > 0
      ? h(
          'table',
          { class: 'who-can', id: 'who-can' },
          h('thead', {}, h('tr', {}, h('th', {}, 'Principal'), h('th', {}, 'Allowed by'))),
          h('tbody', {}, ...reply.allowed.map((e) => whoCanRow(e, open))),
        )
      : undefined,
    h('p', { class: 'muted' }, `${reply.deniedCount} other principal${reply.deniedCount === 1 ? ' is' : 's are'} denied.`),
  ];
}

export function renderResult(state: PanelState, handlers: ResultHandlers): Child[] {
  const open = handlers.open;
  if (state.error) return [h('div', { class: 'error', role: 'alert', id: 'run-error' }, state.error)];
  if (state.busy) return [h('p', { class: 'muted' }, 'Evaluating…')];
  // The hint names the button as it reads in this mode.
  if (!state.result)
    return [h('p', { class: 'muted', id: 'empty' }, `Fill in the request and press ${state.mode === 'simulate' ? 'Run' : 'Who can?'} (Ctrl+Enter).`)];
  return state.result.kind === 'evaluate' ? renderEvaluation(state.result.reply, handlers) : renderWhoCan(state.result.reply, open);
}
