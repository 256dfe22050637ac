/**
 * ARN checks of the validator: partitions, regions and accounts AWS accepts, and matching policy ARNs against the ARN
 * formats of the catalog's resource types (splitting ARNs is `../arn.ts`'s job).
 *
 * A policy ARN is a pattern (`*`, `?`, policy variables); an ARN format is a pattern too (`${BucketName}` stands
 * for any non-empty text). "Can this policy ARN name a resource of this type?" is therefore the question whether
 * two patterns have a string in common, which `patternsIntersect` answers exactly with a small dynamic program.
 * Everything here is lenient on purpose: a validator must not report an ARN that AWS would accept.
 */
import { splitArn, type ArnParts } from '../arn';
import { isRegionSyntax, KNOWN_REGIONS } from '../regions';

/** True when a field is a pattern rather than a literal: wildcards or policy variables. */
export function isPatternField(value: string): boolean {
  return value.includes('*') || value.includes('?') || value.includes('${');
}

/** The AWS partitions (commercial, China, GovCloud, the ISO partitions and the European Sovereign Cloud). */
export const KNOWN_PARTITIONS: readonly string[] = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

export { isRegionSyntax, KNOWN_REGIONS };
const KNOWN_REGION_SET = new Set(KNOWN_REGIONS);

export function isKnownRegion(value: string): boolean {
  return KNOWN_REGION_SET.has(value);
}

const ACCOUNT_DIGITS = /^\d{12}$/;
const ACCOUNT_PATTERN = /^[\d*?]+$/;

/**
 * Whether an account field is acceptable: twelve digits, `aws` (AWS-owned resources), empty, or a pattern that
 * could still produce twelve digits (`*`, `1234567890??`, a policy variable such as `${aws:PrincipalAccount}`).
 */
