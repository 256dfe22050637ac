import type { PolicySource } from '../evaluator/types';
import type { Span } from '../span';

/**
 * Places a span of a policy's own text in the file it came from. Documents inside a model file or an export are
 * parsed as their own text, and `source.span` says where that text starts; a URL-decoded document has no
 * character-for-character mapping, so the whole encoded string stands in for any span inside it.
 */
export function fileSpan(source: PolicySource, span: Span | undefined): Span | undefined {
  if (span === undefined) return undefined;
  if (source.decoded) return source.span;
  if (source.span === undefined) return span;
  return { offset: source.span.offset + span.offset, length: span.length };
}
