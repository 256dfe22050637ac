/**
 * A small builder of `EvaluationModel`s for the evaluator's table-driven cases (test/cases/evaluator/README.md
 * describes the JSON). It is deliberately independent of the real model loader (server/src/iam/model), so evaluator
 * cases test the evaluator alone.
 */
import { parsePolicy } from '../../../server/src/iam/parser';
import type { EvaluationModel, ModelAccount, ModelPrincipal, ModelResource, OrgLevel, PolicyRef, Tags } from '../../../server/src/iam/evaluator/model';
import type { PolicySource } from '../../../server/src/iam/evaluator/types';
import type { PolicyType } from '../../../server/src/iam/policyTypes';

/** A policy as a case writes it: the document itself, or `{ name, policy }`, or `{ name, text }` for raw text. */
export type PolicySpec = Record<string, unknown>;

export interface OrgLevelSpec {
  id: string;
  scps?: PolicySpec[];
  rcps?: PolicySpec[];
}

export interface AccountSpec {
  id: string;
  orgPath?: OrgLevelSpec[];
  management?: boolean;
  organizationId?: string;
}

export interface PrincipalSpec {
  arn: string;
  policies?: PolicySpec[];
  groups?: { name: string; policies?: PolicySpec[] }[];
  boundary?: PolicySpec;
  trust?: PolicySpec;
  tags?: Record<string, string>;
  uniqueId?: string;
}

export interface ResourceSpec {
  arn: string;
  account: string;
  policy?: PolicySpec;
  tags?: Record<string, string>;
  restrictPublicBuckets?: boolean;
}

export interface ModelSpec {
  accounts?: AccountSpec[];
  users?: PrincipalSpec[];
  roles?: PrincipalSpec[];
  resources?: ResourceSpec[];
}

/** Turns a case's policy into a PolicyRef; `fallbackName` names anonymous documents. */
export function policyRef(spec: PolicySpec, type: PolicyType, fallbackName: string, attachedTo?: string): PolicyRef {
  const isDocument = 'Statement' in spec || 'Version' in spec;
  const name = !isDocument && typeof spec['name'] === 'string' ? spec['name'] : fallbackName;
  let text: string;
  if (!isDocument && typeof spec['text'] === 'string') text = spec['text'];
  else text = JSON.stringify(isDocument ? spec : spec['policy'], null, 2);
  const source: PolicySource = { name, type, file: `case:${name}`, ...(attachedTo ? { attachedTo } : {}) };
  return { source, parsed: parsePolicy(text) };
}

function parseArn(arn: string): { accountId: string; kind: string; path: string; name: string } {
  const parts = arn.split(':');
  const accountId = parts[4] ?? '';
  const resource = parts.slice(5).join(':');
  const slash = resource.indexOf('/');
  const kind = slash < 0 ? resource : resource.slice(0, slash);
  const rest = slash < 0 ? '' : resource.slice(slash + 1);
  const lastSlash = rest.lastIndexOf('/');
  return { accountId, kind, path: lastSlash < 0 ? '/' : `/${rest.slice(0, lastSlash + 1)}`, name: rest.slice(lastSlash + 1) };
}

function principal(spec: PrincipalSpec, kind: 'user' | 'role'): ModelPrincipal {
  const { accountId, path, name } = parseArn(spec.arn);
  const label = `${kind} ${name}`;
  const identityPolicies: PolicyRef[] = (spec.policies ?? []).map((p, i) => policyRef(p, 'identity', `${name}-policy-${i + 1}`, label));
  for (const group of spec.groups ?? []) {
    (group.policies ?? []).forEach((p, i) => identityPolicies.push(policyRef(p, 'identity', `${group.name}-policy-${i + 1}`, `group ${group.name}`)));
  }
  return {
    kind,
    arn: spec.arn,
    accountId,
    name,
    path,
    uniqueId: spec.uniqueId ?? `${kind === 'user' ? 'AIDA' : 'AROA'}${name.toUpperCase().replace(/[^A-Z0-9]/g, '')}EXAMPLE`,
    tags: (spec.tags ?? {}) as Tags,
    identityPolicies,
    ...(spec.boundary ? { permissionsBoundary: policyRef(spec.boundary, 'boundary', `${name}-boundary`, label) } : {}),
    ...(spec.trust ? { trustPolicy: policyRef(spec.trust, 'trust', `${name}-trust`, label) } : {}),
    groups: (spec.groups ?? []).map((g) => g.name),
    serviceLinked: kind === 'role' && path.startsWith('/aws-service-role/'),
  };
}

const FULL_AWS_ACCESS: PolicySpec = {
  name: 'FullAWSAccess',
  policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
};

export function buildCaseModel(spec: ModelSpec): EvaluationModel {
  const accounts = new Map<string, ModelAccount>();
  for (const a of spec.accounts ?? []) {
    const orgPath: OrgLevel[] = (a.orgPath ?? []).map((level) => ({
      id: level.id,
      // AWS attaches FullAWSAccess to every root, OU and account by default: a level that lists no SCPs gets it.
      scps: (level.scps ?? [FULL_AWS_ACCESS]).map((p, i) => policyRef(p, 'scp', `scp-${level.id}-${i + 1}`, level.id)),
      rcps: (level.rcps ?? []).map((p, i) => policyRef(p, 'rcp', `rcp-${level.id}-${i + 1}`, level.id)),
    }));
    accounts.set(a.id, {
      id: a.id,
      orgPath,
      isManagementAccount: a.management ?? false,
      ...(a.organizationId ? { organizationId: a.organizationId } : orgPath.length > 0 ? { organizationId: 'o-exampleorg' } : {}),
    });
  }
  const principals = new Map<string, ModelPrincipal>();
  for (const u of spec.users ?? []) principals.set(u.arn, principal(u, 'user'));
  for (const r of spec.roles ?? []) principals.set(r.arn, principal(r, 'role'));
  for (const id of accounts.keys()) {
    const arn = `arn:aws:iam::${id}:root`;
    principals.set(arn, {
      kind: 'root',
      arn,
      accountId: id,
      name: 'root',
      path: '/',
      uniqueId: id,
      tags: {},
      identityPolicies: [],
      groups: [],
      serviceLinked: false,
    });
  }
  const resources = new Map<string, ModelResource>();
  for (const r of spec.resources ?? []) {
    resources.set(r.arn, {
      arn: r.arn,
      accountId: r.account,
      tags: (r.tags ?? {}) as Tags,
      ...(r.policy ? { policy: policyRef(r.policy, 'resource', `policy of ${r.arn}`, r.arn) } : {}),
      ...(r.restrictPublicBuckets !== undefined ? { restrictPublicBuckets: r.restrictPublicBuckets } : {}),
    });
  }
  return {
    account: (id) => accounts.get(id),
    principal: (arn) => principals.get(arn),
    resource: (arn) => {
      const exact = resources.get(arn);
      if (exact) return exact;
      // S3 objects take their bucket's entry.
      const m = /^(arn:[^:]+:s3:::[^/]+)\//.exec(arn);
      return m ? resources.get(m[1] ?? '') : undefined;
    },
    principals: () => [...principals.values()],
    resources: () => [...resources.values()],
  };
}
