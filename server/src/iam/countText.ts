/**
 * A count written with thousands separators, as `toLocaleString('en-US')` writes it ("6,144"). Our own, because the
 * first `toLocaleString` call in a process initialises ICU's locale data (about 20 ms here), which the language server
 * would otherwise pay on the first oversized policy it validates, before its first diagnostics.
 */
export function countText(count: number): string {
  if (!Number.isInteger(count)) return String(count);
  const digits = String(Math.abs(count));
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) out = digits.slice(Math.max(0, end - 3), end) + (out ? `,${out}` : '');
  return count < 0 ? `-${out}` : out;
}
