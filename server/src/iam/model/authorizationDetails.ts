import { normalisePath } from './arns';
import { isAccountId, parseArn } from '../arn';
import type { AccountDraft, InlinePolicyDraft, PolicyReference } from './accountDraft';
import { nodeSpan, objectProps, type JsonNode, type JsonReader, type LocatedString, type SparseReading } from './jsonReader';
import type { PolicyDocumentHandle, PolicyLoader } from './policyLoader';

/**
 * Imports the output of `aws iam get-account-authorization-details` (GAAD) into an account draft: users, groups,
 * roles, their attachments, boundaries and tags, and the default version of every policy listed. Real exports
 * carry documents as JSON objects (the AWS CLI decodes them) or as RFC 3986 URL-encoded strings (the raw API); both
 * are read. Keys AWS may add later are ignored rather than reported: an export is machine-written, not hand-edited.
 */
export const GAAD_KEYS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const;

/** The keys whose values are policy documents: a sparse reader leaves them to `parsePolicy`. */
export const GAAD_DOCUMENT_KEYS: ReadonlySet<string> = new Set(['PolicyDocument', 'Document', 'AssumeRolePolicyDocument']);

/** How an export is read: its documents left opaque, whatever the text (exports are machine-written). */
export const EXPORT_READING: SparseReading = { isOpaque: (key) => GAAD_DOCUMENT_KEYS.has(key), strictOnly: false };

/** True when the top-level object looks like an authorization-details export. */
export function isAuthorizationDetails(tree: JsonNode | undefined): boolean {
  if (tree?.type !== 'object') return false;
  return objectProps(tree).some((p) => (GAAD_KEYS as readonly string[]).includes(p.key));
}

/** The account the export describes, from the first IAM ARN in it. */
export function accountOfExport(tree: JsonNode): string | undefined {
  for (const list of objectProps(tree)) {
    for (const item of list.value?.type === 'array' ? (list.value.children ?? []) : []) {
      const arn = field(item, 'Arn');
      const account = typeof arn?.value === 'string' ? parseArn(arn.value)?.account : undefined;
      if (account && isAccountId(account)) return account;
    }
  }
  return undefined;
}

export function importAuthorizationDetails(reader: JsonReader, tree: JsonNode, draft: AccountDraft, loader: PolicyLoader): void {
  if (tree.type !== 'object') {
    reader.report(
      nodeSpan(tree),
      'An authorization-details export is a JSON object with UserDetailList, GroupDetailList, RoleDetailList and Policies.',
      'wrongType',
    );
    return;
  }
  const lists = new Map(objectProps(tree).map((p) => [p.key, p.value]));
  const account = accountOfExport(tree);
  if (account && account !== draft.id) {
    reader.report(
      { offset: 0, length: 0 },
      `This export describes account ${account}, but it is merged into account ${draft.id}.`,
      'accountMismatch',
      'warning',
    );
  }
  const source: ExportSource = { reader, draft, document: (node, what) => readDocument(reader, node, what, loader) };
  importPolicies(source, lists.get('Policies'));
  importGroups(source, lists.get('GroupDetailList'));
  importUsers(source, lists.get('UserDetailList'));
  importRoles(source, lists.get('RoleDetailList'));
}

/** What the readers of an export's lists share: where it is read from, the draft it fills, how documents are read. */
interface ExportSource {
  readonly reader: JsonReader;
  readonly draft: AccountDraft;
  readonly document: (node: JsonNode | undefined, what: string) => PolicyDocumentHandle | undefined;
}

/** `Policies`: the default version of each customer managed policy (and of AWS managed ones the export lists). */
function importPolicies({ reader, draft, document }: ExportSource, list: JsonNode | undefined): void {
  for (const item of items(reader, list, 'Policies')) {
    const name = text(item, 'PolicyName');
    const arn = text(item, 'Arn');
    if (!name || !arn) continue;
    const defaultId = text(item, 'DefaultVersionId');
    const versions = field(item, 'PolicyVersionList');
    const version = (versions?.children ?? []).find(
      (v) => field(v, 'IsDefaultVersion')?.value === true || (defaultId !== undefined && text(v, 'VersionId') === defaultId),
    );
    const doc = document(version ? field(version, 'Document') : undefined, `the default version of ${arn}`);
    if (!doc) {
      reader.report(nodeSpan(item), `Policy ${arn} has no default version document in the export.`, 'missingDocument', 'warning');
      continue;
    }
    if (arn.startsWith('arn:aws:iam::aws:policy/')) draft.awsManaged.set(arn, doc);
    else draft.policies.set(name, { name, arn, path: normalisePath(text(item, 'Path')), doc });
  }
}

function importGroups({ reader, draft, document }: ExportSource, list: JsonNode | undefined): void {
  for (const item of items(reader, list, 'GroupDetailList')) {
    const name = text(item, 'GroupName');
    if (!name) continue;
    draft.groups.set(name, {
      name,
      path: normalisePath(text(item, 'Path')),
      policies: attached(reader, item),
      inlinePolicies: inline(item, 'GroupPolicyList', document),
      span: spanOf(item, 'GroupName'),
      reader,
      ...identity(item, 'GroupId'),
    });
  }
}

