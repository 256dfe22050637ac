import type { Span } from '../span';

/** An account section left as its text, and where that text is. */
export interface AccountText {
  readonly accountId: string;
  readonly span: Span;
}

/**
 * Which of a model's account sections, left as their text to be read when a request first reaches them, may define a
 * resource written `arn` (see `ModelIndex`): those whose text holds the ARN as a key, a JSON string (quotes included)
 * followed by a colon; the same ARN in a policy (a Resource, a condition value) is no definition. The sections left as
 * text hold no escape (`sectionsHolding`), so a key that is the ARN is written so. One search of the text for each ARN
 * looked up: a few for a command that answers a request.
 */
export function accountsMentioning(text: string, sections: readonly AccountText[]): (arn: string) => readonly string[] {
  const ordered = [...sections].sort((a, b) => a.span.offset - b.span.offset);
  return (arn: string): readonly string[] => {
    const found: string[] = [];
    // An ARN with a character JSON must escape is in no section's text.
    if (/["\\\u0000-\u001f]/.test(arn)) return found;
    const quoted = `"${arn}"`;
    for (let at = text.indexOf(quoted); at >= 0;) {
      const section = isKeyAt(text, at + quoted.length) ? sectionAt(ordered, at) : undefined;
      if (section !== undefined) found.push(section.accountId);
      // The rest of a section says nothing more.
      at = text.indexOf(quoted, section === undefined ? at + quoted.length : section.span.offset + section.span.length);
    }
    return found;
  };
}

/** Whether a colon follows `end` (after white space): the string that ends there is a key. */
function isKeyAt(text: string, end: number): boolean {
  let at = end;
  while (text[at] === ' ' || text[at] === '\n' || text[at] === '\r' || text[at] === '\t') at++;
  return text[at] === ':';
}

/** The sections whose text holds `needle` anywhere, in one pass over the text. */
export function sectionsHolding(text: string, sections: readonly AccountText[], needle: string): Set<string> {
  const ordered = [...sections].sort((a, b) => a.span.offset - b.span.offset);
  const found = new Set<string>();
  for (let at = text.indexOf(needle); at >= 0;) {
    const section = sectionAt(ordered, at);
    if (section !== undefined) found.add(section.accountId);
    at = text.indexOf(needle, section === undefined ? at + 1 : section.span.offset + section.span.length);
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