export function isValidAccountField(value: string): boolean {
  if (value === '' || value === 'aws' || ACCOUNT_DIGITS.test(value)) return true;
  if (value.includes('${')) return true;
  if (ACCOUNT_PATTERN.test(value)) {
    if (value.includes('*')) return value.replace(/\*/g, '').length <= 12;
    return value.length === 12;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// Patterns: a pattern is a sequence of tokens; each token is one character class or a star (any text, even empty).

const LITERAL = 0;
const ANY_CHAR = 1;
const STAR = 2;
/** One character other than `/` (inside an ARN format placeholder that names one path segment). */
const SEGMENT_CHAR = 3;
/** Any text, even empty, without `/`. */
const SEGMENT_STAR = 4;

/**
 * Placeholders of the catalog's ARN formats whose values AWS's naming rules keep free of `/`, so that
 * `arn:aws:s3:::amzn-s3-demo-bucket/*` is an object ARN and never a bucket ARN. S3 bucket names, DynamoDB table and
 * index names, SQS queue, SNS topic, Lambda function and Step Functions state machine names, IAM role names without
 * their path and role session names, KMS key ids and EC2 ids are letters, digits and a few of `-_.+=,@`. Keyed by
 * service, because one name means different things in different services: an IoT `${TopicName}` is an MQTT topic
 * (`topic/sensors/kitchen`), an SSM `${RoleName}` carries a path. Every other placeholder may hold any text, and one
 * missing here only makes the validator more lenient. A colon is allowed: a qualified Lambda ARN
 * (`function:my-function:$LATEST`) is matched by policies written for the function's resource type.
 */
const SEGMENT_PLACEHOLDERS: ReadonlySet<string> = new Set([
  's3:BucketName',
  'dynamodb:TableName',
  'dynamodb:IndexName',
  'sqs:QueueName',
  'sns:TopicName',
  'lambda:FunctionName',
  'states:StateMachineName',
  'iam:RoleName',
  'iam:RoleSessionName',
  'kms:KeyId',
  'ec2:InstanceId',
  'ec2:VpcId',
]);

/**
 * A compiled pattern: `kinds[i]` is LITERAL, ANY_CHAR, STAR, SEGMENT_CHAR or SEGMENT_STAR, `chars[i]` the character
 * of a LITERAL token.
 */
export interface Pattern {
  readonly kinds: Uint8Array;
  readonly chars: string;
}

function buildPattern(pushes: (push: (kind: number, ch: string) => void) => void): Pattern {
  const kinds: number[] = [];
  let chars = '';
  pushes((kind, ch) => {
    // Two stars of the same class in a row are one star; dropping the second keeps the dynamic program small.
    if ((kind === STAR || kind === SEGMENT_STAR) && kinds[kinds.length - 1] === kind) return;
    kinds.push(kind);
    chars += ch;
  });
  return { kinds: Uint8Array.from(kinds), chars };
}

const policyPatterns = new Map<string, Pattern>();

/**
 * Compiles text as written in a policy: `*` and `?` are wildcards; a policy variable `${…}` may become any text
 * (it is resolved per request), except the escapes `${*}`, `${?}`, `${$}`, which stand for that literal character.
 */
export function policyPattern(text: string): Pattern {
  // Cached: an editor re-validates the same strings on every keystroke. Bounded like the wildcard cache.
  const cached = policyPatterns.get(text);
  if (cached) return cached;
  const pattern = compilePolicyPattern(text);
  if (policyPatterns.size >= 10_000) policyPatterns.clear();
  policyPatterns.set(text, pattern);
  return pattern;
}

function compilePolicyPattern(text: string): Pattern {
  return buildPattern((push) => {
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      if (c === '$' && text[i + 1] === '{') {
        const close = text.indexOf('}', i + 2);
        if (close > 0) {
          const inner = text.slice(i + 2, close);
          if (inner === '*' || inner === '?' || inner === '$') push(LITERAL, inner);
          else push(STAR, '*');
          i = close;
          continue;
        }
      }
      if (c === '*') push(STAR, '*');
      else if (c === '?') push(ANY_CHAR, '?');
      else push(LITERAL, c);
    }
  });
}

/**
 * Compiles text from an ARN format of the catalog (of `service`'s resource types): `${Placeholder}` is any non-empty
 * text, or one path segment for the placeholders of SEGMENT_PLACEHOLDERS; a literal `*` in a format (a few formats
 * have one, e.g. `arn:${Partition}:health:*::event/…`) is any text.
 */
export function formatPattern(text: string, service = ''): Pattern {
  return buildPattern((push) => {
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      if (c === '$' && text[i + 1] === '{') {
        const close = text.indexOf('}', i + 2);
        if (close > 0) {
          const segment = SEGMENT_PLACEHOLDERS.has(`${service}:${text.slice(i + 2, close)}`);
          push(segment ? SEGMENT_CHAR : ANY_CHAR, '?');
          push(segment ? SEGMENT_STAR : STAR, '*');
          i = close;
          continue;
        }
      }
      if (c === '*') push(STAR, '*');
      else push(LITERAL, c);
    }
  });
}

// Two scratch rows shared by the dynamic programs below (they never run re-entrantly): allocating a table per call
// made the garbage collector the largest cost of validating the managed-policy corpus. Each program fills its table
// from the last row up and reads only the row below, so two rows of the inner pattern's length suffice: memory is
// linear in the patterns, never their product (a full table for two 30,000-character patterns took 900 MB).
let rowA = new Uint8Array(256);
let rowB = new Uint8Array(256);
function rows(width: number): [Uint8Array, Uint8Array] {
  if (rowA.length < width) {
    rowA = new Uint8Array(Math.max(width, rowA.length * 2));
    rowB = new Uint8Array(rowA.length);
  }
  rowA.fill(0, 0, width);
  rowB.fill(0, 0, width);
  return [rowA, rowB];
}

/** The cells `patternCovers` fills for these patterns: the work it does, for callers that budget it. */
export function coverCost(outer: Pattern, inner: Pattern): number {
  return (outer.kinds.length + 1) * (inner.kinds.length + 1);
}

function isStar(kind: number | undefined): boolean {
  return kind === STAR || kind === SEGMENT_STAR;
}

