/** Text from the server put into markdown as it is: ARNs with `*` and `_` must not turn into emphasis. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>])/g, '\\$1');
}
