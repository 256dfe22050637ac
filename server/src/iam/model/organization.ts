import type { OrgLevel, PolicyRef } from '../evaluator/model';
import type { PolicyType } from '../policyTypes';
import { didYouMean } from './closestNames';
import { isAccountId } from '../arn';
import { nodeSpan, type JsonNode, type JsonReader, type LocatedString } from './jsonReader';
import type { PolicyDocumentHandle, PolicyLoader } from './policyLoader';

/** What the organization section tells about each account in it. */
export interface OrganizationInfo {
  readonly id?: string;
  readonly managementAccount?: string;
  /** Account id → path root → OUs → account. */
  readonly paths: ReadonlyMap<string, readonly OrgLevel[]>;
  /** Account ids in the order the tree lists them, with where each is listed. */
  readonly accounts: readonly LocatedString[];
}

/** AWS's default SCP, attached wherever a level does not say otherwise (Organizations: "FullAWSAccess"). */
const FULL_AWS_ACCESS = 'FullAWSAccess';
const FULL_AWS_ACCESS_ARN = 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess';
const FULL_AWS_ACCESS_TEXT =
  '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "*",\n      "Resource": "*"\n    }\n  ]\n}\n';
/** Always attached at every level and cannot be detached; the evaluator adds it itself, so listing it is a no-op. */
const RCP_FULL_AWS_ACCESS = 'RCPFullAWSAccess';

/** AWS Organizations' id pattern (its API reference, `Organization.Id`), as the model's JSON schema checks it. */
const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const ORG_KEYS = ['id', 'managementAccount', 'policies', 'root', 'description'] as const;
const LEVEL_KEYS = ['id', 'scps', 'rcps', 'children', 'accounts', 'name', 'description'] as const;
const ACCOUNT_LEVEL_KEYS = ['id', 'scps', 'rcps', 'name', 'description'] as const;

/** A policy a level attaches: its document and how it is attached, made a ref when a request reads the level. */
interface Attachment {
  readonly doc: PolicyDocumentHandle;
  readonly name: string;
  readonly arn?: string;
}

/**
 * A level of the tree (the root, an OU, an account) whose attachments become policy refs when a request first reads
 * them: an organization of thousands of OUs has tens of thousands of attachments, and a request reads those on one
 * account's path. What is wrong with an attachment was reported when the tree was read.
 */
class AttachingLevel implements OrgLevel {
  readonly id: string;
  // Private to the class, not properties: a level copied or serialised has its id, SCPs and RCPs (`toJSON`), no loader.
  readonly #attached: { readonly scps: readonly Attachment[]; readonly rcps: readonly Attachment[] };
  readonly #loader: PolicyLoader;
  #scps: readonly PolicyRef[] | undefined;
  #rcps: readonly PolicyRef[] | undefined;

  constructor(id: string, attached: { readonly scps: readonly Attachment[]; readonly rcps: readonly Attachment[] }, loader: PolicyLoader) {
    this.id = id;
    this.#attached = attached;
    this.#loader = loader;
  }

