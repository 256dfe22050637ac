/** The model's own problems, at the top of the panel: an answer from a broken model must not look trustworthy. */
import type { WireDiagnostic } from '../../protocol/messages';
import { h, type Child } from './dom';
import { locationLink, type OpenLocation } from './links';

export function problemList(problems: readonly WireDiagnostic[], open: OpenLocation): HTMLElement {
  return h(
    'ul',
    {},
    ...problems.map((d) =>
      h('li', { class: d.severity }, `${d.severity === 'error' ? '✖' : '⚠'} ${d.message} `, locationLink({ uri: d.uri, range: d.range }, open)),
    ),
  );
}

export function renderModelProblems(problems: readonly WireDiagnostic[] | undefined, open: OpenLocation): Child[] {
  if (!problems || problems.length === 0) return [];
  const errors = problems.filter((d) => d.severity === 'error').length;
  const heading =
    errors > 0
      ? `The model has ${errors} error${errors === 1 ? '' : 's'}: answers that depend on them may be wrong (the command line refuses this model)`
      : `The model has ${problems.length} warning${problems.length === 1 ? '' : 's'}`;
  return [h('h2', {}, heading), problemList(problems, open)];
}
