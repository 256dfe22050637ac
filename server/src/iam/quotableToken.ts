/**
 * Whether a piece of a file may be quoted in a message. A model may point at any file, and messages end up in CI
 * logs and SARIF reports: a credentials file symlinked as `x.json` must not appear there. Quoting helps only for
 * short, ordinary tokens (`'Allow'` written without quotes, a stray `=`), so only those are quoted: a word of up to 16
 * letters written as words are (`deny`, `Allow`, `NULL`, not `wJalrXUtnFEMI`), or up to 3 characters of punctuation.
 * Keys, secrets and numbers (which mix cases, letters, digits and symbols, or are long) are never quoted; the message
 * gives the position instead.
 */
export function quotableToken(text: string): string | undefined {
  if (/^(?:[a-z]{1,16}|[A-Z][a-z]{0,15}|[A-Z]{1,5})$/.test(text)) return text;
  if (/^[^\sA-Za-z0-9]{1,3}$/.test(text)) return text;
  return undefined;
}
