import type { Span } from '../span';
import type { JsonReader, LocatedString } from './jsonReader';
import type { PolicyDocumentHandle } from './policyLoader';

/**
 * The loader reads in two passes: first every source (model file, authorization-details exports) into these drafts,
 * then `buildModel` resolves references. Two passes make references order-independent (a user may name a group or
 * policy defined further down, or in an export) and let dangling ones be reported with every name in scope.
 */

/** A reference to a managed policy as written: a name or an ARN, with where it was written. */
export interface PolicyReference {
  readonly value: string;
  readonly span: Span;
  readonly reader: JsonReader;
}

export interface InlinePolicyDraft {
  readonly name: string;
  readonly doc: PolicyDocumentHandle;
}

interface EntityDraft {
  readonly name: string;
  readonly path: string;
  readonly policies: PolicyReference[];
  readonly inlinePolicies: InlinePolicyDraft[];
  /** Where the entity is defined (its key), for messages. */
  readonly span: Span;
  readonly reader: JsonReader;
  /** Unique id and ARN from an export, when known. */
  readonly uniqueId?: string;
  readonly arn?: string;
}

export interface UserDraft extends EntityDraft {
  readonly groups: LocatedString[];
  readonly tags: Record<string, string>;
  readonly permissionsBoundary?: PolicyReference;
}

export interface RoleDraft extends EntityDraft {
  readonly tags: Record<string, string>;
  readonly permissionsBoundary?: PolicyReference;
  readonly trustPolicy?: PolicyDocumentHandle;
}

export type GroupDraft = EntityDraft;

export interface ManagedPolicyDraft {
  readonly name: string;
  readonly path: string;
  readonly arn?: string;
  readonly doc: PolicyDocumentHandle;
}

export interface ResourceDraft {
  readonly arn: string;
  readonly policy?: PolicyDocumentHandle;
  readonly tags: Record<string, string>;
  /** Where the account lists it (its ARN key), for what is said about the listing. */
  readonly listedAt: { readonly reader: JsonReader; readonly span: Span };
}

export interface AccountDraft {
  readonly id: string;
  readonly policies: Map<string, ManagedPolicyDraft>;
  /**
   * Policies the model defines whose document could not be read (already reported where they are defined): a
   * reference to one is not reported again as dangling, and their names still count for "did you mean".
   */
  readonly unloadablePolicies: Set<string>;
  readonly users: Map<string, UserDraft>;
  readonly groups: Map<string, GroupDraft>;
  readonly roles: Map<string, RoleDraft>;
  readonly resources: Map<string, ResourceDraft>;
  /** AWS managed policy documents an export carried (preferred over the bundled snapshot: they are what the account saw). */
  readonly awsManaged: Map<string, PolicyDocumentHandle>;
}

export function emptyAccount(id: string): AccountDraft {
  return {
    id,
    policies: new Map(),
    unloadablePolicies: new Set(),
    users: new Map(),
    groups: new Map(),
    roles: new Map(),
    resources: new Map(),
    awsManaged: new Map(),
  };
}

/**
 * An account whose section is read when a request first reaches it (loadModel's `accountsOnDemand`): `read` reads it
 * into a draft, reporting what is wrong in it then.
 */
export class DeferredAccount {
  private draft: AccountDraft | undefined;

  constructor(private readonly readDraft: () => AccountDraft) {}

  read(): AccountDraft {
    return (this.draft ??= this.readDraft());
  }
}
