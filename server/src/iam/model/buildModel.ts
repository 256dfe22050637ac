import type { ModelAccount, ModelPrincipal, ModelResource, OrgLevel, PolicyRef } from '../evaluator/model';
import type { PolicyType } from '../policyTypes';
import { iamArn, rootArn, syntheticUniqueId } from './arns';
import { parseArn } from '../arn';
import { DeferredAccount, type AccountDraft, type PolicyReference, type RoleDraft, type UserDraft } from './accountDraft';
import { closestNames, didYouMean } from './closestNames';
import { DeferredDraft } from './deferredDraft';
import { ModelIndex, type AccountContents, type AccountPart } from './modelIndex';
import type { DeferredPrincipal, PolicyDocument, PrincipalEntry } from './principalOutline';
import type { LoadedModel, ModelGroup, ModelManagedPolicy } from './modelTypes';
import type { OrganizationInfo } from './organization';
import type { AttachmentInfo, PolicyDocumentHandle, PolicyLoader } from './policyLoader';
import { ResourceListings } from './resourceListings';

export interface BuildInput {
  readonly file: string;
  readonly organization?: OrganizationInfo;
  /** Each account the model describes, in its order: its draft, or one to read when a request first reaches it. */
  readonly drafts: ReadonlyMap<string, AccountDraft | DeferredAccount>;
  readonly loader: PolicyLoader;
  readonly extraFiles: Iterable<string>;
  /**
   * Resolve each user's and role's policies when a request first reaches it rather than at load (what is wrong with a
   * reference is still reported at load). Off for eager loads, which build everything up front as the loader once did.
   */
  readonly deferPrincipals?: boolean;
  /** Which deferred accounts' text writes a resource ARN (see `ModelContents.accountsMentioning`). */
  readonly accountsMentioning?: (arn: string) => readonly string[];
}

/**
 * The second pass: resolves every policy and group reference in the drafts (reporting dangling ones with the
 * closest names in scope) and builds the indexed model. A deferred account is read and built when a request first
 * reaches it, and its references are resolved (and reported) then.
 */
export function buildModel(input: BuildInput): LoadedModel {
  const { drafts, loader, organization } = input;
  const accountIds = [...new Set([...(organization?.accounts.map((a) => a.value) ?? []), ...drafts.keys()])];
  const draftOf = (id: string): AccountDraft | undefined => {
    const draft = drafts.get(id);
    return draft instanceof DeferredAccount ? draft.read() : draft;
  };
  const listings = new ResourceListings(new Map(accountIds.map((id, place) => [id, place])));
  const parts = accountIds.map((id): AccountPart => {
    const orgPath: readonly OrgLevel[] = organization?.paths.get(id) ?? [];
    const inOrg = orgPath.length > 0;
    const account: ModelAccount = {
      id,
      orgPath,
      isManagementAccount: inOrg && organization?.managementAccount === id,
      ...(inOrg && organization?.id !== undefined ? { organizationId: organization.id } : {}),
    };
    const build = (): AccountContents => buildAccount(account, draftOf(id), { draftOf, loader, listings, deferPrincipals: input.deferPrincipals === true });
    return drafts.get(id) instanceof DeferredAccount ? { account, build } : { account, contents: build() };
  });

  return new ModelIndex({
    file: input.file,
    ...(organization?.id !== undefined ? { organizationId: organization.id } : {}),
    ...(organization?.managementAccount !== undefined ? { managementAccountId: organization.managementAccount } : {}),
    parts,
    files: () => [input.file, ...input.extraFiles, ...loader.filesRead],
    mayHoldOpenValues: () => loader.openValuesRead,
    ...(input.accountsMentioning ? { accountsMentioning: input.accountsMentioning } : {}),
  });
}

/** What building an account needs besides its draft. */
interface AccountBuilding {
  /** Another account's draft (a deferred one is read), for what a reference to it says. */
  readonly draftOf: (id: string) => AccountDraft | undefined;
  readonly loader: PolicyLoader;
  /** Which account lists each resource, across the accounts built. */
  readonly listings: ResourceListings;
  readonly deferPrincipals: boolean;
}