/**
 * Whether one character can satisfy both tokens, each a character token or a star standing for its characters:
 * LITERAL is one character, ANY_CHAR and STAR any, SEGMENT_CHAR and SEGMENT_STAR any but `/`.
 */
function sameCharPossible(ka: number, ca: string, kb: number, cb: string): boolean {
  if (ka === LITERAL && kb === LITERAL) return ca === cb;
  if (ka === LITERAL) return kb === ANY_CHAR || kb === STAR || ca !== '/';
  if (kb === LITERAL) return ka === ANY_CHAR || ka === STAR || cb !== '/';
  return true;
}

/** True when some string matches both patterns (case-sensitive, as ARN matching is). */
export function patternsIntersect(a: Pattern, b: Pattern): boolean {
  const n = a.kinds.length;
  const m = b.kinds.length;
  // Fast rejection on the literal prefixes and suffixes, which is where most mismatches show.
  for (let i = 0; i < n && i < m; i++) {
    if (a.kinds[i] !== LITERAL || b.kinds[i] !== LITERAL) break;
    if (a.chars[i] !== b.chars[i]) return false;
  }
  for (let i = n - 1, j = m - 1; i >= 0 && j >= 0; i--, j--) {
    if (a.kinds[i] !== LITERAL || b.kinds[j] !== LITERAL) break;
    if (a.chars[i] !== b.chars[j]) return false;
  }
  // below[j] / here[j]: a[i+1..] / a[i..] and b[j..] have a common string. Filled from the ends. A star either ends
  // (the next token of its side takes over) or produces one character that the other side's token also produces;
  // two stars producing characters together never help, since that leaves both where they were. A row of zeros
  // makes every row above it zeros too (each cell reads only zeros), so the answer is known as soon as one appears.
  // (The rows are swapped by hand: a destructuring swap runs the iterator protocol per row, which the first
  // validations of a session, still interpreted, paid for.)
  const scratch = rows(m + 1);
  let below = scratch[0];
  let here = scratch[1];
  for (let i = n; i >= 0; i--) {
    let any = 0;
    for (let j = m; j >= 0; j--) {
      if (i === n && j === m) {
        here[j] = 1;
        any = 1;
        continue;
      }
      const ka = i < n ? (a.kinds[i] as number) : -1;
      const kb = j < m ? (b.kinds[j] as number) : -1;
      const ca = a.chars[i] as string;
      const cb = b.chars[j] as string;
      let r = 0;
      if (isStar(ka)) {
        r = below[j] || (j < m && (isStar(kb) || sameCharPossible(ka, ca, kb, cb)) ? here[j + 1] : 0) ? 1 : 0;
      } else if (isStar(kb)) {
        r = here[j + 1] || (i < n && sameCharPossible(ka, ca, kb, cb) ? below[j] : 0) ? 1 : 0;
      } else if (i < n && j < m) {
        r = sameCharPossible(ka, ca, kb, cb) ? (below[j + 1] ?? 0) : 0;
      }
      here[j] = r;
      any |= r;
    }
    if (any === 0) return false;
    const done = here;
    here = below;
    below = done;
  }
  return below[0] === 1;
}

/**
 * True when every string matched by `inner` is also matched by `outer` (a sufficient test: `outer`'s `?` may not
 * stand for `inner`'s `*`). Used for redundancy checks, where a missed redundancy is harmless. Costs
 * `coverCost(outer, inner)` steps and linear memory.
 */
export function patternCovers(outer: Pattern, inner: Pattern): boolean {
  const n = outer.kinds.length;
  const m = inner.kinds.length;
  const scratch = rows(m + 1);
  let below = scratch[0];
  let here = scratch[1];
  for (let i = n; i >= 0; i--) {
    for (let j = m; j >= 0; j--) {
      if (i === n && j === m) {
        here[j] = 1;
        continue;
      }
      const ko = i < n ? outer.kinds[i] : -1;
      const ki = j < m ? inner.kinds[j] : -1;
      let r = 0;
      if (ko === STAR) {
        // The outer star takes nothing more, or swallows the inner token (whatever it is).
        r = below[j] || (j < m ? here[j + 1] : 0) ? 1 : 0;
      } else if (i < n && j < m) {
        if (ko === ANY_CHAR) r = ki !== STAR ? (below[j + 1] ?? 0) : 0;
        else r = ki === LITERAL && outer.chars[i] === inner.chars[j] ? (below[j + 1] ?? 0) : 0;
      }
      here[j] = r;
    }
    const done = here;
    here = below;
    below = done;
  }
  return below[0] === 1;
}

