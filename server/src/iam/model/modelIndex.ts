import type { ModelAccount, ModelPrincipal, ModelResource } from '../evaluator/model';
import type { PrincipalEntry, PrincipalOutline } from './principalOutline';
import { parseArn, s3BucketOf, splitIamResource } from '../arn';
import type { LoadedModel, ModelGroup, ModelManagedPolicy } from './modelTypes';

/** What one account of the model holds: its principals (the root first), resources, groups and managed policies. */
export interface AccountContents {
  readonly principals: readonly PrincipalEntry[];
  readonly resources: readonly ModelResource[];
  readonly groups: readonly ModelGroup[];
  readonly managedPolicies: readonly ModelManagedPolicy[];
}

/** An account and its contents, or how to build them when a request first reaches the account. */
export type AccountPart =
  { readonly account: ModelAccount; readonly contents: AccountContents } | { readonly account: ModelAccount; readonly build: () => AccountContents };

export interface ModelContents {
  readonly file: string;
  readonly organizationId?: string;
  readonly managementAccountId?: string;
  /** Every account, in the model's order. */
  readonly parts: readonly AccountPart[];
  /** Every file read so far (the model, policy files, exports). */
  readonly files: () => readonly string[];
  /** Whether a text read so far may hold a value a template left open (see `LoadedModel.mayHoldOpenValues`). */
  readonly mayHoldOpenValues: () => boolean;
  /** The accounts left to build whose text may define a resource written exactly `arn`: those that write it. */
  readonly accountsMentioning?: (arn: string) => readonly string[];
}

/** How many principals built for the first time stay built (see `ModelIndex.built`). */
const BUILT_LATELY = 64;

/**
 * How many resource ARNs are sought in the model's text (each search reads all of it) before every account left is
 * built instead. A command that asks a request or two searches a few times; a run of many requests would search once
 * or twice per request while any account is left, which made 10,000 tests over a 12 MB organization take 40 s.
 */
const RESOURCE_SEARCHES = 32;

/**
 * The loaded model with its lookups indexed once, so every request is a few map reads even for huge exports. An
 * account may be built when a request first reaches it (`AccountPart.build`): a lookup builds the accounts its answer
 * may be in (a principal's, by its ARN; a resource's, those that list its ARN), and a listing builds them all, so
 * that the model answers as one built at once.
 */
export class ModelIndex implements LoadedModel {
  readonly file: string;
  readonly organizationId?: string;
  readonly managementAccountId?: string;
  private readonly accountById = new Map<string, ModelAccount>();
  /** Accounts still to build, by id. */
  private readonly unbuilt = new Map<string, () => AccountContents>();
  /** Each account's contents once built, by id. */
  private readonly builtAccounts = new Map<string, AccountContents>();
  /** `resourcesRead`'s list, and how many accounts it holds the resources of. */
  private readResources: { readonly accounts: number; readonly list: readonly ModelResource[] } | undefined;
  /** Where each account's principals are in `entries` once built: [first, end). */
  private readonly entryRange = new Map<string, readonly [number, number]>();
  /** The principals, in the order their accounts were built, each replaced by what it builds once asked for again later (see `built`). */
  private readonly entries: PrincipalEntry[] = [];
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
  /** Resource ARNs whose accounts have been built for a lookup (see `ModelContents.accountsMentioning`). */
  private readonly sought = new Set<string>();
  /** Each account's place in the model, so that of two definitions of one ARN the later one wins, whenever built. */
  private readonly accountOrder = new Map<string, number>();
  private resourceList: readonly ModelResource[] | undefined;
  private accountList: readonly ModelAccount[] | undefined;
  private groupList: readonly ModelGroup[] | undefined;
  private managedList: readonly ModelManagedPolicy[] | undefined;

  constructor(private readonly contents: ModelContents) {
    this.file = contents.file;
    if (contents.organizationId !== undefined) this.organizationId = contents.organizationId;
    if (contents.managementAccountId !== undefined) this.managementAccountId = contents.managementAccountId;
    for (const part of contents.parts) {
      this.accountById.set(part.account.id, part.account);
      this.accountOrder.set(part.account.id, this.accountOrder.size);
      if ('build' in part) this.unbuilt.set(part.account.id, part.build);
      else this.add(part.account.id, part.contents);
    }
  }

  /** Until every account is built, a file an account names (read when it is) may hold one. */
  get mayHoldOpenValues(): boolean {
    return this.unbuilt.size > 0 || this.contents.mayHoldOpenValues();
  }

  /** Indexes an account's contents. */
  private add(accountId: string, contents: AccountContents): void {
    this.builtAccounts.set(accountId, contents);
    const first = this.entries.length;
    for (const principal of contents.principals) {
      const at = this.entries.push(principal) - 1;
      if (this.wins(accountId, this.principalByArn.get(principal.arn))) this.principalByArn.set(principal.arn, at);
      if (this.byName && this.wins(accountId, this.byName.get(nameKey(principal)))) this.byName.set(nameKey(principal), at);
    }
    this.entryRange.set(accountId, [first, this.entries.length]);
    for (const resource of contents.resources) {
      const known = this.resourceByArn.get(resource.arn);
      if (known === undefined || this.placeOf(known.accountId) <= this.placeOf(accountId)) this.resourceByArn.set(resource.arn, resource);
    }
  }

  /** Whether a principal of `accountId` replaces the one at `known` in an index: the model's later definition wins. */
  private wins(accountId: string, known: number | undefined): boolean {
    return known === undefined || this.placeOf((this.entries[known] as PrincipalEntry).accountId) <= this.placeOf(accountId);
  }

