import type { Span } from '../span';
import { COLON, StrictJsonText } from './strictJson';

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
  const strict = new StrictJsonText(text, 0);
  return (arn: string): readonly string[] => {
    const found: string[] = [];
    // An ARN with a character JSON must escape is in no section's text.
    if (/["\\\u0000-\u001f]/.test(arn)) return found;
    const quoted = `"${arn}"`;
    for (let at = text.indexOf(quoted); at >= 0;) {
      // A key: a colon follows it (after white space).
      const section = text.charCodeAt(strict.spaceEnd(at + quoted.length)) === COLON ? sectionAt(ordered, at) : undefined;
      if (section !== undefined) found.push(section.accountId);
      // The rest of a section says nothing more.
      at = text.indexOf(quoted, section === undefined ? at + quoted.length : section.span.offset + section.span.length);
    }
    return found;
  };
}

/** The sections whose text holds any of `needles`, in one pass over the text for each. */
export function sectionsHolding(text: string, sections: readonly AccountText[], needles: readonly string[]): Set<string> {
  const ordered = [...sections].sort((a, b) => a.span.offset - b.span.offset);
  const found = new Set<string>();
  for (const needle of needles) {
    for (let at = text.indexOf(needle); at >= 0;) {
      const section = sectionAt(ordered, at);
      if (section !== undefined) found.add(section.accountId);
      at = text.indexOf(needle, section === undefined ? at + 1 : section.span.offset + section.span.length);
    }
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
