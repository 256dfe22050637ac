import { isAccountId, parseArn } from '../arn';
import type { Span } from '../span';
import type { EntityRecord, ExportRecords, InlineRecord, PolicyRecord } from './exportRecords';
import type { JsonNode, LocatedString } from './jsonReader';
import { hasRawControl, StrictScanner } from './sparseTree';

/** Which records each list of an export holds, and the keys its entries are read by. */
interface ListShape {
  readonly records: 'policies' | 'groups' | 'users' | 'roles';
  readonly nameKey: string;
  readonly idKey: string;
  readonly inlineKey: string;
}

const LISTS: ReadonlyMap<string, ListShape> = new Map([
  ['UserDetailList', { records: 'users', nameKey: 'UserName', idKey: 'UserId', inlineKey: 'UserPolicyList' }],
  ['GroupDetailList', { records: 'groups', nameKey: 'GroupName', idKey: 'GroupId', inlineKey: 'GroupPolicyList' }],
  ['RoleDetailList', { records: 'roles', nameKey: 'RoleName', idKey: 'RoleId', inlineKey: 'RolePolicyList' }],
  ['Policies', { records: 'policies', nameKey: 'PolicyName', idKey: 'PolicyId', inlineKey: '' }],
]);

/**
 * Reads a strict-JSON authorization-details export straight into records, in one pass over its text and without a
 * node for its structure: an export of 50,000 principals is two million nodes as a tree, and building them (and then
 * collecting them) was most of the time to load one. Documents are kept as spans, their syntax checked on the way.
 *
 * Returns undefined for anything the tree importer would report or read otherwise: text that is not strict JSON or
 * nests too deep, a list that is not a list, an array outside the export's lists (the tree reader looks into it for
 * the account), a list given twice, a document neither object nor string, a tag value that is not a string. The
 * caller then reads the export as a tree, and the diagnostics are that reader's, exactly as before.
 */
export function scanExport(text: string, maxDepth: number): ExportRecords | undefined {
  if (hasRawControl(text)) return undefined;
  try {
    return new ExportScanner(text, maxDepth).read();
  } catch {
    return undefined;
  }
}

/** Every key the scanner reads; any other is skipped. */
const KEYS: readonly string[] = [
  ...LISTS.keys(),
  ...[...LISTS.values()].flatMap((shape) => [shape.nameKey, shape.idKey, shape.inlineKey]),
  ...['Path', 'Arn', 'DefaultVersionId', 'PolicyVersionList', 'Document', 'VersionId', 'IsDefaultVersion', 'AttachedManagedPolicies'],
  ...['GroupList', 'Tags', 'PermissionsBoundary', 'AssumeRolePolicyDocument', 'PolicyArn', 'PolicyDocument', 'Key', 'Value', 'PermissionsBoundaryArn'],
].filter((key, i, all) => key !== '' && all.indexOf(key) === i);

/** The keys by length and last character (`Id`, `Name`, `List` end many): one candidate, mostly, to compare. */
const KEYS_BY_SHAPE = new Map<number, string[]>();
const shapeOf = (length: number, last: number): number => length * 65536 + last;
for (const key of KEYS) {
  const shape = shapeOf(key.length, key.charCodeAt(key.length - 1));
  KEYS_BY_SHAPE.set(shape, [...(KEYS_BY_SHAPE.get(shape) ?? []), key]);
}

/** Each key's bit in the set of keys an object has given so far (a number: there are fewer than 53 keys). */
const KEY_BITS = new Map(KEYS.map((key, i) => [key, 2 ** i]));

/** A version of a managed policy, until the default one is known. */
interface VersionRecord {
  document: JsonNode | undefined;
  isDefault: boolean;
  id: string | undefined;
}

const OPEN_OBJECT = 123;
const OPEN_ARRAY = 91;
const QUOTE = 34;

class ExportScanner extends StrictScanner {
  private account: string | undefined;

  constructor(text: string, maxDepth: number) {
    super(text, () => false, maxDepth);
  }

  read(): ExportRecords {
    const records = { policies: [] as PolicyRecord[], groups: [] as EntityRecord[], users: [] as EntityRecord[], roles: [] as EntityRecord[] };
    const seen = new Set<string>();
    this.skipSpace();
    if (this.peek() !== OPEN_OBJECT) this.fail();
    this.properties((key) => {
      const shape = LISTS.get(key);
      if (shape === undefined) {
        if (this.peek() === OPEN_ARRAY) this.fail();
        return false;
      }
      if (seen.has(key) || this.peek() !== OPEN_ARRAY) this.fail();
      seen.add(key);
      this.elements(() => {
        if (this.peek() !== OPEN_OBJECT) return false;
        if (shape.records === 'policies') records.policies.push(this.policy());
        else records[shape.records].push(this.entity(shape));
        return true;
      });
      return true;
    }, true);
    this.skipSpace();
    if (this.pos !== this.text.length || seen.size === 0) this.fail();
    return { account: this.account, ...records };
  }

