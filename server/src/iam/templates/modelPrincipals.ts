/**
 * The users, groups and roles of a model built from a template, in the hand-written model's shape: what the
 * CloudFormation and Terraform builders both fill, entity by entity, and write as the model's sections.
 */
import type { Json } from './modelJson';

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

  get(name: string): ModelPrincipal {
    let found = this.byName.get(name);
    if (!found) this.byName.set(name, (found = { policies: [], inlinePolicies: {} }));
    return found;
  }

  /** The model's `users`, `groups` or `roles` section; `policyReference` rewrites attached policies (ARN to name). */
  section(policyReference: (policy: string) => string = (policy) => policy): { [name: string]: Json } {
    return Object.fromEntries(
      [...this.byName].map(([name, principal]) => [name, { ...principal, policies: principal.policies.map(policyReference) } as unknown as Json]),
    );
  }
}
