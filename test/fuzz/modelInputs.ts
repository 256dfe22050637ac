/**
 * Inputs for the model loader and the evaluator: a set of in-memory files (a model plus the policy files it names)
 * and requests. Models are either an example model with one of its files mutated, or a generated model whose
 * every part (organization, accounts, users, groups, roles, resources, references) is drawn at random from the
 * vocabulary, with policies taken from the corpus and often mutated.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Prng } from './prng';
import { mutateText, randomJson, serialise, type Json } from './mutators';
import { ACTIONS, CONDITION_KEYS, CONDITION_VALUES, PRINCIPALS, RESOURCES } from './vocabulary';

/** Virtual files by absolute path; `main` is the model. */
export interface ModelFiles {
  readonly main: string;
  readonly files: Readonly<Record<string, string>>;
}

/** A request whose principal is given, or picked by index among the loaded model's principals. */
export interface FuzzRequest {
  readonly principal: string | { readonly index: number };
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

/** Every JSON file under examples/, keyed by a virtual path under /examples (the loader resolves paths purely). */
export function exampleFiles(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.json')) files[`/${relative(root, full).split('\\').join('/')}`] = readFileSync(full, 'utf8');
    }
  };
  walk(join(root, 'examples'));
  return files;
}

const ACCOUNTS = ['111111111111', '222222222222', '333333333333', '999999999999', '12345', 'not-an-account'];

function policyText(rng: Prng, policies: readonly string[]): string {
  const base = rng.pick(policies);
  return rng.chance(0.5) ? base : mutateText(base, rng).text;
}

function policyValue(rng: Prng, policies: readonly string[], files: Record<string, string>): Json {
  const roll = rng.next();
  if (roll < 0.35) {
    const path = `/fuzz/policies/p${rng.int(0, 9)}.json`;
    files[path] = policyText(rng, policies);
    return rng.chance(0.9) ? `./policies/${path.slice(15)}` : rng.pick(['./missing.json', '../../etc/passwd', '', '/fuzz', './policies/']);
  }
  if (roll < 0.9) {
    try {
      return JSON.parse(policyText(rng, policies)) as Json;
    } catch {
      return randomJson(rng, 3);
    }
  }
  return randomJson(rng, 3);
}

function names(rng: Prng, prefix: string, max: number): string[] {
  return Array.from({ length: rng.int(0, max) }, (_, i) => (rng.chance(0.05) ? rng.pick(['', ' ', '../x', 'a/b', '😀']) : `${prefix}${i}`));
}