  /**
   * The key at the scanner's position as the constant of `KEYS` it spells, or '' for any other: an export has a
   * dozen keys per entry and millions in all, and none of them is allocated as a string of its own.
   */
  private knownKey(): string {
    const start = this.pos;
    const end = this.stringEnd(start);
    if (this.hasEscape(start, end)) {
      const decoded = this.readStringValue();
      return KEYS.find((key) => key === decoded) ?? '';
    }
    this.pos = end;
    const candidates = KEYS_BY_SHAPE.get(shapeOf(end - start - 2, this.text.charCodeAt(end - 2)));
    if (candidates === undefined) return '';
    for (const key of candidates) if (this.text.startsWith(key, start + 1)) return key;
    return '';
  }

  private peek(): number {
    return this.text.charCodeAt(this.pos);
  }

  /**
   * The properties of the object at the scanner's position, each key handed to `read`, which reads the value and
   * returns true, or returns false to have it skipped. Only the first of keys given twice is read, as the tree
   * importer's field lookup does, and keys not in `KEYS` are skipped unread, unless `everyKey`.
   */
  private properties(read: (key: string) => boolean, everyKey = false): void {
    let seen = 0;
    this.enter();
    this.pos++;
    this.skipSpace();
    if (this.peek() === 125) {
      this.pos++;
      this.leave();
      return;
    }
    for (;;) {
      this.skipSpace();
      if (this.peek() !== QUOTE) this.fail();
      const key = this.knownKey();
      this.skipSpace();
      if (this.peek() !== 58) this.fail();
      this.pos++;
      this.skipSpace();
      const bit = KEY_BITS.get(key) ?? 0;
      // Bits above 31 do not survive `&`: the set is a sum of powers of two, tested by division.
      const first = bit !== 0 && Math.floor(seen / bit) % 2 === 0;
      if (first) seen += bit;
      if (!(first || everyKey) || !read(key)) this.skipValue();
      this.skipSpace();
      const next = this.text.charCodeAt(this.pos++);
      if (next === 125) break;
      if (next !== 44) this.fail();
    }
    this.leave();
  }

  /** The elements of the array at the scanner's position (anything else is skipped: a list of nothing). */
  private elements(read: () => boolean): void {
    if (this.peek() !== OPEN_ARRAY) {
      this.skipValue();
      return;
    }
    this.enter();
    this.pos++;
    this.skipSpace();
    if (this.peek() === 93) {
      this.pos++;
      this.leave();
      return;
    }
    for (;;) {
      this.skipSpace();
      if (!read()) this.skipValue();
      this.skipSpace();
      const next = this.text.charCodeAt(this.pos++);
      if (next === 93) break;
      if (next !== 44) this.fail();
    }
    this.leave();
  }

  /** The properties of the value when it is an object; anything else is skipped. */
  private objectFields(read: (key: string) => boolean): void {
    if (this.peek() === OPEN_OBJECT) this.properties(read);
    else this.skipValue();
  }

  private located(): LocatedString | undefined {
    if (this.peek() !== QUOTE) {
      this.skipValue();
      return undefined;
    }
    const offset = this.pos;
    const value = this.readStringValue();
    return { value, span: { offset, length: this.pos - offset } };
  }

  private string(): string | undefined {
    if (this.peek() !== QUOTE) {
      this.skipValue();
      return undefined;
    }
    return this.readStringValue();
  }

  /** A policy document: an object as its span, a string (JSON or URL-encoded) with its value. */
  private document(): JsonNode {
    const offset = this.pos;
    if (this.peek() === OPEN_OBJECT) {
      this.skipValue();
      return { type: 'object', offset, length: this.pos - offset };
    }
    if (this.peek() !== QUOTE) this.fail();
    const value = this.readStringValue();
    return { type: 'string', offset, length: this.pos - offset, value };
  }

  private noteAccount(arn: string | undefined): void {
    if (this.account !== undefined || arn === undefined) return;
    const account = parseArn(arn)?.account;
    if (account && isAccountId(account)) this.account = account;
  }

