import { normalisePath } from './arns';
import { isAccountId, parseArn } from '../arn';
import type { AccountDraft, InlinePolicyDraft, PolicyReference } from './accountDraft';
import { DeferredDraft, type DraftOutline, type DraftReading } from './deferredDraft';
import type { EntityRecord, ExportRecords, InlineRecord, LaterParts, PolicyRecord } from './exportRecords';
import type { TextInParts } from '../span';
import { nodeSpan, objectProps, type JsonNode, type JsonReader, type LocatedString, type SparseReading } from './jsonReader';
import type { PolicyDocumentHandle, PolicyLoader } from './policyLoader';
import type { WindowsWanted } from './modelTypes';

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

/** True when the text starts like an authorization-details export (its first key is one of the export's lists). */
export function looksLikeExport(text: string): boolean {
  return /^\s*\{\s*"(UserDetailList|GroupDetailList|RoleDetailList|Policies)"/.test(text.slice(0, 200));
}

/** Exports are the files read a window at a time (`ModelHost.openWindows`): their first characters tell them. */
export const EXPORT_WINDOWS: WindowsWanted = { headLength: 256, wanted: looksLikeExport };

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

/** Imports an export read as a tree (a hand-edited or unusual one, or any read eagerly). */
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
  const source = exportSource(reader, accountOfExport(tree), draft, loader, undefined);
  // Each list is read, then imported, in turn, so that what is reported comes in this order.
  importPolicies(source, items(reader, lists.get('Policies'), 'Policies').map(policyRecord));
  importEntities(
    source,
    'group',
    items(reader, lists.get('GroupDetailList'), 'GroupDetailList').map((item) => entityRecord(item, GROUP)),
  );
  importEntities(
    source,
    'user',
    items(reader, lists.get('UserDetailList'), 'UserDetailList').map((item) => entityRecord(item, USER)),
  );
  importEntities(
    source,
    'role',
    items(reader, lists.get('RoleDetailList'), 'RoleDetailList').map((item) => entityRecord(item, ROLE)),
  );
}

/** Imports an export scanned straight from its text (`scanExport`): the same drafts and reports as from its tree. */
export function importExportRecords(reader: JsonReader, records: ExportRecords, draft: AccountDraft, loader: PolicyLoader): void {
  const source = exportSource(reader, records.account, draft, loader, records.text);
  importPolicies(source, records.policies);
  importEntities(source, 'group', records.groups);
  importEntities(source, 'user', records.users);
  importEntities(source, 'role', records.roles);
}

/**
 * `scanned`: the text of an export scanned from it, which meets each document once (see `PolicyLoader.inlineOnce`), and
 * where its documents are read from.
 */
function exportSource(
  reader: JsonReader,
  account: string | undefined,
  draft: AccountDraft,
  loader: PolicyLoader,
  scanned: TextInParts | undefined,
): ExportSource {
  if (account && account !== draft.id) {
    reader.report(
      { offset: 0, length: 0 },
      `This export describes account ${account}, but it is merged into account ${draft.id}.`,
      'accountMismatch',
      'warning',
    );
  }
  const document = (node: JsonNode | undefined, what: string): PolicyDocumentHandle | undefined => readDocument(reader, node, what, loader, scanned);
  const reading: DraftReading = {
    inlineDrafts: (records) => inline(records, document),
    document: (span) => loader.inlineOnce(reader, span, scanned ?? reader.text),
  };
  return { reader, draft, document, reading };
}

/** What the readers of an export's lists share: where it is read from, the draft it fills, how documents are read. */
interface ExportSource {
  readonly reader: JsonReader;
  readonly draft: AccountDraft;
  readonly document: (node: JsonNode | undefined, what: string) => PolicyDocumentHandle | undefined;
  /** How drafts read on demand read their inline policies (scanned exports). */
  readonly reading: DraftReading;
}

/** `Policies`: the default version of each customer managed policy (and of AWS managed ones the export lists). */
function importPolicies({ reader, draft, document }: ExportSource, records: readonly PolicyRecord[]): void {
  for (const record of records) {
    const { name, arn } = record;
    if (!name || !arn) continue;
    const doc = document(record.document, `the default version of ${arn}`);
    if (!doc) {
      reader.report(record.item, `Policy ${arn} has no default version document in the export.`, 'missingDocument', 'warning');
      continue;
    }
    if (arn.startsWith('arn:aws:iam::aws:policy/')) draft.awsManaged.set(arn, doc);
    else draft.policies.set(name, { name, arn, path: normalisePath(record.path), doc });
  }
}

/**
 * Users, groups or roles, with their attachments, inline policies, tags, boundary and (roles) trust policy. Each draft
 * is written out field by field rather than spread from a common part: an export makes tens of thousands. A user or
 * role whose parts the scanner reads on demand (`EntityRecord.parts`) gets a draft that reads them when first asked.
 */
function importEntities(source: ExportSource, kind: 'user' | 'group' | 'role', records: readonly EntityRecord[]): void {
  const { reader, draft, document } = source;
  for (const record of records) {
    const located = record.name;
    const name = located?.value;
    if (!name || !located) continue;
    const path = normalisePath(record.path);
    const policies: PolicyReference[] = record.attached.map((arn) => ({ value: arn.value, span: arn.span, reader }));
    const { parts } = record;
    if (kind !== 'group' && 'later' in parts) {
      (kind === 'user' ? draft.users : draft.roles).set(name, deferredDraft(source, kind, record, located, path, policies, parts));
      continue;
    }
    const inlineRecords = 'later' in parts ? parts.inline() : parts.inline;
    const tags = 'later' in parts ? parts.tags() : parts.tags;
    const identity = identityOf(record);
    const boundary = record.boundary ? { permissionsBoundary: { value: record.boundary.value, span: record.boundary.span, reader } } : {};
    if (kind === 'group') {
      draft.groups.set(name, { name, path, policies, inlinePolicies: inline(inlineRecords, document), span: located.span, reader, ...identity });
    } else if (kind === 'user') {
      const inlinePolicies = inline(inlineRecords, document);
      draft.users.set(name, { name, path, groups: record.groups, policies, inlinePolicies, tags, ...boundary, span: located.span, reader, ...identity });
    } else {
      // The trust policy is read before the inline policies, as the export lists them.
      const trust = document(record.trust, `the trust policy of role ${name}`);
      const inlinePolicies = inline(inlineRecords, document);
      const trustPolicy = trust ? { trustPolicy: trust } : {};
      draft.roles.set(name, { name, path, policies, inlinePolicies, tags, ...boundary, ...trustPolicy, span: located.span, reader, ...identity });
    }
  }
}

