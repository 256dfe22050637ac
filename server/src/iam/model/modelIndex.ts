import type { ModelAccount, ModelPrincipal, ModelResource } from '../evaluator/model';
import type { PrincipalEntry, PrincipalOutline } from './principalOutline';
import { parseArn, s3BucketOf, splitIamResource } from '../arn';
import type { LoadedModel, ModelGroup, ModelManagedPolicy } from './modelTypes';

export interface ModelContents {
  readonly file: string;
  readonly organizationId?: string;
  readonly managementAccountId?: string;
  readonly accounts: readonly ModelAccount[];
  readonly principals: readonly PrincipalEntry[];
  readonly resources: readonly ModelResource[];
  readonly groups: readonly ModelGroup[];
  readonly managedPolicies: readonly ModelManagedPolicy[];
  readonly files: readonly string[];
  readonly mayHoldOpenValues: boolean;
}

/** The loaded model with its lookups indexed once, so every request is a few map reads even for huge exports. */
export class ModelIndex implements LoadedModel {
  readonly file: string;
  readonly organizationId?: string;
  readonly managementAccountId?: string;
  readonly mayHoldOpenValues: boolean;
  private readonly accountById = new Map<string, ModelAccount>();
  /** The principals, each replaced by what it builds the first time it is asked for. */
  private readonly entries: PrincipalEntry[];
  private everyone: readonly ModelPrincipal[] | undefined;
  private outlineList: readonly PrincipalOutline[] | undefined;
  /** ARN → where the principal is in `entries`. */
  private readonly principalByArn = new Map<string, number>();
  /**
   * `account:kind:name` → where the principal is, for ARNs written without (or with a different) path, and role
   * sessions. Made when first needed: requests name principals by their exact ARN, and an export has tens of thousands.
   */
  private byName: Map<string, number> | undefined;
  private readonly resourceByArn = new Map<string, ModelResource>();

  constructor(private readonly contents: ModelContents) {
    this.file = contents.file;
    this.mayHoldOpenValues = contents.mayHoldOpenValues;
    if (contents.organizationId !== undefined) this.organizationId = contents.organizationId;
    if (contents.managementAccountId !== undefined) this.managementAccountId = contents.managementAccountId;
    for (const account of contents.accounts) this.accountById.set(account.id, account);
    this.entries = [...contents.principals];
    this.entries.forEach((principal, i) => this.principalByArn.set(principal.arn, i));
    for (const resource of contents.resources) this.resourceByArn.set(resource.arn, resource);
  }

  account(accountId: string): ModelAccount | undefined {
    return this.accountById.get(accountId);
  }

  /**
   * Exact ARN first. IAM names are unique per account whatever the path, so an ARN whose path differs still finds
   * its user or role; a role-session ARN (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`) finds the role.
   */
  principal(arn: string): ModelPrincipal | undefined {
    const at = this.find(arn);
    return at === undefined ? undefined : this.built(at);
  }

  private find(arn: string): number | undefined {
    const exact = this.principalByArn.get(arn);
    if (exact !== undefined) return exact;
    const parts = parseArn(arn);
    if (!parts) return undefined;
    if (parts.service === 'sts') {
      const [kind, role] = parts.resource.split('/');
      return kind === 'assumed-role' && role ? this.principalByName.get(`${parts.account}:role:${role}`) : undefined;
    }
    if (parts.service !== 'iam') return undefined;
    // A principal of an account the model does not describe (who-can's outsider): no name to look up.
    if (!this.accountById.has(parts.account)) return undefined;
    if (parts.resource === 'root') return this.principalByName.get(`${parts.account}:root:root`);
    const { kind, name } = splitIamResource(parts.resource);
    return kind === 'user' || kind === 'role' ? this.principalByName.get(`${parts.account}:${kind}:${name}`) : undefined;
  }

  private get principalByName(): Map<string, number> {
    if (this.byName === undefined) {
      const byName = new Map<string, number>();
      this.entries.forEach((principal, i) => byName.set(`${principal.accountId}:${principal.kind}:${principal.name}`, i));
      this.byName = byName;
    }
    return this.byName;
  }

  private built(at: number): ModelPrincipal {
    const entry = this.entries[at] as PrincipalEntry;
    if (!('build' in entry)) return entry;
    const principal = entry.build();
    this.entries[at] = principal;
    return principal;
  }

  resource(arn: string): ModelResource | undefined {
    const exact = this.resourceByArn.get(arn);
    if (exact) return exact;
    const bucket = s3BucketOf(arn);
    return bucket === undefined ? undefined : this.resourceByArn.get(bucket);
  }

  /** Every principal as far as it is known without building it, in the order of `principals()`. */
  outlines(): readonly PrincipalOutline[] {
    return (this.outlineList ??= this.entries.map((entry) =>
      'build' in entry
        ? { kind: entry.kind, arn: entry.arn, accountId: entry.accountId, name: entry.name, documents: () => entry.documents(), trust: entry.trust }
        : { kind: entry.kind, arn: entry.arn, accountId: entry.accountId, name: entry.name, documents: undefined, trust: entry.trustPolicy },
    ));
  }

  principals(): readonly ModelPrincipal[] {
    return (this.everyone ??= this.entries.map((_, at) => this.built(at)));
  }

  resources(): readonly ModelResource[] {
    return this.contents.resources;
  }

  accounts(): readonly ModelAccount[] {
    return this.contents.accounts;
  }

  groups(): readonly ModelGroup[] {
    return this.contents.groups;
  }

  managedPolicies(): readonly ModelManagedPolicy[] {
    return this.contents.managedPolicies;
  }

  files(): readonly string[] {
    return this.contents.files;
  }
}