/** One account's principals (its root first), groups, managed policies and resources, its references resolved. */
function buildAccount(account: ModelAccount, draft: AccountDraft | undefined, building: AccountBuilding): AccountContents {
  const { loader } = building;
  const principals: PrincipalEntry[] = [
    {
      kind: 'root',
      arn: rootArn(account.id),
      accountId: account.id,
      name: 'root',
      path: '/',
      // AWS reports the account id as aws:userid of the root user.
      uniqueId: account.id,
      tags: {},
      identityPolicies: [],
      groups: [],
      serviceLinked: false,
    },
  ];
  if (!draft) return { principals, resources: [], groups: [], managedPolicies: [] };
  const resolver = new ReferenceResolver(draft, building.draftOf, loader, true);
  // The same resolution without a word: what is wrong has been said at load, by `resolver`.
  const quiet = new ReferenceResolver(draft, building.draftOf, loader, false);

  const managed: ModelManagedPolicy[] = [];
  for (const policy of draft.policies.values()) {
    const arn = policy.arn ?? iamArn(draft.id, 'policy', policy.path, policy.name);
    managed.push({ accountId: draft.id, name: policy.name, arn, policy: loader.ref(policy.doc, { name: policy.name, type: 'identity', arn }) });
  }

  const groups: ModelGroup[] = [];
  const groupPolicies = new Map<string, PolicyRef[]>();
  const membersOf = groupMembers(draft);
  for (const group of draft.groups.values()) {
    const attachedTo = `group ${group.name}`;
    const policies = [...resolver.managed(group.policies, 'identity', attachedTo), ...inline(loader, group.inlinePolicies, attachedTo)];
    groupPolicies.set(group.name, policies);
    const members = membersOf.get(group.name) ?? [];
    groups.push({
      accountId: draft.id,
      name: group.name,
      path: group.path,
      arn: group.arn ?? iamArn(draft.id, 'group', group.path, group.name),
      policies,
      members,
    });
  }

  // One at a time: spreading an export's 50,000 principals into one call's arguments can overflow the stack.
  for (const entry of accountPrincipals(draft, { resolver, quiet, loader, groupPolicies }, building.deferPrincipals)) principals.push(entry);

  const resources: ModelResource[] = [];
  for (const resource of draft.resources.values()) {
    building.listings.note(draft.id, resource);
    const policy = resource.policy ? loader.ref(resource.policy, { name: `policy of ${resource.arn}`, type: 'resource', attachedTo: resource.arn }) : undefined;
    resources.push({ arn: resource.arn, accountId: draft.id, tags: resource.tags, ...(policy ? { policy } : {}) });
  }
  return { principals, resources, groups, managedPolicies: managed };
}

/** What building an account's principals needs. */
interface PrincipalBuilding {
  /** Reports what is wrong with references, at load. */
  readonly resolver: ReferenceResolver;
  /** Resolves them again, without a word, when a deferred principal is built. */
  readonly quiet: ReferenceResolver;
  readonly loader: PolicyLoader;
  readonly groupPolicies: Map<string, PolicyRef[]>;
}

/** The account's users and roles, built now or (`defer`) when first asked for, their references checked now either way. */
function accountPrincipals(draft: AccountDraft, building: PrincipalBuilding, defer: boolean): PrincipalEntry[] {
  const entries: PrincipalEntry[] = [];
  for (const user of draft.users.values()) {
    checkUser(user, draft, building.resolver, building.groupPolicies);
    const deferred = new DeferredUser(user, draft, building);
    entries.push(defer ? deferred : deferred.build());
  }
  for (const role of draft.roles.values()) {
    checkRole(role, building.resolver);
    const deferred = new DeferredRole(role, draft, building);
    entries.push(defer ? deferred : deferred.build());
  }
  return entries;
}

/** A user to build when first asked for (one object each, not closures: an export has tens of thousands). */
class DeferredUser implements DeferredPrincipal {
  readonly kind = 'user';
  readonly arn: string;
  readonly accountId: string;
  readonly name: string;

  constructor(
    private readonly user: UserDraft,
    private readonly draft: AccountDraft,
    private readonly building: PrincipalBuilding,
  ) {
    this.arn = user.arn ?? iamArn(draft.id, 'user', user.path, user.name);
    this.accountId = draft.id;
    this.name = user.name;
  }

