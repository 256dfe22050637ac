/**
 * An ARN of a given resource type made from an ARN the statement already names: the object ARN
 * `arn:aws:s3:::amzn-s3-demo-bucket/*` from the bucket `arn:aws:s3:::amzn-s3-demo-bucket`, and the other way round,
 * or `…:table/Books/index/*` from `…:table/Books`. Used by quick fixes that add the resource an action needs, so the
 * suggestion stays as narrow as what the user already wrote.
 */
import { arnFitsFormat, preparePolicyArn, type CompiledArnFormat } from './arn';
import { splitArn, type ArnParts } from '../arn';

/** `a/b:c` → `['a', '/', 'b', ':', 'c']`: a format's path segments with their separators, to line an ARN up with. */
function segments(resource: string): string[] {
  return resource.split(/([/:])/).filter((s) => s !== '');
}

/** Where the first `/` or `:` at or after `from` is, or -1. */
function firstSeparator(text: string, from: number): number {
  const slash = text.indexOf('/', from);
  const colon = text.indexOf(':', from);
  return slash < 0 ? colon : colon < 0 ? slash : Math.min(slash, colon);
}

/** An ARN field of the format: empty stays empty, a placeholder takes the example's value (or `*`), a literal stays. */
function field(format: string, example: string): string {
  if (format === '') return '';
  if (!format.includes('${')) return format;
  return example !== '' ? example : '*';
}

/**
 * Fills `format`'s placeholders from `example`, an ARN of the same service: fields from its fields, each placeholder of
 * the resource from the example's text at its place while the literal parts of both agree, `*` after the first
 * disagreement. Undefined when the
 * two do not line up (the example has a region or account where the format has none, or the other way round) or
 * the result would not be an ARN of the format.
 */
export function arnLike(format: CompiledArnFormat, example: ArnParts): string | undefined {
  const formatParts = splitArn(format.format);
  if (!formatParts || formatParts.service !== example.service) return undefined;
  if ((formatParts.region === '') !== (example.region === '') || (formatParts.account === '') !== (example.account === '')) {
    return undefined;
  }
  const wanted = segments(formatParts.resource);
  const given = example.resource;
  let at = 0;
  let agreeing = true;
  const resource = wanted
    .map((segment, i) => {
      if (!segment.includes('${')) {
        agreeing &&= given.startsWith(segment, at);
        if (agreeing) at += segment.length;
        return segment;
      }
      if (!agreeing) return '*';
      // A placeholder takes the example's text up to the separator the format puts after it: a log group's name holds
      // slashes (`/aws/lambda/worker`) and ends at the colon before `log-stream`. The last one takes one segment.
      const next = wanted[i + 1];
      const end = next === '/' || next === ':' ? given.indexOf(next, at) : firstSeparator(given, at);
      const value = given.slice(at, end < 0 ? given.length : end);
      at += value.length;
      return value !== '' ? value : '*';
    })
    .join('');
  const partition = example.partition !== '' ? example.partition : 'aws';
  const arn = `arn:${partition}:${example.service}:${field(formatParts.region, example.region)}:${field(formatParts.account, example.account)}:${resource}`;
  const parts = splitArn(arn);
  return parts && arnFitsFormat(preparePolicyArn(parts), format) ? arn : undefined;
}

/** The first ARN of one of `formats` that can be made from one of `examples` (see `arnLike`), with its format. */
export function suggestArn(
  formats: readonly CompiledArnFormat[],
  examples: readonly ArnParts[],
): { readonly arn: string; readonly format: CompiledArnFormat } | undefined {
  for (const format of formats) {
    for (const example of examples) {
      const arn = arnLike(format, example);
      if (arn !== undefined) return { arn, format };
    }
  }
  return undefined;
}
