/**
 * A policy a JSON template writes as a literal object, with nothing in it resolved or left open, is validated as the
 * template's own text rather than written out again: writing it and mapping each finding back through the written
 * text cost a third as much as validating it, and a fix computed on the template's own text keeps its layout (one
 * computed on the written text could only be carried over where it replaced a scalar).
 */
import type { PolicyType } from '../policyTypes';
import type { ResolvedValue } from './resolvedValue';
import type { TemplateNode } from './templateNode';

/**
 * Policy types whose size AWS counts with the white space of the text uploaded (Organizations policies, VPC endpoint
 * policies). CloudFormation uploads an object it is given as compact JSON, so their size is the written text's.
 */
const SIZE_COUNTS_WHITE_SPACE: ReadonlySet<PolicyType> = new Set<PolicyType>(['scp', 'rcp', 'endpoint']);

/**
 * The source's text of the policy at `node` when it can stand for the policy as written: `resolved` is `node` itself
 * (no intrinsic function, no interpolation, no unknown), every key and string is spelt without escapes and every
 * number as JSON writes it. Undefined otherwise. Comments and trailing commas, which the written text would not have,
 * are the caller's to rule out (they show as problems when the text is parsed).
 */
export function literalJsonPolicy(node: TemplateNode, resolved: ResolvedValue, type: PolicyType, source: string): string | undefined {
  if (node.kind !== 'map' || SIZE_COUNTS_WHITE_SPACE.has(type) || !sameAsSource(node, resolved, source)) return undefined;
  return source.slice(node.span.offset, node.span.offset + node.span.length);
}

function sameAsSource(node: TemplateNode, value: ResolvedValue, source: string): boolean {
  switch (node.kind) {
    case 'map': {
      if (value.kind !== 'map' || node.shortTag !== undefined || value.entries.length !== node.entries.length) return false;
      return node.entries.every((entry, i) => {
        const resolved = value.entries[i];
        return (
          resolved !== undefined &&
          entry.value !== undefined &&
          resolved.key === entry.key &&
          entry.keySpan.length === entry.key.length + 2 &&
          sameAsSource(entry.value, resolved.value, source)
        );
      });
    }
    case 'seq':
      return (
        value.kind === 'seq' &&
        value.items.length === node.items.length &&
        node.items.every((item, i) => sameAsSource(item, value.items[i] as ResolvedValue, source))
      );
    case 'string':
      return (
        value.kind === 'string' &&
        node.contentOffset !== undefined &&
        value.pieces.every((piece) => !piece.unknown) &&
        (value.pieces.length === 1 ? value.pieces[0]?.text : value.pieces.map((piece) => piece.text).join('')) === node.value
      );
    case 'number':
      return (
        value.kind === 'number' &&
        value.value === node.value &&
        source.slice(node.span.offset, node.span.offset + node.span.length) === JSON.stringify(node.value)
      );
    default:
      return value.kind === node.kind && value.value === node.value;
  }
}
