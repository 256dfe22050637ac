/**
 * A resource's `Ref` or attribute value, built from its physical name (known, partly known, or unknown) with the
 * formats of resourceNames.ts. Shared by CloudFormation (`!GetAtt Bucket.Arn`) and Terraform
 * (`aws_s3_bucket.b.arn`), which name the same things differently.
 */
import type { Span } from '../span';
import type { Piece, ResolvedValue } from './resolvedValue';
import { unknownPiece } from './resolvedValue';
import { RESOURCE_NAMING, type NameContext } from './resourceNames';

const NOWHERE: Span = { offset: 0, length: 0 };
/** Stands for the resource's name while a value is built, then is replaced by the name's pieces. */
const NAME = '\u0000';

/**
 * @param type the CloudFormation resource type (Terraform types are mapped to these first)
 * @param attribute `Ref`, or an attribute name as CloudFormation spells it (`Arn`, `QueueUrl`, …)
 */
export function resourceValue(
  type: string,
  named: readonly Piece[],
  path: string | undefined,
  attribute: string,
  context: NameContext,
): ResolvedValue | undefined {
  const naming = RESOURCE_NAMING[type];
  if (!naming) return undefined;
  // An OIDC provider is named by its URL, and its ARN holds the URL without the scheme.
  const name = type === 'AWS::IAM::OIDCProvider' ? withoutScheme(named) : named;
  const build = (format: (name: string) => string, suffix: readonly Piece[] = []): ResolvedValue => {
    const pieces: Piece[] = [];
    format(NAME)
      .split(NAME)
      .forEach((part, index) => {
        if (index > 0) pieces.push(...name);
        if (part) pieces.push({ text: part });
      });
    pieces.push(...suffix);
    return { kind: 'string', pieces, span: NOWHERE, literal: false };
  };
  const arn = naming.arn ? (value: string) => (naming.arn as NonNullable<typeof naming.arn>)(value, context, path !== undefined ? { path } : {}) : undefined;
  // Secrets Manager adds a random suffix to every secret's ARN.
  const arnSuffix: Piece[] = type === 'AWS::SecretsManager::Secret' ? [{ text: '-' }, unknownPiece('the suffix Secrets Manager adds')] : [];
  if (attribute === 'Ref') {
    if (naming.ref === 'name') return build((value) => value);
    if (naming.ref === 'arn') return arn ? build(arn, arnSuffix) : undefined;
    return build((value) => `https://sqs.${context.region}.amazonaws.com/${context.account}/${value}`);
  }
  if (attribute === 'Arn' && arn) return build(arn, arnSuffix);
  const other = naming.attributes?.[attribute];
  return other ? build((value) => other(value, context)) : undefined;
}

/** The pieces of a URL without a leading `https://` (when the first piece is known text that starts so). */
function withoutScheme(pieces: readonly Piece[]): readonly Piece[] {
  const [first, ...rest] = pieces;
  if (first === undefined || first.unknown === true || !first.text.startsWith('https://')) return pieces;
  const text = first.text.slice('https://'.length);
  const moved = first.sourceOffset !== undefined ? { sourceOffset: first.sourceOffset + 'https://'.length } : {};
  return text === '' ? rest : [{ ...first, text, ...moved }, ...rest];
}