/** A generated model: every section present at random, references sometimes dangling, values sometimes odd. */
function generatedModel(rng: Prng, policies: readonly string[]): ModelFiles {
  const files: Record<string, string> = {};
  const accounts: Record<string, Json> = {};
  for (const id of rng.sample(ACCOUNTS, rng.int(1, 3))) {
    const policyNames = names(rng, 'Policy', 4);
    const pickRefs = (): Json =>
      rng.sample([...policyNames, 'arn:aws:iam::aws:policy/ReadOnlyAccess', `arn:aws:iam::${id}:policy/Policy0`, 'Nope'], rng.int(0, 3));
    const groupNames = names(rng, 'group', 3);
    const section: Record<string, Json> = {
      policies: Object.fromEntries(policyNames.map((n) => [n, policyValue(rng, policies, files)])),
      groups: Object.fromEntries(
        groupNames.map((n) => [n, { policies: pickRefs(), inlinePolicies: rng.chance(0.3) ? { inline: policyValue(rng, policies, files) } : {} }]),
      ),
      users: Object.fromEntries(
        names(rng, 'user', 5).map((n) => [
          n,
          {
            groups: rng.sample([...groupNames, 'ghost'], rng.int(0, 2)),
            policies: pickRefs(),
            ...(rng.chance(0.3) ? { permissionsBoundary: rng.pick([...policyNames, 'Missing', null]) ?? null } : {}),
            ...(rng.chance(0.3) ? { inlinePolicies: { own: policyValue(rng, policies, files) } } : {}),
            ...(rng.chance(0.3) ? { tags: { team: rng.pick(CONDITION_VALUES) } } : {}),
            ...(rng.chance(0.2) ? { path: rng.pick(['/', '/ci/', 'no-slash', '/aws-service-role/x/']) } : {}),
          },
        ]),
      ),
      roles: Object.fromEntries(
        names(rng, 'role', 4).map((n) => [
          n,
          {
            trustPolicy: policyValue(rng, policies, files),
            policies: pickRefs(),
            ...(rng.chance(0.3) ? { permissionsBoundary: rng.pick(policyNames.length ? policyNames : ['Missing']) } : {}),
            ...(rng.chance(0.2) ? { path: rng.pick(['/aws-service-role/ecs.amazonaws.com/', '/service-role/']) } : {}),
          },
        ]),
      ),
      resources: Object.fromEntries(
        rng
          .sample([...RESOURCES], rng.int(0, 3))
          .map((arn) => [arn, rng.chance(0.7) ? { policy: policyValue(rng, policies, files), tags: { env: 'prod' } } : {}]),
      ),
    };
    for (const key of Object.keys(section)) if (rng.chance(0.15)) delete section[key];
    if (rng.chance(0.05)) section[rng.pick(['unknownKey', 'Users', 'authorizationDetails'])] = randomJson(rng, 2);
    accounts[id] = section;
  }
  const model: Record<string, Json> = { accounts };
  if (rng.chance(0.6)) {
    const accountIds = Object.keys(accounts);
    const orgPolicies = Object.fromEntries(names(rng, 'Scp', 3).map((n) => [n, policyValue(rng, policies, files)]));
    const scps = (): Json => rng.sample(['FullAWSAccess', ...Object.keys(orgPolicies), 'Missing'], rng.int(0, 3));
    const level = (depth: number, id: string): Json => ({
      id,
      ...(rng.chance(0.7) ? { scps: scps() } : {}),
      ...(rng.chance(0.4) ? { rcps: scps() } : {}),
      accounts: rng.sample(accountIds, rng.int(0, accountIds.length)).map((a) => (rng.chance(0.2) ? { id: a, scps: scps() } : a)),
      children: depth > 0 && rng.chance(0.6) ? [level(depth - 1, `ou-${depth}-${rng.int(0, 9)}`)] : [],
    });
    model['organization'] = {
      id: rng.pick(['o-a1b2c3d4e5', 'o-x', '']),
      managementAccount: rng.pick([...accountIds, '999999999999']),
      policies: orgPolicies,
      root: level(rng.int(0, 4), 'r-root'),
    };
  }
  const main = '/fuzz/model.iam-model.json';
  files[main] = serialise(model, rng);
  if (rng.chance(0.3)) files[main] = mutateText(files[main], rng).text;
  return { main, files };
}

/** A policy document as exports carry it: an object, URL-encoded text (the raw API), or broken encodings. */
function exportedDocument(rng: Prng, policies: readonly string[]): Json {
  const text = policyText(rng, policies);
  // encodeURIComponent refuses lone surrogates, which mutated texts may hold.
  const encoded = encodeURIComponent(text.replace(/[\ud800-\udfff]/g, '?'));
  switch (rng.int(0, 4)) {
    case 0:
      return encoded;
    case 1:
      return text;
    case 2:
      return `${encoded.slice(0, rng.int(0, 40))}%${rng.pick(['', 'G', 'E0%A4', 'zz', 'D8'])}`;
    default:
      try {
        return JSON.parse(text) as Json;
      } catch {
        return randomJson(rng, 3);
      }
  }
}

