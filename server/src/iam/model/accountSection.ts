import { normalisePath } from './arns';
import { parseArn } from '../arn';
import type { AccountDraft, InlinePolicyDraft, PolicyReference } from './accountDraft';
import { type JsonNode, type JsonReader, type Prop } from './jsonReader';
import type { PolicyLoader } from './policyLoader';

const ACCOUNT_KEYS = ['policies', 'users', 'groups', 'roles', 'resources', 'authorizationDetails', 'templates', 'name', 'description'] as const;
const USER_KEYS = ['path', 'groups', 'policies', 'inlinePolicies', 'permissionsBoundary', 'tags', 'description'] as const;
const GROUP_KEYS = ['path', 'policies', 'inlinePolicies', 'description'] as const;
const ROLE_KEYS = ['path', 'trustPolicy', 'policies', 'inlinePolicies', 'permissionsBoundary', 'tags', 'description'] as const;
const RESOURCE_KEYS = ['policy', 'tags', 'description'] as const;

/**
 * Reads one entry of `accounts` into `draft` (which an authorization-details export or the account's templates may
 * already have filled: entries written in the model file replace same-named ones from those, with a note).
 */
export function readAccountSection(
  reader: JsonReader,
  node: JsonNode,
  draft: AccountDraft,
  loader: PolicyLoader,
  importDetails: (pathNode: JsonNode) => void,
  includeTemplates: (listNode: JsonNode) => void = () => undefined,
): void {
  const object = reader.expectObject(node, `account ${draft.id}`);
  if (!object) return;
  const props = reader.knownProps(object, ACCOUNT_KEYS, `account ${draft.id}`);
  // The export first, so that what the model file says on top of it wins.
  const details = props.get('authorizationDetails')?.value;
  if (details) importDetails(details);
  const templates = props.get('templates')?.value;
  if (templates) includeTemplates(templates);
  reader.expectString(props.get('name')?.value, `the name of account ${draft.id}`);

  readPolicies(reader, props.get('policies')?.value, draft, loader);
  readGroups(reader, props.get('groups')?.value, draft, loader);
  readUsers(reader, props.get('users')?.value, draft, loader);
  readRoles(reader, props.get('roles')?.value, draft, loader);
  readResources(reader, props.get('resources')?.value, draft, loader);
}

/** The account's managed policies, by name. */
function readPolicies(reader: JsonReader, node: JsonNode | undefined, draft: AccountDraft, loader: PolicyLoader): void {
  for (const entry of reader.entries(node, `the policies of account ${draft.id}`)) {
    const doc = loader.fromNode(reader, entry.value, `Policy '${entry.key}'`);
    if (doc) draft.policies.set(entry.key, { name: entry.key, path: '/', doc });
    else draft.unloadablePolicies.add(entry.key);
  }
}

/** The account's groups. */
function readGroups(reader: JsonReader, node: JsonNode | undefined, draft: AccountDraft, loader: PolicyLoader): void {
  // Names this section writes: one written twice is a duplicate key (said by `entries`), not a replacement.
  const written = new Set<string>();
  for (const entry of reader.entries(node, `the groups of account ${draft.id}`)) {
    const group = reader.expectObject(entry.value, `group '${entry.key}'`);
    if (!group) continue;
    const p = reader.knownProps(group, GROUP_KEYS, `group '${entry.key}'`);
    noteReplaced(reader, entry, draft.groups.has(entry.key) && !written.has(entry.key), 'group');
    written.add(entry.key);
    draft.groups.set(entry.key, {
      name: entry.key,
      path: readPath(reader, p.get('path'), `group '${entry.key}'`),
      policies: references(reader, p.get('policies')?.value, `the policies of group '${entry.key}'`),
      inlinePolicies: inlinePolicies(reader, p.get('inlinePolicies')?.value, `group '${entry.key}'`, loader),
      span: entry.keySpan,
      reader,
    });
  }
}

/** The account's users. */
function readUsers(reader: JsonReader, node: JsonNode | undefined, draft: AccountDraft, loader: PolicyLoader): void {
  // Names this section writes: one written twice is a duplicate key (said by `entries`), not a replacement.
  const written = new Set<string>();
  for (const entry of reader.entries(node, `the users of account ${draft.id}`)) {
    const user = reader.expectObject(entry.value, `user '${entry.key}'`);
    if (!user) continue;
    const p = reader.knownProps(user, USER_KEYS, `user '${entry.key}'`);
    noteReplaced(reader, entry, draft.users.has(entry.key) && !written.has(entry.key), 'user');
    written.add(entry.key);
    const boundary = boundaryReference(reader, p.get('permissionsBoundary')?.value, `user '${entry.key}'`);
    draft.users.set(entry.key, {
      name: entry.key,
      path: readPath(reader, p.get('path'), `user '${entry.key}'`),
      groups: reader.expectStringList(p.get('groups')?.value, `the groups of user '${entry.key}'`),
      policies: references(reader, p.get('policies')?.value, `the policies of user '${entry.key}'`),
      inlinePolicies: inlinePolicies(reader, p.get('inlinePolicies')?.value, `user '${entry.key}'`, loader),
      tags: reader.expectTags(p.get('tags')?.value, `the tags of user '${entry.key}'`),
      ...(boundary ? { permissionsBoundary: boundary } : {}),
      span: entry.keySpan,
      reader,
    });
  }
}