  private placeOf(accountId: string): number {
    return this.accountOrder.get(accountId) ?? -1;
  }

  /** Builds the account if it is still to be built. */
  private build(accountId: string): void {
    const build = this.unbuilt.get(accountId);
    if (build === undefined) return;
    this.unbuilt.delete(accountId);
    this.add(accountId, build());
  }

  /** Builds every account still to be built, in the model's order. */
  private buildAll(): void {
    for (const accountId of [...this.unbuilt.keys()]) this.build(accountId);
  }

  /** Every account's contents, in the model's order. */
  private everyAccount(): AccountContents[] {
    this.buildAll();
    return this.contents.parts.map((part) => this.builtAccounts.get(part.account.id) as AccountContents);
  }

  /** Where every principal is in `entries`, in the model's order (its accounts', each in its own). */
  private everyPlace(): number[] {
    this.buildAll();
    const places: number[] = [];
    for (const part of this.contents.parts) {
      const [first, end] = this.entryRange.get(part.account.id) ?? [0, 0];
      for (let at = first; at < end; at++) places.push(at);
    }
    return places;
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
    const parts = parseArn(arn);
    // An account left to build defines its users and roles by name, so their ARNs name it (one that includes an export
    // or a template, whose ARNs are the export's or the template's, was built at load).
    if (parts && this.unbuilt.size > 0) this.build(parts.account);
    const exact = this.principalByArn.get(arn);
    if (exact !== undefined) return exact;
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
      this.entries.forEach((principal, i) => {
        if (this.wins(principal.accountId, byName.get(nameKey(principal)))) byName.set(nameKey(principal), i);
      });
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
    // Accounts built since the marks were made have places past them.
    if (this.builtBefore === undefined || this.builtBefore.length < this.entries.length) {
      const marks = new Uint8Array(this.entries.length);
      if (this.builtBefore) marks.set(this.builtBefore);
      this.builtBefore = marks;
    }
    const before = this.builtBefore;
    if (before[at] === 1) this.entries[at] = principal;
    else {
      before[at] = 1;
      if (this.lately.size >= BUILT_LATELY) this.lately.clear();
      this.lately.set(at, principal);
    }
    return principal;
  }

  resource(arn: string): ModelResource | undefined {
    const bucket = s3BucketOf(arn);
    // Resources are listed by ARN (anything else is refused at load): `*` is in no account.
    if (this.unbuilt.size > 0 && arn.startsWith('arn:')) {
      this.buildMentioning(arn);
      if (bucket !== undefined) this.buildMentioning(bucket);
    }
    const exact = this.resourceByArn.get(arn);
    if (exact) return exact;
    return bucket === undefined ? undefined : this.resourceByArn.get(bucket);
  }

  /**
   * Builds the accounts that may define a resource written `arn`: those whose text writes it. A resource listed under
   * an account its ARN does not name is still found (the loader warns about it), and an ARN without an account (an S3
   * bucket's) is found wherever it is listed. Past `RESOURCE_SEARCHES` ARNs, every account left is built instead.
   */
  private buildMentioning(arn: string): void {
    if (this.sought.has(arn)) return;
    this.sought.add(arn);
    if (this.sought.size > RESOURCE_SEARCHES) this.buildAll();
    else for (const accountId of this.contents.accountsMentioning?.(arn) ?? []) this.build(accountId);
  }

  /** Every principal as far as it is known without building it, in the order of `principals()`. */
  outlines(): readonly PrincipalOutline[] {
    return (this.outlineList ??= this.everyPlace().map((at) => {
      const entry = this.entries[at] as PrincipalEntry;
      return 'build' in entry
        ? { kind: entry.kind, arn: entry.arn, accountId: entry.accountId, name: entry.name, documents: () => entry.documents(), trust: entry.trust }
        : { kind: entry.kind, arn: entry.arn, accountId: entry.accountId, name: entry.name, documents: undefined, trust: entry.trustPolicy };
    }));
  }

  principals(): readonly ModelPrincipal[] {
    if (this.everyone === undefined) {
      // Listed, every principal is kept: the list and later lookups hand out the same objects.
      const places = this.everyPlace();
      const everyone = places.map((at) => this.built(at));
      places.forEach((at, i) => (this.entries[at] = everyone[i] as ModelPrincipal));
      this.lately.clear();
      this.everyone = everyone;
    }
    return this.everyone;
  }

  resources(): readonly ModelResource[] {
    return (this.resourceList ??= this.everyAccount().flatMap((account) => account.resources));
  }

  resourcesRead(): readonly ModelResource[] {
    if (this.resourceList) return this.resourceList;
    // The same list until another account is read: what is worked out from it can be kept by it (closestResources).
    if (this.readResources?.accounts !== this.builtAccounts.size) {
      this.readResources = { accounts: this.builtAccounts.size, list: [...this.builtAccounts.values()].flatMap((account) => account.resources) };
    }
    return this.readResources.list;
  }

  accounts(): readonly ModelAccount[] {
    return (this.accountList ??= this.contents.parts.map((part) => part.account));
  }

  groups(): readonly ModelGroup[] {
    return (this.groupList ??= this.everyAccount().flatMap((account) => account.groups));
  }

  managedPolicies(): readonly ModelManagedPolicy[] {
    return (this.managedList ??= this.everyAccount().flatMap((account) => account.managedPolicies));
  }

  /** Every file the model reads, which for a model built account by account means building them all first. */
  files(): readonly string[] {
    this.buildAll();
    return this.contents.files();
  }
}

/** The key of `ModelIndex.byName`. */
function nameKey(principal: PrincipalEntry): string {
  return `${principal.accountId}:${principal.kind}:${principal.name}`;
}
