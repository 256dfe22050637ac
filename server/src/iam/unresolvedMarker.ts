/**
 * What a model built from a template or Terraform holds where the configuration leaves a value open (an imported
 * value, another module's output): `UNRESOLVED(Fn::ImportValue)`. No real name or ARN has this form, so the element
 * that lists it matches nothing; answers that met one say so, and no fix writes one into a request.
 */
const PREFIX = 'UNRESOLVED(';

export function unresolvedMarker(label: string): string {
  return `${PREFIX}${label.replace(/[^A-Za-z0-9:._-]/g, '_')})`;
}

/**
 * Found by its opening parenthesis, which policies and exports hardly ever hold, then the word before it: the loader
 * asks this of every text it reads, and a search for the whole marker stops at every `U` of an export's `UserName`s
 * (30 ms for a 56 MB export, against 5 ms this way).
 */
export function holdsUnresolved(value: string): boolean {
  return holdsWordBefore(value, '(');
}

/** Whether a file's text holds the marker anywhere, in an export's URL-encoded documents too (`%28`, RFC 3986). */
export function fileHoldsUnresolved(text: string): boolean {
  return holdsWordBefore(text, '(') || holdsWordBefore(text, '%28');
}

const WORD = PREFIX.slice(0, -1);

function holdsWordBefore(value: string, opening: string): boolean {
  for (let at = value.indexOf(opening, WORD.length); at !== -1; at = value.indexOf(opening, at + 1)) if (value.startsWith(WORD, at - WORD.length)) return true;
  return false;
}
