import { compilePolicy } from './compilePolicy';
import type { CompiledStatement } from './compiledPolicy';
import type { PolicyRef } from './model';

/**
 * S3 Block Public Access, `RestrictPublicBuckets` (rule 64, impl.): when a bucket's policy is public, only AWS service
 * principals and principals of the bucket owner's account may use the access it grants; anonymous and cross-account
 * requests are refused.
 *
 * "Public" follows the S3 guide's meaning, simplified: an Allow statement is public when its principal is a wildcard
 * (`*`, `{"AWS": "*"}`, or any NotPrincipal) and no condition pins one of the keys S3 accepts as narrowing it to fixed
 * values (source ARN/account/owner/VPC/endpoint/IP, principal org, user id) with a positive operator and a value
 * without wildcards. IP ranges are taken as narrowing whatever their size (S3 also checks they are not too broad).
 */
const NARROWING_KEYS = new Set(
  [
    'aws:SourceArn',
    'aws:SourceAccount',
    'aws:SourceOwner',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:SourceIp',
    'aws:PrincipalOrgID',
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:userid',
    's3:DataAccessPointAccount',
    's3:DataAccessPointArn',
  ].map((k) => k.toLowerCase()),
);

const cache = new WeakMap<PolicyRef, boolean>();

export function isPublicPolicy(ref: PolicyRef): boolean {
  let known = cache.get(ref);
  if (known === undefined) {
    known = compilePolicy(ref).statements.some(isPublicStatement);
    cache.set(ref, known);
  }
  return known;
}

function isPublicStatement(statement: CompiledStatement): boolean {
  if (statement.effect !== 'Allow' || statement.errors.length > 0 || !statement.principal) return false;
  const principal = statement.principal;
  const wildcard = principal.negated || principal.items.some((item) => item.form === 'any');
  if (!wildcard) return false;
  const narrowed = statement.conditions.some(
    (c) =>
      NARROWING_KEYS.has(c.keyLower) &&
      !c.operator.base.negated &&
      !c.operator.ifExists &&
      c.operator.qualifier === undefined &&
      c.operator.base.category !== 'null' &&
      c.policyValues.length > 0 &&
      c.policyValues.every((v) => !/[*?]/.test(v) || c.operator.base.category === 'ip'),
  );
  return !narrowed;
}