  build(): ModelPrincipal {
    const { quiet, loader, groupPolicies } = this.building;
    return buildUser(this.user, this.arn, this.draft, quiet, loader, groupPolicies);
  }

  documents(): readonly PolicyDocument[] {
    const { user, building } = this;
    // One list, filled in place: who-can asks this of each of an export's tens of thousands of principals.
    const documents: PolicyDocument[] = building.quiet.documents(user.policies);
    addInlineDocuments(user, documents);
    for (const group of user.groups) documents.push(...(building.groupPolicies.get(group.value) ?? []));
    if (user.permissionsBoundary) documents.push(...building.quiet.documents([user.permissionsBoundary]));
    return documents;
  }
}

class DeferredRole implements DeferredPrincipal {
  readonly kind = 'role';
  readonly arn: string;
  readonly accountId: string;
  readonly name: string;
  readonly trust: PolicyDocumentHandle | undefined;

  constructor(
    private readonly role: RoleDraft,
    private readonly draft: AccountDraft,
    private readonly building: PrincipalBuilding,
  ) {
    this.arn = role.arn ?? iamArn(draft.id, 'role', role.path, role.name);
    this.accountId = draft.id;
    this.name = role.name;
    this.trust = role.trustPolicy;
  }

  build(): ModelPrincipal {
    return buildRole(this.role, this.arn, this.draft, this.building.quiet, this.building.loader);
  }

  documents(): readonly PolicyDocument[] {
    const { role, building } = this;
    const documents: PolicyDocument[] = role.permissionsBoundary ? building.quiet.documents([role.permissionsBoundary]) : [];
    documents.push(...building.quiet.documents(role.policies));
    addInlineDocuments(role, documents);
    return documents;
  }
}

/** Adds the documents of a draft's inline policies (a draft read on demand gives them without the drafts around them). */
function addInlineDocuments(draft: UserDraft | RoleDraft, documents: PolicyDocument[]): void {
  if (draft instanceof DeferredDraft) draft.addInlineDocuments(documents);
  else for (const policy of draft.inlinePolicies) documents.push(policy.doc);
}

/** Users by group they are in, in the order the account lists users, each once. */
function groupMembers(draft: AccountDraft): Map<string, string[]> {
  const members = new Map<string, string[]>();
  for (const user of draft.users.values()) {
    for (const group of user.groups) {
      const list = members.get(group.value) ?? members.set(group.value, []).get(group.value);
      if (list?.at(-1) !== user.name) list?.push(user.name);
    }
  }
  return members;
}

/** Reports what is wrong with a user's references, in the order building the user would meet it. */
function checkUser(user: UserDraft, draft: AccountDraft, resolver: ReferenceResolver, groupPolicies: Map<string, PolicyRef[]>): void {
  const attachedTo = `user ${user.name}`;
  resolver.check(user.policies, 'identity', attachedTo);
  for (const group of user.groups) {
    if (groupPolicies.has(group.value)) continue;
    user.reader.report(
      group.span,
      `User '${user.name}' is in group '${group.value}', which account ${draft.id} does not define.${didYouMean(group.value, draft.groups.keys())}`,
      'danglingReference',
    );
  }
  if (user.permissionsBoundary) resolver.check([user.permissionsBoundary], 'boundary', attachedTo);
}

function checkRole(role: RoleDraft, resolver: ReferenceResolver): void {
  const attachedTo = `role ${role.name}`;
  if (role.permissionsBoundary) resolver.check([role.permissionsBoundary], 'boundary', attachedTo);
  resolver.check(role.policies, 'identity', attachedTo);
}

/** The user with its policies resolved (by a resolver that reports nothing: `checkUser` has). */
function buildUser(
  user: UserDraft,
  arn: string,
  draft: AccountDraft,
  resolver: ReferenceResolver,
  loader: PolicyLoader,
  groupPolicies: Map<string, PolicyRef[]>,
): ModelPrincipal {
  const attachedTo = `user ${user.name}`;
  const identityPolicies = [...resolver.managed(user.policies, 'identity', attachedTo), ...inline(loader, user.inlinePolicies, attachedTo)];
  const groups: string[] = [];
  for (const group of user.groups) {
    const policies = groupPolicies.get(group.value);
    if (!policies) continue;
    groups.push(group.value);
    identityPolicies.push(...policies);
  }
  const boundary = user.permissionsBoundary ? resolver.managed([user.permissionsBoundary], 'boundary', attachedTo)[0] : undefined;
  return {
    kind: 'user',
    arn,
    accountId: draft.id,
    name: user.name,
    path: user.path,
    uniqueId: user.uniqueId ?? syntheticUniqueId('AIDA', arn),
    tags: user.tags,
    identityPolicies,
    ...(boundary ? { permissionsBoundary: boundary } : {}),
    groups,
    serviceLinked: false,
  };
}