  get scps(): readonly PolicyRef[] {
    return (this.#scps ??= this.#refs(this.#attached.scps, 'scp'));
  }

  get rcps(): readonly PolicyRef[] {
    return (this.#rcps ??= this.#refs(this.#attached.rcps, 'rcp'));
  }

  toJSON(): OrgLevel {
    return { id: this.id, scps: this.scps, rcps: this.rcps };
  }

  #refs(attachments: readonly Attachment[], type: PolicyType): PolicyRef[] {
    return attachments.map(({ doc, name, arn }) => this.#loader.ref(doc, { name, type, attachedTo: this.id, ...(arn ? { arn } : {}) }));
  }
}

/**
 * Reads `organization`: its policies by name, then the tree, building each account's path with the SCPs and RCPs
 * attached at every level. Rules (docs/formats.md, section 2, AWS Organizations): a level without `scps` has FullAWSAccess; a
 * level with `scps` has exactly those; RCPFullAWSAccess is implicit everywhere.
 */
export function readOrganization(reader: JsonReader, node: JsonNode, loader: PolicyLoader): OrganizationInfo {
  const object = reader.expectObject(node, 'organization');
  if (!object) return { paths: new Map(), accounts: [] };
  const props = reader.knownProps(object, ORG_KEYS, 'organization');
  const tree = new OrganizationTree(reader, loader, organizationPolicies(reader, loader, props.get('policies')?.value));
  const root = props.get('root');
  if (root) tree.walk(root.value, [], 'the organization root');
  else reader.report(nodeSpan(object), 'The organization needs a "root" with its OUs and accounts.', 'missingKey');
  const { paths, accounts } = tree;

  const id = reader.expectString(props.get('id')?.value, 'the organization id');
  if (id && !ORGANIZATION_ID.test(id.value)) {
    reader.report(
      id.span,
      `This is not an organization id: AWS's are 'o-' followed by 10 to 32 lowercase letters or digits (o-a1b2c3d4e5).`,
      'invalidOrganizationId',
    );
  }
  const management = reader.expectString(props.get('managementAccount')?.value, 'the management account');
  if (management && !paths.has(management.value)) {
    reader.report(
      management.span,
      `The management account ${management.value} is not listed in the organization tree.${didYouMean(
        management.value,
        accounts.map((a) => a.value),
      )}`,
      'danglingReference',
    );
  }
  return {
    ...(id ? { id: id.value } : {}),
    ...(management ? { managementAccount: management.value } : {}),
    paths,
    accounts,
  };
}

/**
 * `organization.policies`: the SCPs and RCPs the tree attaches, by name; and the names whose document could not be
 * loaded (its file is missing or unreadable), which that load already reported: an attachment of one is not dangling.
 */
function organizationPolicies(reader: JsonReader, loader: PolicyLoader, node: JsonNode | undefined): OrganizationPolicies {
  const documents = new Map<string, PolicyDocumentHandle>();
  const unloadable = new Set<string>();
  for (const entry of reader.entries(node, 'organization policies')) {
    const doc = loader.fromNode(reader, entry.value, `Organization policy '${entry.key}'`);
    if (doc) documents.set(entry.key, doc);
    else unloadable.add(entry.key);
  }
  return { documents, unloadable };
}

interface OrganizationPolicies {
  readonly documents: ReadonlyMap<string, PolicyDocumentHandle>;
  readonly unloadable: ReadonlySet<string>;
}

/** The organization's tree, read level by level into each account's path of SCPs and RCPs. */
class OrganizationTree {
  readonly paths = new Map<string, OrgLevel[]>();
  readonly accounts: LocatedString[] = [];
  /**
   * AWS's default attachment (FullAWSAccess) of a level that lists no SCPs: the same for every such level, resolved
   * once (an organization of thousands of accounts given by id alone has as many such levels).
   */
  private defaultScps: readonly Attachment[] | undefined;

  constructor(
    private readonly reader: JsonReader,
    private readonly loader: PolicyLoader,
    private readonly policies: OrganizationPolicies,
  ) {}

  /** The policies attached at a level, by name; a name not in organization.policies is an error at the name. */
  private resolve(names: LocatedString[], type: PolicyType, levelId: string): Attachment[] {
    const { loader } = this;
    const { documents, unloadable } = this.policies;
    const attachments: Attachment[] = [];
    for (const name of names) {
      if (type === 'rcp' && name.value === RCP_FULL_AWS_ACCESS && !documents.has(name.value)) continue;
      let doc = documents.get(name.value);
      if (!doc && name.value === FULL_AWS_ACCESS && type === 'scp') doc = loader.fromText('builtin:FullAWSAccess', FULL_AWS_ACCESS_TEXT, {});
      // Its document failed to load, which was said where it is named: the attachment is not another error.
      if (!doc && unloadable.has(name.value)) continue;
      if (!doc) {
        const known = [...documents.keys(), ...(type === 'scp' ? [FULL_AWS_ACCESS] : [])];
        this.reader.report(
          name.span,
          `The ${type === 'scp' ? 'SCP' : 'RCP'} '${name.value}' attached to ${levelId} is not defined in organization.policies.${didYouMean(name.value, known)}`,
          'danglingReference',
        );
        continue;
      }
      const arn = name.value === FULL_AWS_ACCESS && !documents.has(FULL_AWS_ACCESS) ? FULL_AWS_ACCESS_ARN : undefined;
      attachments.push({ doc, name: name.value, ...(arn ? { arn } : {}) });
    }
    return attachments;
  }

  /** See `defaultScps`: FullAWSAccess, as `organization.policies` defines it or as AWS does. */
  private defaultAttachment(): readonly Attachment[] {
    // FullAWSAccess always resolves (to AWS's own when the organization does not define it): no span is reported.
    return (this.defaultScps ??= this.resolve([{ value: FULL_AWS_ACCESS, span: { offset: 0, length: 0 } }], 'scp', 'root'));
  }

  private readLevel(
    levelNode: JsonNode,
    keys: readonly string[],
    what: string,
    fallbackId: string,
  ): { level: OrgLevel; props: Map<string, { value: JsonNode | undefined }> } {
    const reader = this.reader;
    const levelProps = reader.knownProps(levelNode, keys, what);
    const id = reader.expectString(levelProps.get('id')?.value, `the id of ${what}`)?.value ?? fallbackId;
    const scpsProp = levelProps.get('scps');
    // Omitted `scps` means AWS's default attachment; an explicit list (even empty) is taken literally.
    const named = isAccountId(id) ? `account ${id}` : id;
    const scps = scpsProp ? this.resolve(reader.expectStringList(scpsProp.value, `the SCPs of ${named}`), 'scp', id) : this.defaultAttachment();
    const rcpNames = reader.expectStringList(levelProps.get('rcps')?.value, `the RCPs of ${named}`);
    const attached = { scps, rcps: this.resolve(rcpNames, 'rcp', id) };
    return { level: new AttachingLevel(id, attached, this.loader), props: levelProps };
  }

  /** One level (the root or an OU) with its accounts, then its child OUs. */
  walk(levelNode: JsonNode | undefined, parents: readonly OrgLevel[], what: string): void {
    const reader = this.reader;
    const object = reader.expectObject(levelNode, what);
    if (!object) return;
    const { level, props } = this.readLevel(object, LEVEL_KEYS, what, parents.length === 0 ? 'root' : `OU ${parents.length}`);
    const path = [...parents, level];
    const accountList = props.get('accounts')?.value;
    if (accountList?.type === 'string') {
      // One account id where the list belongs: read as the list of one it means, as a list of names is.
      reader.singleForList(accountList, `the accounts of ${level.id}`);
      this.readAccount(accountList, level.id, path);
    } else if (accountList && accountList.type !== 'array') reader.report(nodeSpan(accountList), `The accounts of ${level.id} must be a list.`, 'wrongType');
    for (const entry of accountList?.type === 'array' ? (accountList.children ?? []) : []) this.readAccount(entry, level.id, path);
    const children = props.get('children')?.value;
    if (children && children.type !== 'array') reader.report(nodeSpan(children), `The children of ${level.id} must be a list of OUs.`, 'wrongType');
    for (const child of children?.type === 'array' ? (children.children ?? []) : []) this.walk(child, path, `an OU under ${level.id}`);
  }

  /** An account of a level: its id, or an object with its id and its own SCPs and RCPs. */
  private readAccount(entry: JsonNode, levelId: string, path: readonly OrgLevel[]): void {
    const reader = this.reader;
    let accountLevel: OrgLevel | undefined;
    let idNode: LocatedString | undefined;
    if (entry.type === 'string') {
      idNode = { value: String(entry.value), span: nodeSpan(entry) };
      accountLevel = new AttachingLevel(idNode.value, { scps: this.defaultAttachment(), rcps: [] }, this.loader);
    } else if (entry.type === 'object') {
      // Only the level is kept: its properties' nodes would keep the model's whole tree alive (parent links).
      const read = this.readLevel(entry, ACCOUNT_LEVEL_KEYS, `an account of ${levelId}`, '');
      idNode = reader.expectString(read.props.get('id')?.value, `the id of an account of ${levelId}`);
      if (!read.props.get('id')) reader.report(nodeSpan(entry), `An account of ${levelId} needs an "id" (its 12-digit account number).`, 'missingKey');
      accountLevel = read.level;
    } else {
      reader.report(nodeSpan(entry), `Each account of ${levelId} must be an account id or an object with "id".`, 'wrongType');
    }
    if (!idNode || !accountLevel) return;
    if (!isAccountId(idNode.value)) {
      reader.report(idNode.span, `'${idNode.value}' is not an AWS account id (12 digits).`, 'invalidAccountId');
      return;
    }
    if (this.paths.has(idNode.value)) {
      reader.report(idNode.span, `Account ${idNode.value} is listed twice in the organization: an account belongs to exactly one OU.`, 'duplicateAccount');
      return;
    }
    this.paths.set(idNode.value, [...path, accountLevel]);
    this.accounts.push(idNode);
  }
}
