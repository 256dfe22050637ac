import type { Span } from '../span';

/** An account section left as its text, and where that text is. */
export interface AccountText {
  readonly accountId: string;
  readonly span: Span;
}

/**
 * Which of a model's account sections, left as their text to be read when a request first reaches them, may define a
 * principal or resource written `name` (see `ModelIndex`): those whose text holds the name as a JSON string, quotes
 * included. A section with an escape anywhere in its text may write the name otherwise, so it is always one of them.
 * One search of the text for each name looked up, a few for a command that answers a request.
 */
export function accountsMentioning(text: string, sections: readonly AccountText[]): (name: string) => readonly string[] {
  const ordered = [...sections].sort((a, b) => a.span.offset - b.span.offset);
  let escaping: readonly string[] | undefined;
  return (name: string): readonly string[] => {
    escaping ??= sectionsWithEscapes(text, ordered);
    const found = new Set(escaping);
    // A name with a character JSON must escape is written with an escape wherever it is, and those sections are in.
    if (/["\\\u0000-\u001f]/.test(name)) return [...found];
    const quoted = `"${name}"`;
    for (let at = text.indexOf(quoted); at >= 0; at = text.indexOf(quoted, at + quoted.length)) {
      const section = sectionAt(ordered, at);
      if (section === undefined) continue;
      found.add(section.accountId);
      // The rest of this section says nothing more.
      at = section.span.offset + section.span.length - quoted.length;
    }
    return [...found];
  };
}

/** The sections whose text holds a backslash, in one pass over the text. */
function sectionsWithEscapes(text: string, ordered: readonly AccountText[]): string[] {
  const found: string[] = [];
  for (let at = text.indexOf('\\'); at >= 0;) {
    const section = sectionAt(ordered, at);
    if (section !== undefined) found.push(section.accountId);
    at = text.indexOf('\\', section === undefined ? at + 1 : section.span.offset + section.span.length);
  }
  return found;
}

/** The section whose span holds `offset` (sections do not overlap), by binary search. */
function sectionAt(ordered: readonly AccountText[], offset: number): AccountText | undefined {
  let low = 0;
  let high = ordered.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const section = ordered[middle] as AccountText;
    if (offset < section.span.offset) high = middle - 1;
    else if (offset >= section.span.offset + section.span.length) low = middle + 1;
    else return section;
  }
  return undefined;
}