  private policy(): PolicyRecord {
    const start = this.pos;
    let name: string | undefined;
    let arn: string | undefined;
    let path: string | undefined;
    let defaultId: string | undefined;
    const versions: VersionRecord[] = [];
    this.properties((key) => {
      if (key === 'PolicyName') name = this.string();
      else if (key === 'Arn') arn = this.string();
      else if (key === 'Path') path = this.string();
      else if (key === 'DefaultVersionId') defaultId = this.string();
      else if (key === 'PolicyVersionList') this.elements(() => this.version(versions));
      else return false;
      return true;
    });
    this.noteAccount(arn);
    const version = versions.find((v) => v.isDefault || (defaultId !== undefined && v.id === defaultId));
    return { item: this.spanFrom(start), name, arn, path, document: version?.document };
  }

  private version(versions: VersionRecord[]): boolean {
    if (this.peek() !== OPEN_OBJECT) return false;
    const version: VersionRecord = { document: undefined, isDefault: false, id: undefined };
    this.properties((key) => {
      if (key === 'Document') version.document = this.document();
      else if (key === 'VersionId') version.id = this.string();
      // Only the literal `true` makes a version the default; the value is then skipped (and so checked) as any other.
      else if (key === 'IsDefaultVersion') version.isDefault = this.text.startsWith('true', this.pos);
      return key === 'Document' || key === 'VersionId';
    });
    versions.push(version);
    return true;
  }

  private entity(shape: ListShape): EntityRecord {
    let name: LocatedString | undefined;
    let path: string | undefined;
    let id: string | undefined;
    let arn: string | undefined;
    let boundary: LocatedString | undefined;
    let trust: JsonNode | undefined;
    const groups: LocatedString[] = [];
    const attached: LocatedString[] = [];
    const inline: InlineRecord[] = [];
    const tags: Record<string, string> = {};
    this.properties((key) => {
      if (key === shape.nameKey) name = this.located();
      else if (key === 'Path') path = this.string();
      else if (key === shape.idKey) id = this.string();
      else if (key === 'Arn') arn = this.string();
      else if (key === 'AttachedManagedPolicies') this.elements(() => this.attachment(attached));
      else if (key === shape.inlineKey) this.elements(() => this.inlinePolicy(inline));
      else if (key === 'GroupList') this.elements(() => this.groupName(groups));
      else if (key === 'Tags') this.elements(() => this.tag(tags));
      else if (key === 'PermissionsBoundary') boundary = this.boundary();
      else if (key === 'AssumeRolePolicyDocument') trust = this.document();
      else return false;
      return true;
    });
    this.noteAccount(arn);
    return { name, path, id, arn, groups, attached, inline, tags, boundary, trust };
  }

  private groupName(groups: LocatedString[]): boolean {
    if (this.peek() !== QUOTE) return false;
    groups.push(this.located() as LocatedString);
    return true;
  }

  private attachment(attached: LocatedString[]): boolean {
    if (this.peek() !== OPEN_OBJECT) return false;
    this.properties((key) => {
      if (key !== 'PolicyArn') return false;
      const arn = this.located();
      if (arn) attached.push(arn);
      return true;
    });
    return true;
  }

  private inlinePolicy(inline: InlineRecord[]): boolean {
    if (this.peek() !== OPEN_OBJECT) return false;
    let name: string | undefined;
    let document: JsonNode | undefined;
    this.properties((key) => {
      if (key === 'PolicyName') name = this.string();
      else if (key === 'PolicyDocument') document = this.document();
      else return false;
      return true;
    });
    inline.push({ name, document });
    return true;
  }

  private tag(tags: Record<string, string>): boolean {
    if (this.peek() !== OPEN_OBJECT) return false;
    let key: string | undefined;
    let value: string | undefined;
    this.properties((field) => {
      if (field === 'Key') key = this.string();
      else if (field === 'Value') {
        // The tree importer spells other values with String(); rare enough to leave to it.
        if (this.peek() !== QUOTE) this.fail();
        value = this.string();
      } else return false;
      return true;
    });
    if (key !== undefined && value !== undefined) tags[key] = value;
    return true;
  }

  private boundary(): LocatedString | undefined {
    let arn: LocatedString | undefined;
    this.objectFields((key) => {
      if (key !== 'PermissionsBoundaryArn') return false;
      arn = this.located();
      return true;
    });
    return arn;
  }

  private spanFrom(start: number): Span {
    return { offset: start, length: this.pos - start };
  }
}
