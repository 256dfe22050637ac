/** Shows a statement's source text with some ranges marked, and a note written beside each mark. */
import type { Snippet } from '../../protocol/messages';
import { h } from './dom';

export interface Mark {
  readonly range: { readonly start: { line: number; character: number }; readonly end: { line: number; character: number } };
  /** `failed` for the element that stopped the statement, `decided` for the one that made it apply. */
  readonly kind: 'failed' | 'decided';
  /** Written after the mark (`← 10.1.2.3 is outside`). */
  readonly note?: string;
}

/** Offset of an LSP position inside a snippet that starts at `snippet.start`; undefined when outside it. */
export function offsetIn(snippet: Snippet, position: { line: number; character: number }): number | undefined {
  const lines = snippet.text.split(/(?<=\n)/);
  const index = position.line - snippet.start.line;
  if (index < 0 || index >= lines.length) return undefined;
  let offset = 0;
  for (let i = 0; i < index; i++) offset += (lines[i] ?? '').length;
  const column = index === 0 ? position.character - snippet.start.character : position.character;
  if (column < 0) return undefined;
  return Math.min(offset + column, snippet.text.length);
}

export function renderSnippet(snippet: Snippet, marks: readonly Mark[]): HTMLElement {
  const placed = marks
    .map((m) => ({ mark: m, from: offsetIn(snippet, m.range.start), to: offsetIn(snippet, m.range.end) }))
    .filter((p): p is { mark: Mark; from: number; to: number } => p.from !== undefined && p.to !== undefined && p.to > p.from)
    .sort((a, b) => a.from - b.from);
  const pre = h('pre', { class: 'snippet' });
  let at = 0;
  for (const p of placed) {
    if (p.from < at) continue; // overlapping marks: the first one wins
    pre.append(snippet.text.slice(at, p.from));
    pre.append(h('mark', { class: p.mark.kind }, snippet.text.slice(p.from, p.to)));
    if (p.mark.note) {
      // The note goes at the end of the marked line, where the eye already is.
      const lineEnd = snippet.text.indexOf('\n', p.to);
      const end = lineEnd === -1 ? snippet.text.length : lineEnd;
      pre.append(snippet.text.slice(p.to, end));
      pre.append(h('span', { class: `note ${p.mark.kind}` }, `  ← ${p.mark.note}`));
      at = end;
    } else {
      at = p.to;
    }
  }
  pre.append(snippet.text.slice(at));
  return pre;
}