// ---------------------------------------------------------------------------------------------------------------
// ARN formats of resource types.

export type FormatField = 'empty' | 'placeholder' | 'any' | 'literal';

export interface CompiledArnFormat {
  readonly format: string;
  readonly service: string;
  readonly region: FormatField;
  readonly account: FormatField;
  /** The literal value of the account field when it is one (`aws`). */
  readonly accountLiteral: string;
  readonly resource: Pattern;
  /** The service field as a pattern, for policy ARNs with a wildcard in their service. */
  readonly servicePattern: Pattern;
}

function classify(field: string): FormatField {
  if (field === '') return 'empty';
  if (field === '*') return 'any';
  if (field.includes('${')) return 'placeholder';
  return 'literal';
}

const compiledFormats = new Map<string, CompiledArnFormat | null>();

/** Compiles (once, cached) an ARN format of the catalog; undefined for a format that is not an ARN. */
export function compileArnFormat(format: string): CompiledArnFormat | undefined {
  const cached = compiledFormats.get(format);
  if (cached !== undefined) return cached ?? undefined;
  const parts = splitArn(format);
  const compiled = parts
    ? {
        format,
        service: parts.service,
        region: classify(parts.region),
        account: classify(parts.account),
        accountLiteral: parts.account,
        resource: formatPattern(parts.resource, parts.service),
        servicePattern: formatPattern(parts.service),
      }
    : null;
  compiledFormats.set(format, compiled);
  return compiled ?? undefined;
}

/** A policy ARN prepared for matching: its fields and compiled service and resource patterns. */
export interface PolicyArn {
  readonly parts: ArnParts;
  readonly service: Pattern;
  readonly resource: Pattern;
}

export function preparePolicyArn(parts: ArnParts): PolicyArn {
  return { parts, service: policyPattern(parts.service), resource: policyPattern(parts.resource) };
}

/** True when the policy ARN can name a resource of this format (service and resource fields). */
export function arnFitsFormat(arn: PolicyArn, format: CompiledArnFormat): boolean {
  if (format.service.includes('${')) {
    // A format whose service is itself a placeholder (AWS Backup's `arn:${Partition}:${Vendor}:…`) fits any service.
  } else if (!isPatternField(arn.parts.service)) {
    if (arn.parts.service !== format.service) return false;
  } else if (!patternsIntersect(arn.service, format.servicePattern)) {
    return false;
  }
  return resourceFits(arn.resource, format.resource);
}

/**
 * The last answers of `patternsIntersect` for policy resources against format resources. The rules ask the same
 * question many times over: a statement with `s3:Get*` checks its ARNs against the formats of each of the 50-odd
 * actions it grants, which share a few resource types (a 10 KB policy asked 792 times for 364 answers). Policy
 * patterns come from `policyPattern`'s cache, so the same text is the same object; held for a few hundred of them.
 */
const fitsByPolicyPattern = new Map<Pattern, Map<Pattern, boolean>>();
const FITS_REMEMBERED = 256;

function resourceFits(policy: Pattern, format: Pattern): boolean {
  let answers = fitsByPolicyPattern.get(policy);
  if (answers === undefined) {
    if (fitsByPolicyPattern.size >= FITS_REMEMBERED) fitsByPolicyPattern.clear();
    answers = new Map();
    fitsByPolicyPattern.set(policy, answers);
  }
  let fits = answers.get(format);
  if (fits === undefined) {
    fits = patternsIntersect(policy, format);
    answers.set(format, fits);
  }
  return fits;
}