function importUsers({ reader, draft, document }: ExportSource, list: JsonNode | undefined): void {
  for (const item of items(reader, list, 'UserDetailList')) {
    const name = text(item, 'UserName');
    if (!name) continue;
    const boundary = boundaryOf(reader, item);
    const groups: LocatedString[] = (field(item, 'GroupList')?.children ?? [])
      .filter((g) => typeof g.value === 'string')
      .map((g) => ({ value: String(g.value), span: nodeSpan(g) }));
    draft.users.set(name, {
      name,
      path: normalisePath(text(item, 'Path')),
      groups,
      policies: attached(reader, item),
      inlinePolicies: inline(item, 'UserPolicyList', document),
      tags: tagsOf(item),
      ...(boundary ? { permissionsBoundary: boundary } : {}),
      span: spanOf(item, 'UserName'),
      reader,
      ...identity(item, 'UserId'),
    });
  }
}

function importRoles({ reader, draft, document }: ExportSource, list: JsonNode | undefined): void {
  for (const item of items(reader, list, 'RoleDetailList')) {
    const name = text(item, 'RoleName');
    if (!name) continue;
    const boundary = boundaryOf(reader, item);
    const trust = document(field(item, 'AssumeRolePolicyDocument'), `the trust policy of role ${name}`);
    draft.roles.set(name, {
      name,
      path: normalisePath(text(item, 'Path')),
      policies: attached(reader, item),
      inlinePolicies: inline(item, 'RolePolicyList', document),
      tags: tagsOf(item),
      ...(boundary ? { permissionsBoundary: boundary } : {}),
      ...(trust ? { trustPolicy: trust } : {}),
      span: spanOf(item, 'RoleName'),
      reader,
      ...identity(item, 'RoleId'),
    });
  }
}

/** A policy document: an object as-is, or a string holding JSON, URL-encoded or not. */
function readDocument(reader: JsonReader, node: JsonNode | undefined, what: string, loader: PolicyLoader): PolicyDocumentHandle | undefined {
  if (node === undefined) return undefined;
  if (node.type === 'object') return loader.inline(reader, node);
  if (node.type !== 'string' || typeof node.value !== 'string') {
    reader.report(nodeSpan(node), `The document of ${what} is neither an object nor a string.`, 'invalidPolicy');
    return undefined;
  }
  let decoded = node.value;
  if (!decoded.trimStart().startsWith('{')) {
    try {
      // IAM encodes documents per RFC 3986, where a space is %20 and '+' stays '+', so decodeURIComponent is exact.
      decoded = decodeURIComponent(decoded);
    } catch {
      reader.report(nodeSpan(node), `The document of ${what} is not valid URL-encoded text.`, 'invalidPolicy');
      return undefined;
    }
  }
  return loader.fromText(`text:${reader.file}:${node.offset}`, decoded, { file: reader.file, span: nodeSpan(node), decoded: true });
}

function items(reader: JsonReader, node: JsonNode | undefined, what: string): JsonNode[] {
  if (node === undefined) return [];
  if (node.type !== 'array') {
    reader.report(nodeSpan(node), `${what} must be a list.`, 'wrongType');
    return [];
  }
  return (node.children ?? []).filter((c) => c.type === 'object');
}

/** The value node of `key` in an object node (a linear scan: export objects have a dozen keys at most). */
function field(node: JsonNode, key: string): JsonNode | undefined {
  if (node.type !== 'object') return undefined;
  for (const child of node.children ?? []) {
    if (child.children?.[0]?.value === key) return child.children[1];
  }
  return undefined;
}

function text(node: JsonNode, key: string): string | undefined {
  const value = field(node, key);
  return typeof value?.value === 'string' ? value.value : undefined;
}

function spanOf(node: JsonNode, key: string): { offset: number; length: number } {
  const value = field(node, key);
  return nodeSpan(value ?? node);
}

function identity(node: JsonNode, idKey: string): { uniqueId?: string; arn?: string } {
  const uniqueId = text(node, idKey);
  const arn = text(node, 'Arn');
  return { ...(uniqueId ? { uniqueId } : {}), ...(arn ? { arn } : {}) };
}

function attached(reader: JsonReader, node: JsonNode): PolicyReference[] {
  const refs: PolicyReference[] = [];
  for (const item of field(node, 'AttachedManagedPolicies')?.children ?? []) {
    const arnNode = field(item, 'PolicyArn');
    if (typeof arnNode?.value === 'string') refs.push({ value: arnNode.value, span: nodeSpan(arnNode), reader });
  }
  return refs;
}

function boundaryOf(reader: JsonReader, node: JsonNode): PolicyReference | undefined {
  const boundary = field(node, 'PermissionsBoundary');
  const arnNode = boundary ? field(boundary, 'PermissionsBoundaryArn') : undefined;
  return typeof arnNode?.value === 'string' ? { value: arnNode.value, span: nodeSpan(arnNode), reader } : undefined;
}

function inline(node: JsonNode, listKey: string, document: (n: JsonNode | undefined, what: string) => PolicyDocumentHandle | undefined): InlinePolicyDraft[] {
  const result: InlinePolicyDraft[] = [];
  for (const item of field(node, listKey)?.children ?? []) {
    const name = text(item, 'PolicyName');
    const doc = document(field(item, 'PolicyDocument'), `inline policy ${name ?? '(unnamed)'}`);
    if (name && doc) result.push({ name, doc });
  }
  return result;
}

function tagsOf(node: JsonNode): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const tag of field(node, 'Tags')?.children ?? []) {
    const key = text(tag, 'Key');
    const value = field(tag, 'Value');
    if (key !== undefined && value !== undefined) tags[key] = String(value.value);
  }
  return tags;
}
