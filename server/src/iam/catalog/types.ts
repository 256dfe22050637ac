/**
 * The action catalog as the rest of the core sees it. It is an interface so that tests can inject a tiny catalog;
 * `createCatalog` (catalog.ts) builds the real one over generated data that it loads lazily, one service at a time.
 * All lookups are case-insensitive where AWS is (service prefixes, action names, condition key names) and return
 * names in AWS's canonical spelling.
 */
export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

/** Condition key types as the AWS Service Authorization Reference writes them. */
export type ConditionKeyType =
  | 'String'
  | 'ARN'
  | 'Bool'
  | 'Date'
  | 'IPAddress'
  | 'Numeric'
  | 'Binary'
  | 'ArrayOfString'
  | 'ArrayOfARN'
  | 'ArrayOfBool'
  | 'ArrayOfDate'
  | 'ArrayOfIPAddress'
  | 'ArrayOfNumeric'
  | 'ArrayOfBinary';

export interface CatalogProvenance {
  /** npm package the data came from, and its version. */
  readonly source: string;
  readonly version: string;
  /** When the source data was last updated (ISO date). */
  readonly dataDate: string;
}

export interface ServiceSummary {
  /** The service prefix used in actions, lowercase (`s3`, `ec2`). */
  readonly prefix: string;
  readonly name: string;
}

export interface ActionResourceType {
  /** Resource type key (`bucket`, `object`), or `*` is never used: wildcard-only actions have an empty list. */
  readonly name: string;
  readonly required: boolean;
  readonly conditionKeys: readonly string[];
  readonly dependentActions: readonly string[];
}

/** Why a catalog entry is known to be incomplete, with the AWS page that says what it lacks. */
export interface CatalogNote {
  readonly text: string;
  readonly url: string;
}

export interface ActionInfo {
  readonly service: string;
  /** Canonical spelling (`GetObject`). */
  readonly name: string;
  readonly description: string;
  readonly accessLevel: AccessLevel;
  readonly resourceTypes: readonly ActionResourceType[];
  /** Condition keys of the action itself (request keys), not those of its resource types. */
  readonly conditionKeys: readonly string[];
  readonly dependentActions: readonly string[];
  /**
   * Set when the generated entry is known to be incomplete (see corrections.json): what depends on its resource
   * types or keys must say so rather than assert.
   */
  readonly catalogNote?: CatalogNote;
}

export interface ResourceTypeInfo {
  readonly service: string;
  readonly name: string;
  /** ARN format with `${Placeholders}`, e.g. `arn:${Partition}:s3:::${BucketName}/${ObjectName}`. */
  readonly arnFormats: readonly string[];
  readonly conditionKeys: readonly string[];
}

export interface ConditionKeyInfo {
  /** Canonical spelling; tag-style keys keep their placeholder (`aws:RequestTag/${TagKey}`). */
  readonly key: string;
  readonly description: string;
  readonly type: ConditionKeyType;
  /** True for ArrayOf* types: the request may carry several values, and operators need a set qualifier. */
  readonly multiValued: boolean;
  /** True for the global `aws:` keys that apply to every service. */
  readonly global: boolean;
  /** Service prefix for service keys; `aws` for global keys. */
  readonly service: string;
}

export interface Catalog {
  readonly provenance: CatalogProvenance;
  /** Every service, sorted by prefix. */
  services(): readonly ServiceSummary[];
  service(prefix: string): ServiceSummary | undefined;
  /** Every action of one service. */
  actions(servicePrefix: string): readonly ActionInfo[];
  action(servicePrefix: string, actionName: string): ActionInfo | undefined;
  /**
   * Actions matched by an IAM action pattern (`s3:Get*`, `ec2:Describe?pc*`, `*`), in catalog order.
   * Service part and action part are matched case-insensitively, `*` and `?` as IAM does.
   */
  actionsMatching(pattern: string): readonly ActionInfo[];
  resourceTypes(servicePrefix: string): readonly ResourceTypeInfo[];
  resourceType(servicePrefix: string, name: string): ResourceTypeInfo | undefined;
  /**
   * Looks up a condition key, global or service-specific, including tag-style keys written with a concrete tag
   * (`aws:ResourceTag/team` finds `aws:ResourceTag/${TagKey}`).
   */
  conditionKey(name: string): ConditionKeyInfo | undefined;
  /** Every key of one service (not the global ones). */
  serviceConditionKeys(servicePrefix: string): readonly ConditionKeyInfo[];
  globalConditionKeys(): readonly ConditionKeyInfo[];
  /** Services that support resource control policies. */
  rcpSupportedServices(): readonly string[];
}