function buildRole(role: RoleDraft, arn: string, draft: AccountDraft, resolver: ReferenceResolver, loader: PolicyLoader): ModelPrincipal {
  const attachedTo = `role ${role.name}`;
  const boundary = role.permissionsBoundary ? resolver.managed([role.permissionsBoundary], 'boundary', attachedTo)[0] : undefined;
  const trustPolicy = role.trustPolicy ? loader.ref(role.trustPolicy, { name: `trust policy of role ${role.name}`, type: 'trust', attachedTo }) : undefined;
  return {
    kind: 'role',
    arn,
    accountId: draft.id,
    name: role.name,
    path: role.path,
    uniqueId: role.uniqueId ?? syntheticUniqueId('AROA', arn),
    tags: role.tags,
    identityPolicies: [...resolver.managed(role.policies, 'identity', attachedTo), ...inline(loader, role.inlinePolicies, attachedTo)],
    ...(boundary ? { permissionsBoundary: boundary } : {}),
    ...(trustPolicy ? { trustPolicy } : {}),
    groups: [],
    // Service-linked roles live under /aws-service-role/ (IAM User Guide, "Using service-linked roles").
    serviceLinked: role.path.startsWith('/aws-service-role/'),
  };
}

function inline(loader: PolicyLoader, policies: readonly { name: string; doc: PolicyDocumentHandle }[], attachedTo: string): PolicyRef[] {
  // "inline policy X" so that explanations tell inline policies from managed ones of the same name.
  return policies.map((p) => loader.ref(p.doc, { name: `inline policy ${p.name}`, type: 'identity', attachedTo }));
}

/** Resolves managed-policy references within one account: a name, a customer managed ARN, or an AWS managed ARN. */
class ReferenceResolver {
  constructor(
    private readonly draft: AccountDraft,
    private readonly draftOf: (id: string) => AccountDraft | undefined,
    private readonly loader: PolicyLoader,
    /** False for a resolver that only builds, after another has reported (see `checkUser`). */
    private readonly reporting: boolean,
  ) {}

  private readonly found = new Map<string, { readonly doc: PolicyDocumentHandle; readonly name: string; readonly arn: string }>();

  managed(references: readonly PolicyReference[], type: PolicyType, attachedTo: string): PolicyRef[] {
    const refs: PolicyRef[] = [];
    for (const reference of references) {
      const target = this.resolve(reference, type, attachedTo);
      if (target) refs.push(this.loader.ref(target.doc, target.use));
    }
    return refs;
  }

  /** The documents the references name, building nothing (for who-can's index, see `DeferredPrincipal`). */
  documents(references: readonly PolicyReference[]): PolicyDocumentHandle[] {
    const documents: PolicyDocumentHandle[] = [];
    for (const reference of references) {
      // Found before (a policy attached to thousands): no attachment record made just to be dropped.
      const doc = this.found.get(reference.value)?.doc ?? this.resolve(reference, 'identity', '')?.doc;
      if (doc) documents.push(doc);
    }
    return documents;
  }

  /** Reports what is wrong with the references, building nothing. */
  check(references: readonly PolicyReference[], type: PolicyType, attachedTo: string): void {
    // One found before reports nothing: no attachment record is made for it just to be dropped (an export's every
    // user and role is checked, most attaching policies that others attach too).
    for (const reference of references) if (!this.found.has(reference.value)) this.resolve(reference, type, attachedTo);
  }

  /** The message is worded only when it is said. */
  private report(reference: PolicyReference, message: () => string, code: string): void {
    if (this.reporting) reference.reader.report(reference.span, message(), code);
  }

