/** The layer strip: every layer AWS evaluated, in AWS's order, each with its outcome. */
import type { EvaluationResult, LayerKind, LayerOutcome, LayerTrace } from '../../protocol/messages';
import { h } from './dom';

// Organization levels (RCPs, then SCPs, each root → OU → account) first, then the resource side, identity, boundary,
// session: the order of AWS's policy evaluation logic page, as the server and the command line list them. The sort
// is stable, so levels keep the server's root-first order.
const ORDER: Record<LayerKind, number> = {
  rcp: 0,
  scp: 1,
  resource: 2,
  trust: 2,
  keyPolicy: 2,
  endpoint: 3,
  identity: 4,
  boundary: 5,
  session: 6,
};

const ICON: Record<LayerOutcome, string> = { allows: '✔', denies: '✖', noAllow: '∅', notApplicable: '—' };
const WORDS: Record<LayerOutcome, string> = {
  allows: 'allows',
  denies: 'denies',
  noAllow: 'no statement allows',
  notApplicable: 'does not apply',
};

export function orderedLayers(layers: readonly LayerTrace[]): LayerTrace[] {
  return [...layers].sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
}

export function renderLayers(result: EvaluationResult): HTMLElement {
  const items = orderedLayers(result.layers).map((layer) => {
    const failed = result.decision === 'implicitDeny' && result.failedLayer === layer.kind && layer.outcome === 'noAllow';
    const text = `${layer.label}${layer.side ? ` (${layer.side} side)` : ''}: ${WORDS[layer.outcome]}${layer.note ? `. ${layer.note}` : ''}`;
    return h(
      'li',
      { class: `layer ${layer.outcome}${failed ? ' failed' : ''}`, title: text, 'aria-label': text, 'data-kind': layer.kind },
      h('span', { class: 'icon', 'aria-hidden': 'true' }, ICON[layer.outcome]),
      ` ${layer.level ? `${shortLabel(layer)} ${layer.level}` : shortLabel(layer)}`,
    );
  });
  return h('ol', { class: 'layers', 'aria-label': 'Policy layers in evaluation order' }, ...items);
}

function shortLabel(layer: LayerTrace): string {
  switch (layer.kind) {
    case 'scp':
      return 'SCP';
    case 'rcp':
      return 'RCP';
    case 'resource':
      return 'resource policy';
    case 'trust':
      return 'trust policy';
    case 'keyPolicy':
      return 'key policy';
    case 'endpoint':
      return 'endpoint policy';
    case 'identity':
      return 'identity';
    case 'boundary':
      return 'boundary';
    case 'session':
      return 'session';
  }
}
