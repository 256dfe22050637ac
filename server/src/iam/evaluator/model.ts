import type { ParsedPolicy } from '../parser/policyTree';
import type { PolicySource } from './policySource';

/**
 * What the evaluator needs to know about an account model. `model/` builds it from `*.iam-model.json` files and
 * authorization-details exports; tests build it by hand. Policies arrive parsed (with spans); the evaluator compiles
 * each once (see `compilePolicy`) and caches the compiled form on the `PolicyRef` object, so evaluating a request
 * does no parsing.
 */
export interface PolicyRef {
  readonly source: PolicySource;
  readonly parsed: ParsedPolicy;
}

export type Tags = Readonly<Record<string, string>>;

export type PrincipalKind = 'user' | 'role' | 'root';

export interface ModelPrincipal {
  readonly kind: PrincipalKind;
  /** `arn:aws:iam::111111111111:user/path/alice`, `…:role/…`, `…:root`. */
  readonly arn: string;
  readonly accountId: string;
  /** User or role name (no path); `root` for the account root. */
  readonly name: string;
  readonly path: string;
  /** Unique id as AWS would show it (`AIDA…`/`AROA…`), made up deterministically when the model has none. */
  readonly uniqueId: string;
  readonly tags: Tags;
  /** Identity policies: attached managed, inline, and (for users) those of every group, each with its source. */
  readonly identityPolicies: readonly PolicyRef[];
  readonly permissionsBoundary?: PolicyRef;
  /** Role trust policy. */
  readonly trustPolicy?: PolicyRef;
  /** Group names, for users. */
  readonly groups: readonly string[];
  /** True for roles under `/aws-service-role/` (service-linked roles, which SCPs do not affect). */
  readonly serviceLinked: boolean;
}

export interface ModelResource {
  readonly arn: string;
  readonly accountId: string;
  readonly policy?: PolicyRef;
  readonly tags: Tags;
  /**
   * S3 Block Public Access `RestrictPublicBuckets` in effect for this bucket (bucket or account setting): a public
   * bucket policy then admits only the owner account's principals and AWS service principals (rule 64).
   */
  readonly restrictPublicBuckets?: boolean;
}

/** One level of an organization path: the root, an OU, or the account itself. */
export interface OrgLevel {
  readonly id: string;
  readonly scps: readonly PolicyRef[];
  /** RCPs other than the always-attached `RCPFullAWSAccess`, which the evaluator adds itself. */
  readonly rcps: readonly PolicyRef[];
}

export interface ModelAccount {
  readonly id: string;
  /** Root → OUs → account. Empty for a standalone account (no organization). */
  readonly orgPath: readonly OrgLevel[];
  readonly isManagementAccount: boolean;
  readonly organizationId?: string;
}

export interface EvaluationModel {
  account(accountId: string): ModelAccount | undefined;
  /** Finds a user, role or account root by ARN (case-sensitive name part, as AWS). */
  principal(arn: string): ModelPrincipal | undefined;
  /** The resource as listed in the model; for S3 objects, the bucket's entry. */
  resource(arn: string): ModelResource | undefined;
  principals(): readonly ModelPrincipal[];
  resources(): readonly ModelResource[];
}