/** A user's or role's draft whose inline policies and tags are read when first asked for (nothing is reported then). */
function deferredDraft(
  { reader, document, reading }: ExportSource,
  kind: 'user' | 'role',
  record: EntityRecord,
  located: LocatedString,
  path: string,
  policies: PolicyReference[],
  parts: LaterParts,
): DeferredDraft {
  const name = located.value;
  const outline: DraftOutline = {
    name,
    path,
    policies,
    groups: kind === 'user' ? record.groups : [],
    span: located.span,
    reader,
    // An empty id or ARN counts as none, as in `identityOf`.
    uniqueId: record.id || undefined,
    arn: record.arn || undefined,
    permissionsBoundary: record.boundary ? { value: record.boundary.value, span: record.boundary.span, reader } : undefined,
    trustPolicy: kind === 'role' ? document(record.trust, `the trust policy of role ${name}`) : undefined,
  };
  return new DeferredDraft(outline, parts, reading);
}

function identityOf(record: EntityRecord): { uniqueId?: string; arn?: string } {
  if (record.id && record.arn) return { uniqueId: record.id, arn: record.arn };
  return { ...(record.id ? { uniqueId: record.id } : {}), ...(record.arn ? { arn: record.arn } : {}) };
}

/** The keys an entry of each list is read by. */
interface EntityKeys {
  readonly nameKey: string;
  readonly idKey: string;
  readonly inlineKey: string;
}

const USER: EntityKeys = { nameKey: 'UserName', idKey: 'UserId', inlineKey: 'UserPolicyList' };
const GROUP: EntityKeys = { nameKey: 'GroupName', idKey: 'GroupId', inlineKey: 'GroupPolicyList' };
const ROLE: EntityKeys = { nameKey: 'RoleName', idKey: 'RoleId', inlineKey: 'RolePolicyList' };

function policyRecord(item: JsonNode): PolicyRecord {
  const defaultId = text(item, 'DefaultVersionId');
  const versions = field(item, 'PolicyVersionList');
  const version = (versions?.children ?? []).find(
    (v) => field(v, 'IsDefaultVersion')?.value === true || (defaultId !== undefined && text(v, 'VersionId') === defaultId),
  );
  return {
    item: nodeSpan(item),
    name: text(item, 'PolicyName'),
    arn: text(item, 'Arn'),
    path: text(item, 'Path'),
    document: version ? field(version, 'Document') : undefined,
  };
}

function entityRecord(item: JsonNode, keys: EntityKeys): EntityRecord {
  const name = field(item, keys.nameKey);
  return {
    name: typeof name?.value === 'string' ? { value: name.value, span: nodeSpan(name) } : undefined,
    path: text(item, 'Path'),
    id: text(item, keys.idKey),
    arn: text(item, 'Arn'),
    groups: (field(item, 'GroupList')?.children ?? []).filter((g) => typeof g.value === 'string').map((g) => ({ value: String(g.value), span: nodeSpan(g) })),
    attached: attachedArns(item),
    boundary: boundaryArn(item),
    trust: field(item, 'AssumeRolePolicyDocument'),
    parts: {
      inline: (field(item, keys.inlineKey)?.children ?? []).map((entry) => ({ name: text(entry, 'PolicyName'), document: field(entry, 'PolicyDocument') })),
      tags: tagsOf(item),
    },
  };
}

/** A policy document: an object as-is, or a string holding JSON, URL-encoded or not. */
function readDocument(
  reader: JsonReader,
  node: JsonNode | undefined,
  what: string,
  loader: PolicyLoader,
  scannedText: TextInParts | undefined,
): PolicyDocumentHandle | undefined {
  if (node === undefined) return undefined;
  if (node.type === 'object') return scannedText ? loader.inlineOnce(reader, nodeSpan(node), scannedText) : loader.inline(reader, node);
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

function attachedArns(node: JsonNode): LocatedString[] {
  const arns: LocatedString[] = [];
  for (const item of field(node, 'AttachedManagedPolicies')?.children ?? []) {
    const arnNode = field(item, 'PolicyArn');
    if (typeof arnNode?.value === 'string') arns.push({ value: arnNode.value, span: nodeSpan(arnNode) });
  }
  return arns;
}

function boundaryArn(node: JsonNode): LocatedString | undefined {
  const boundary = field(node, 'PermissionsBoundary');
  const arnNode = boundary ? field(boundary, 'PermissionsBoundaryArn') : undefined;
  return typeof arnNode?.value === 'string' ? { value: arnNode.value, span: nodeSpan(arnNode) } : undefined;
}

function inline(records: readonly InlineRecord[], document: (n: JsonNode | undefined, what: string) => PolicyDocumentHandle | undefined): InlinePolicyDraft[] {
  const result: InlinePolicyDraft[] = [];
  for (const { name, document: node } of records) {
    const doc = document(node, `inline policy ${name ?? '(unnamed)'}`);
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
