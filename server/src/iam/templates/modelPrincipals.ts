/**
 * The account of a model built from a template, in the hand-written model's shape: the users, groups, roles,
 * managed policies and resource policies the CloudFormation and Terraform builders both fill, entity by entity, and
 * the model JSON they both write from them.
 */
import type { Span } from '../span';
import { DeclaredEntry, type Json } from './modelJson';

export interface ModelPrincipal {
  path?: string;
  trustPolicy?: Json;
  groups?: string[];
  policies: string[];
  inlinePolicies: { [name: string]: Json };
  permissionsBoundary?: string;
  description?: string;
}

/** Principals of one kind by name, created on first mention (an attachment may come before its role). */
export class ModelPrincipals {
  private readonly byName = new Map<string, ModelPrincipal>();
  /** Where the template declares each principal (its resource's logical id), for go-to-definition. */
  private readonly declaredAt = new Map<string, Span>();

  get(name: string): ModelPrincipal {
    let found = this.byName.get(name);
    if (!found) this.byName.set(name, (found = { policies: [], inlinePolicies: {} }));
    return found;
  }

  /** The principal `name`, declared by the resource whose logical id is at `span`. */
  declared(name: string, span: Span): ModelPrincipal {
    if (!this.declaredAt.has(name)) this.declaredAt.set(name, span);
    return this.get(name);
  }

  /** The model's `users`, `groups` or `roles` section; `policyReference` rewrites attached policies (ARN to name). */
  section(policyReference: (policy: string) => string = (policy) => policy): { [name: string]: Json } {
    return Object.fromEntries(
      [...this.byName].map(([name, principal]) => {
        const entry = { ...principal, policies: principal.policies.map(policyReference) } as unknown as Json;
        const declaration = this.declaredAt.get(name);
        return [name, declaration ? new DeclaredEntry(entry, declaration) : entry];
      }),
    );
  }
}

/** What a template's (or module's) resources add up to: one account's principals, managed policies and resource policies. */
export interface AccountParts {
  readonly users: ModelPrincipals;
  readonly groups: ModelPrincipals;
  readonly roles: ModelPrincipals;
  readonly policies: { [name: string]: Json };
  readonly resources: { [arn: string]: { policy: Json; description: string } };
}

export function emptyAccountParts(): AccountParts {
  return { users: new ModelPrincipals(), groups: new ModelPrincipals(), roles: new ModelPrincipals(), policies: {}, resources: {} };
}

/** The model of the one account the parts make up; `policyReference` rewrites attached policies (ARN to name). */
export function accountModel(description: string, account: string, name: string, parts: AccountParts, policyReference?: (policy: string) => string): Json {
  const section = (principals: ModelPrincipals): { [name: string]: Json } => principals.section(policyReference);
  return {
    description,
    accounts: {
      [account]: {
        name,
        policies: parts.policies,
        users: section(parts.users),
        groups: section(parts.groups),
        roles: section(parts.roles),
        resources: parts.resources as unknown as Json,
      },
    },
  };
}
