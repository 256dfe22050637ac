/**
 * What a model built from a template or Terraform holds where the configuration leaves a value open (an imported
 * value, another module's output): `UNRESOLVED(Fn::ImportValue)`. No real name or ARN has this form, so the element
 * that lists it matches nothing; answers that met one say so, and no fix writes one into a request.
 */
const PREFIX = 'UNRESOLVED(';

export function unresolvedMarker(label: string): string {
  return `${PREFIX}${label.replace(/[^A-Za-z0-9:._-]/g, '_')})`;
}

export function holdsUnresolved(value: string): boolean {
  return value.includes(PREFIX);
}

/** Whether a file's text holds the marker anywhere, in an export's URL-encoded documents too. */
export function fileHoldsUnresolved(text: string): boolean {
  return text.includes(PREFIX) || text.includes(ENCODED_PREFIX);
}

/** As AWS's exports encode their documents (RFC 3986: a parenthesis is `%28`). */
const ENCODED_PREFIX = 'UNRESOLVED%28';
