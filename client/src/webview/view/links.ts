/** File references in the panel: links that ask the host to open the editor at a range. */
import type { SourceLocation } from '../../protocol/messages';
import { h, type Child } from './dom';

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