  /** Every policy name the account defines, loadable or not: the candidates for "did you mean". */
  private definedPolicyNames(): string[] {
    return [...this.draft.policies.keys(), ...this.draft.unloadablePolicies];
  }

  private resolve(reference: PolicyReference, type: PolicyType, attachedTo: string): Target | undefined {
    // What a reference names does not depend on who attaches it: found once per name or ARN (only failures are worded).
    const known = this.found.get(reference.value);
    if (known !== undefined) return { doc: known.doc, use: { name: known.name, type, arn: known.arn, attachedTo } };
    const target = this.lookUp(reference, type, attachedTo);
    if (target?.use.arn !== undefined) this.found.set(reference.value, { doc: target.doc, name: target.use.name, arn: target.use.arn });
    return target;
  }

  private lookUp(reference: PolicyReference, type: PolicyType, attachedTo: string): Target | undefined {
    const { value } = reference;
    const role = type === 'boundary' ? 'permissions boundary' : 'policy';
    if (!value.startsWith('arn:')) {
      const policy = this.draft.policies.get(value);
      if (policy) {
        const arn = policy.arn ?? iamArn(this.draft.id, 'policy', policy.path, policy.name);
        return { doc: policy.doc, use: { name: policy.name, type, arn, attachedTo } };
      }
      if (this.draft.unloadablePolicies.has(value)) return undefined;
      this.report(
        reference,
        () =>
          `The ${role} '${value}' of ${attachedTo} is not a policy of account ${this.draft.id}.${didYouMean(value, this.definedPolicyNames()) || ' Define it under "policies", or use a policy ARN.'}`,
        'danglingReference',
      );
      return undefined;
    }
    const arn = parseArn(value);
    if (!arn || arn.service !== 'iam' || !arn.resource.startsWith('policy/')) {
      this.report(reference, () => `'${value}' is not a policy ARN (arn:aws:iam::ACCOUNT:policy/NAME or arn:aws:iam::aws:policy/NAME).`, 'invalidArn');
      return undefined;
    }
    const name = arn.resource.slice(arn.resource.lastIndexOf('/') + 1);
    if (arn.account === 'aws') {
      const doc = this.draft.awsManaged.get(value) ?? this.loader.awsManaged(value);
      if (doc) return { doc, use: { name, type, arn: value, attachedTo } };
      this.report(
        reference,
        () => `The AWS managed policy ${value} (${role} of ${attachedTo}) is not in the bundled snapshot of AWS managed policies.${this.snapshotHint(name)}`,
        'danglingReference',
      );
      return undefined;
    }
    if (arn.account !== this.draft.id) {
      const other = this.draftOf(arn.account)?.policies.has(name);
      this.report(
        reference,
        () =>
          `${value} belongs to account ${arn.account}${other ? '' : ' (and is not defined there)'}; IAM attaches only customer managed policies of the same account (${this.draft.id}).`,
        'danglingReference',
      );
      return undefined;
    }
    const policy = this.draft.policies.get(name);
    if (policy) return { doc: policy.doc, use: { name, type, arn: value, attachedTo } };
    if (this.draft.unloadablePolicies.has(name)) return undefined;
    this.report(
      reference,
      () =>
        `The ${role} ${value} of ${attachedTo} is not a policy of account ${this.draft.id}.${
          // A template often attaches a policy defined elsewhere: say how a model can hold it.
          didYouMean(name, this.definedPolicyNames()) ||
          ` Define it under the account's "policies" (a model file can include a template with "templates" and define the policies it only names).`
        }`,
      'danglingReference',
    );
    return undefined;
  }

  /** Which policies of the snapshot have a name close to `name`, as a sentence (or why there is none). */
  private snapshotHint(name: string): string {
    const known = this.loader.awsManagedList();
    const close = closestNames(
      name,
      known.map((p) => p.name),
    ).map((n) => known.find((p) => p.name === n)?.arn ?? n);
    if (close.length > 0) return ` Did you mean ${close.map((a) => `'${a}'`).join(' or ')}?`;
    return known.length === 0 ? ' (No snapshot of AWS managed policies is loaded.)' : '';
  }
}

/** A reference resolved: the document, and how it is used. */
interface Target {
  readonly doc: PolicyDocumentHandle;
  readonly use: AttachmentInfo;
}