/** The account's roles, with their trust policies. */
function readRoles(reader: JsonReader, node: JsonNode | undefined, draft: AccountDraft, loader: PolicyLoader): void {
  // Names this section writes: one written twice is a duplicate key (said by `entries`), not a replacement.
  const written = new Set<string>();
  for (const entry of reader.entries(node, `the roles of account ${draft.id}`)) {
    const role = reader.expectObject(entry.value, `role '${entry.key}'`);
    if (!role) continue;
    const p = reader.knownProps(role, ROLE_KEYS, `role '${entry.key}'`);
    noteReplaced(reader, entry, draft.roles.has(entry.key) && !written.has(entry.key), 'role');
    written.add(entry.key);
    const boundary = boundaryReference(reader, p.get('permissionsBoundary')?.value, `role '${entry.key}'`);
    const trust = loader.fromNode(reader, p.get('trustPolicy')?.value, `The trust policy of role '${entry.key}'`);
    draft.roles.set(entry.key, {
      name: entry.key,
      path: readPath(reader, p.get('path'), `role '${entry.key}'`),
      policies: references(reader, p.get('policies')?.value, `the policies of role '${entry.key}'`),
      inlinePolicies: inlinePolicies(reader, p.get('inlinePolicies')?.value, `role '${entry.key}'`, loader),
      tags: reader.expectTags(p.get('tags')?.value, `the tags of role '${entry.key}'`),
      ...(boundary ? { permissionsBoundary: boundary } : {}),
      ...(trust ? { trustPolicy: trust } : {}),
      span: entry.keySpan,
      reader,
    });
  }
}

/** Resources of the account, by ARN, with their policies and tags. */
function readResources(reader: JsonReader, node: JsonNode | undefined, draft: AccountDraft, loader: PolicyLoader): void {
  for (const entry of reader.entries(node, `the resources of account ${draft.id}`)) {
    const resource = reader.expectObject(entry.value, `resource '${entry.key}'`);
    if (!resource) continue;
    const arn = parseArn(entry.key);
    if (!arn) {
      reader.report(entry.keySpan, `Resources are listed by ARN ('arn:aws:s3:::my-bucket'), and '${entry.key}' is not one.`, 'invalidArn');
      continue;
    }
    if (arn.account !== '' && arn.account !== draft.id && arn.account !== 'aws') {
      reader.report(
        entry.keySpan,
        `The resource ${entry.key} has account ${arn.account} in its ARN but is listed under account ${draft.id}.`,
        'accountMismatch',
        'warning',
      );
    }
    const p = reader.knownProps(resource, RESOURCE_KEYS, `resource '${entry.key}'`);
    const policy = loader.fromNode(reader, p.get('policy')?.value, `The policy of ${entry.key}`);
    draft.resources.set(entry.key, {
      arn: entry.key,
      tags: reader.expectTags(p.get('tags')?.value, `the tags of ${entry.key}`),
      ...(policy ? { policy } : {}),
      listedAt: { reader, span: entry.keySpan },
    });
  }
}

function readPath(reader: JsonReader, prop: Prop | undefined, what: string): string {
  const path = reader.expectString(prop?.value, `the path of ${what}`);
  if (!path) return '/';
  if (!path.value.startsWith('/') || !path.value.endsWith('/')) {
    reader.report(path.span, `The path of ${what} must start and end with '/' (like '/division/'), not '${path.value}'.`, 'invalidPath', 'warning');
  }
  return normalisePath(path.value);
}

function references(reader: JsonReader, node: JsonNode | undefined, what: string): PolicyReference[] {
  return reader.expectStringList(node, what).map((item) => ({ value: item.value, span: item.span, reader }));
}

function boundaryReference(reader: JsonReader, node: JsonNode | undefined, what: string): PolicyReference | undefined {
  if (node === undefined || node.type === 'null') return undefined;
  const name = reader.expectString(node, `the permissions boundary of ${what}`);
  return name ? { value: name.value, span: name.span, reader } : undefined;
}

function inlinePolicies(reader: JsonReader, node: JsonNode | undefined, what: string, loader: PolicyLoader): InlinePolicyDraft[] {
  const result: InlinePolicyDraft[] = [];
  for (const entry of reader.entries(node, `the inline policies of ${what}`)) {
    const doc = loader.fromNode(reader, entry.value, `Inline policy '${entry.key}' of ${what}`);
    if (doc) result.push({ name: entry.key, doc });
  }
  return result;
}

function noteReplaced(reader: JsonReader, entry: Prop, replaced: boolean, kind: string): void {
  if (replaced) {
    reader.report(
      entry.keySpan,
      `This ${kind} is also in the account's authorization details or templates; the definition here replaces that one.`,
      'replacedEntity',
      'info',
    );
  }
}