/** An `aws iam get-account-authorization-details` export, opened as a model of one account. */
function generatedExport(rng: Prng, policies: readonly string[]): ModelFiles {
  const account = rng.pick(ACCOUNTS);
  const policyNames = names(rng, 'Managed', 4);
  const attached = (): Json => rng.sample(policyNames, rng.int(0, 2)).map((n) => ({ PolicyName: n, PolicyArn: `arn:aws:iam::${account}:policy/${n}` }));
  const groupNames = names(rng, 'group', 3);
  const exported: Record<string, Json> = {
    UserDetailList: names(rng, 'user', 4).map((n) => ({
      UserName: n,
      Arn: `arn:aws:iam::${account}:user/${n}`,
      Path: rng.pick(['/', '/ops/', 'bad']),
      GroupList: rng.sample([...groupNames, 'ghost'], rng.int(0, 2)),
      AttachedManagedPolicies: attached(),
      UserPolicyList: [{ PolicyName: 'inline', PolicyDocument: exportedDocument(rng, policies) }],
      ...(rng.chance(0.3)
        ? {
            PermissionsBoundary: {
              PermissionsBoundaryType: 'Policy',
              PermissionsBoundaryArn: `arn:aws:iam::${account}:policy/${rng.pick([...policyNames, 'Missing'])}`,
            },
          }
        : {}),
      Tags: [{ Key: 'team', Value: rng.pick(CONDITION_VALUES) }],
    })),
    GroupDetailList: groupNames.map((n) => ({
      GroupName: n,
      Arn: `arn:aws:iam::${account}:group/${n}`,
      AttachedManagedPolicies: attached(),
      GroupPolicyList: [{ PolicyName: 'g', PolicyDocument: exportedDocument(rng, policies) }],
    })),
    RoleDetailList: names(rng, 'role', 3).map((n) => ({
      RoleName: n,
      Arn: `arn:aws:iam::${account}:role/${n}`,
      AssumeRolePolicyDocument: exportedDocument(rng, policies),
      AttachedManagedPolicies: attached(),
      RolePolicyList: [],
    })),
    Policies: policyNames.map((n) => ({
      PolicyName: n,
      Arn: `arn:aws:iam::${account}:policy/${n}`,
      DefaultVersionId: 'v2',
      PolicyVersionList: [
        { VersionId: 'v1', IsDefaultVersion: false, Document: exportedDocument(rng, policies) },
        { VersionId: 'v2', IsDefaultVersion: rng.chance(0.8), Document: exportedDocument(rng, policies) },
      ],
    })),
  };
  for (const key of Object.keys(exported)) if (rng.chance(0.1)) exported[key] = randomJson(rng, 2);
  const main = '/fuzz/export.json';
  return { main, files: { [main]: rng.chance(0.8) ? serialise(exported, rng) : mutateText(serialise(exported, rng), rng).text } };
}

/** A model input: a mutated example model (when there are examples), an export, or a generated model. */
export function modelInput(rng: Prng, policies: readonly string[], examples: Readonly<Record<string, string>>): ModelFiles {
  const models = Object.keys(examples).filter((p) => p.endsWith('.iam-model.json'));
  if (models.length > 0 && rng.chance(0.4)) {
    const main = rng.pick(models);
    const files = { ...examples };
    const target = rng.chance(0.6) ? main : rng.pick(Object.keys(files));
    files[target] = mutateText(files[target] ?? '', rng).text;
    return { main, files };
  }
  return rng.chance(0.2) ? generatedExport(rng, policies) : generatedModel(rng, policies);
}

export function randomRequests(rng: Prng): FuzzRequest[] {
  return Array.from({ length: rng.int(1, 4) }, () => {
    const context: Record<string, string | string[]> = {};
    for (let i = rng.int(0, 4); i > 0; i--) {
      context[rng.pick(CONDITION_KEYS)] = rng.chance(0.7) ? rng.pick(CONDITION_VALUES) : rng.sample(CONDITION_VALUES, rng.int(0, 3));
    }
    return {
      principal: rng.chance(0.7) ? { index: rng.int(0, 50) } : rng.pick(PRINCIPALS),
      action: rng.pick(ACTIONS),
      resource: rng.pick(RESOURCES),
      ...(rng.chance(0.8) ? { context } : {}),
    };
  });
}
