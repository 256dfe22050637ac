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

/** How many principals built for the first time stay built (see `ModelIndex.built`). */
const BUILT_LATELY = 64;

/** The loaded model with its lookups indexed once, so every request is a few map reads even for huge exports. */
export class ModelIndex implements LoadedModel {
  readonly file: string;
  readonly organizationId?: string;
  readonly managementAccountId?: string;
  readonly mayHoldOpenValues: boolean;
  private readonly accountById = new Map<string, ModelAccount>();
  /** The principals, each replaced by what it builds once it is asked for again later (see `built`). */
  private readonly entries: PrincipalEntry[];
  /** The principals built lately, by place in `entries`, dropped in a batch when full. */
  private readonly lately = new Map<number, ModelPrincipal>();
  /** 1 at the place of each principal built before: built again, it replaces its entry for good. */
  private builtBefore: Uint8Array | undefined;
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

  /**
   * The principal at `at`, built. A principal asked for once (a test run over an organization asks about each of
   * 10,000 principals in turn) is kept only a short while, so that it dies young: keeping them all filled the old
   * generation with principals and their policies, and the collector's copying of them was a tenth of such a run.
   * One asked for again later is kept for good. Within a request, and between a test's checks and its evaluation,
   * every ask gets the same object.
   */
  private built(at: number): ModelPrincipal {
    const entry = this.entries[at] as PrincipalEntry;
    if (!('build' in entry)) return entry;
    const recent = this.lately.get(at);
    if (recent !== undefined) return recent;
    const principal = entry.build();
    const before = (this.builtBefore ??= new Uint8Array(this.entries.length));
    if (before[at] === 1) this.entries[at] = principal;
    else {
      before[at] = 1;
      if (this.lately.size >= BUILT_LATELY) this.lately.clear();
      this.lately.set(at, principal);
    }
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
    if (this.everyone === undefined) {
      // Listed, every principal is kept: the list and later lookups hand out the same objects.
      const everyone = this.entries.map((_, at) => this.built(at));
      everyone.forEach((principal, at) => (this.entries[at] = principal));
      this.lately.clear();
      this.everyone = everyone;
    }
    return this.everyone;
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
