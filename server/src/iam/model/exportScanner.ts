import { isAccountId, parseArn } from '../arn';
import type { Span, TextInParts } from '../span';
import type { EntityRecord, ExportRecords, InlineRecord, LaterParts, PolicyRecord } from './exportRecords';
import type { JsonNode, LocatedString } from './jsonReader';
import type { FileWindows } from './modelTypes';
import { StrictJsonText } from './strictJson';

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
  try {
    return new ExportScanner(text, maxDepth).read();
  } catch {
    // NOT_STRICT, or anything else (a stack overflow on absurd input): the tree reader says what is wrong.
    return undefined;
  }
}

/** How `scanExportWindows` reads an export a window at a time. */
export interface WindowSizes {
  /** How long a window is. */
  readonly window: number;
  /** How much of its window must be left for an entry to start in it: less, and the next window starts at the entry. */
  readonly margin: number;
  /** How much must be left after an entry, for the end of its list and the start of the next. */
  readonly tail: number;
  /**
   * The longest window an entry is scanned again in: an entry of an export is kilobytes long, and one that does not
   * end within this is a syntax error far more likely, which the reading of the whole text reports.
   */
  readonly longest: number;
}

/**
 * Windows small enough to be made where the engine makes short-lived values, in memory it uses again and again (a
 * window of a megabyte is memory new to the process, and each first touch of it is slow), and large enough for most
 * entries of a real export (a longer one is read again in a longer window).
 */
const WINDOW_SIZES: WindowSizes = { window: 96 * 1024, margin: 32 * 1024, tail: 1024, longest: 4 * 1048576 };

/**
 * The same, for an export read a window at a time, never held as one string: on a large export, making that string
 * and touching it once more for each pass cost more than the scan (the memory of a 56 MB string is new to the process,
 * and each first touch of it is slow). An entry that runs past its window is scanned again in one twice as long; the
 * records' documents are read back from the file (`ExportRecords.text`). Each window's text is handed to `onWindow`
 * (the loader looks for values a template left open). Undefined where `scanExport` is, and where the export's
 * structure does not fit its windows (an entry longer than `longest`; between entries, a value longer than `tail`,
 * which an export does not have) or the file changed while scanned: the caller then reads the file whole.
 */
export function scanExportWindows(
  windows: FileWindows,
  maxDepth: number,
  onWindow: (text: string) => void,
  sizes: WindowSizes = WINDOW_SIZES,
): ExportRecords | undefined {
  try {
    return new ExportScanner('', maxDepth, { windows, sizes, onWindow }).read();
  } catch {
    return undefined;
  }
}

/** A file read a window at a time, as a text read in parts (for its documents and its lines). */
export function textOfWindows(windows: FileWindows): TextInParts {
  return { length: windows.length, slice: (start, end) => windows.text(start, end) };
}

/** Where a scanner reading a window at a time reads from (see `scanExportWindows`). */
interface Windowed {
  readonly windows: FileWindows;
  readonly sizes: WindowSizes;
  readonly onWindow: (text: string) => void;
}

/** Thrown inside the scanner when the text is not strict JSON; never escapes this file. */
const NOT_STRICT = Symbol('not strict JSON');

/** Every key the scanner reads; any other is skipped. */
const KEYS: readonly string[] = [
  ...LISTS.keys(),
  ...[...LISTS.values()].flatMap((shape) => [shape.nameKey, shape.idKey, shape.inlineKey]),
  ...['Path', 'Arn', 'DefaultVersionId', 'PolicyVersionList', 'Document', 'VersionId', 'IsDefaultVersion', 'AttachedManagedPolicies'],
  ...['GroupList', 'Tags', 'PermissionsBoundary', 'AssumeRolePolicyDocument', 'PolicyArn', 'PolicyDocument', 'Key', 'Value', 'PermissionsBoundaryArn'],
].filter((key, i, all) => key !== '' && all.indexOf(key) === i);

/**
 * The keys (their places in `KEYS`) by length and last character (`Id`, `Name`, `List` end many): one candidate,
 * mostly, to compare.
 */
const KEYS_BY_SHAPE = new Map<number, number[]>();
const shapeOf = (length: number, last: number): number => length * 65536 + last;
KEYS.forEach((key, index) => {
  const shape = shapeOf(key.length, key.charCodeAt(key.length - 1));
  KEYS_BY_SHAPE.set(shape, [...(KEYS_BY_SHAPE.get(shape) ?? []), index]);
});

/**
 * Each key's bit in the set of keys an object has given so far (a number: there are fewer than 53 keys), by its place
 * in `KEYS`: read from the place `knownKey` found, not looked up again by the key for each of an export's millions.
 */
const KEY_BITS: readonly number[] = KEYS.map((_, index) => 2 ** index);

/** A version of a managed policy, until the default one is known. */
interface VersionRecord {
  document: JsonNode | undefined;
  isDefault: boolean;
  id: string | undefined;
}

/**
 * Where entries' parts are in the text, noted as the scan checks them (see `EntityRecord.parts`), entry after entry in
 * one list of numbers for the export (an export has tens of thousands of entries; an array each was most of what the
 * scan kept): for each entry, the Tags list's offset (-1: none), then for each inline policy the offset of its name
 * (-1: none), 1 when the name is not empty (0 otherwise), the offset of its document (-1: none) and the document's
 * length.
 */
type PartPlaces = number[];
const TAGS = 0;
const FIRST_INLINE = 1;
/** How many numbers of `PartPlaces` each inline policy takes. */
const INLINE_PLACES = 4;

const OPEN_OBJECT = 123;
const OPEN_ARRAY = 91;
const QUOTE = 34;

/**
 * Reads an export's structure token by token and passes over everything else (documents, keys it does not read) with
 * `StrictJsonText`, which checks it; every character of the text is checked once, by one or the other.
 */
class ExportScanner {
  private account: string | undefined;
  /** How many documents given as strings the scan has met. */
  private textDocuments = 0;
  /** The scanner that reads entries' parts (`ScannedParts`). */
  private partReader: ExportScanner | undefined;
  private readonly places: PartPlaces = [];
  /** The position in `text`; the file's offset of `text`'s start is `base`. */
  private pos = 0;
  /** How many containers the position is inside. */
  private depth = 0;
  private json: StrictJsonText;

  constructor(
    /** The text scanned: the export's, or the window of it read now, or (reading an entry's parts) the entry's. */
    private text: string,
    private readonly maxDepth: number,
    private readonly windowed?: Windowed,
    /** The offset in the export of `text`'s start: every offset the records hold is the export's. */
    private base = 0,
  ) {
    this.json = new StrictJsonText(text, maxDepth);
  }

  private fail(): never {
    throw NOT_STRICT;
  }

  private enter(): void {
    if (++this.depth > this.maxDepth) this.fail();
  }

  private leave(): void {
    this.depth--;
  }

  private skipSpace(): void {
    this.pos = this.json.spaceEnd(this.pos);
  }

  /** Checks the value at the position (after whitespace) and moves past it, building nothing. */
  private skipValue(): void {
    this.skipSpace();
    this.pos = this.json.valueEnd(this.pos, this.depth);
    if (this.pos < 0) this.fail();
  }

  /** The end of the string at the position (after its closing quote); `json.escaped` says whether it has escapes. */
  private stringEnd(): number {
    const end = this.json.stringEnd(this.pos);
    return end < 0 ? this.fail() : end;
  }

  /** The string at the position, decoded, with the position moved past it. */
  private readStringValue(): string {
    const start = this.pos;
    const end = this.stringEnd();
    this.pos = end;
    // JSON.parse decodes exactly what the check above let through.
    if (this.json.escaped) return JSON.parse(this.text.slice(start, end)) as string;
    // Read a window at a time, a string the records keep is read from the file as its own: a slice of the window
    // would keep the whole window alive, and an export's windows would all be kept, as the string they replace.
    const windowed = this.windowed;
    return windowed ? windowed.windows.text(this.base + start + 1, this.base + end - 1) : this.text.slice(start + 1, end - 1);
  }

  read(): ExportRecords {
    const records = { policies: [] as PolicyRecord[], groups: [] as EntityRecord[], users: [] as EntityRecord[], roles: [] as EntityRecord[] };
    const seen = new Set<string>();
    if (this.windowed) this.slide(0, this.windowed.sizes.window);
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
        if (shape.records === 'policies') records.policies.push(this.entry(() => this.policy()));
        else records[shape.records].push(this.entry(() => this.entity(shape)));
        return true;
      });
      return true;
    }, true);
    this.skipSpace();
    if (this.base + this.pos !== (this.windowed?.windows.length ?? this.text.length) || seen.size === 0) this.fail();
    return { text: this.exportText(), account: this.account, ...records };
  }

  /** Where the records' documents are read from: read a window at a time, the file, read back. */
  private exportText(): TextInParts {
    return this.windowed ? textOfWindows(this.windowed.windows) : this.text;
  }

  /**
   * An entry of a list, scanned by `scan`. Read a window at a time, the window moves to the entry's start when less
   * than the margin of it is left, and an entry that runs past its window's end (or leaves less than the tail after
   * it) is scanned again from its start in a window twice as long, what its first scan noted undone.
   */
  private entry<T>(scan: () => T): T {
    const windowed = this.windowed;
    if (windowed === undefined) return scan();
    if (this.pos > this.text.length - windowed.sizes.margin && !this.windowReachesEnd()) this.slide(this.base + this.pos, windowed.sizes.window);
    for (;;) {
      const at = this.base + this.pos;
      const { depth, textDocuments } = this;
      const places = this.places.length;
      try {
        const scanned = scan();
        if (this.text.length - this.pos >= windowed.sizes.tail || this.windowReachesEnd()) return scanned;
      } catch (error) {
        if (this.windowReachesEnd()) throw error;
      }
      this.depth = depth;
      this.textDocuments = textDocuments;
      // What the first scan noted is only unreachable, not wrong: dropped, not to be kept.
      this.places.length = places;
      if (2 * this.text.length > windowed.sizes.longest) this.fail();
      this.slide(at, 2 * this.text.length);
    }
  }

  private windowReachesEnd(): boolean {
    return this.base + this.text.length >= (this.windowed?.windows.length ?? 0);
  }

  /** Reads the window of `length` from the export's offset `at`, and scans on from its start. */
  private slide(at: number, length: number): void {
    const windowed = this.windowed as Windowed;
    const text = windowed.windows.text(at, Math.min(at + length, windowed.windows.length));
    windowed.onWindow(text);
    this.text = text;
    this.base = at;
    this.pos = 0;
    this.json = new StrictJsonText(text, this.maxDepth);
  }

  /**
   * The place in `KEYS` of the key at the scanner's position, or -1 for any other: an export has a dozen keys per
   * entry and millions in all, and none of them is allocated as a string of its own.
   */
  private knownKey(): number {
    const start = this.pos;
    const end = this.stringEnd();
    if (this.json.escaped) return KEYS.indexOf(this.readStringValue());
    this.pos = end;
    const candidates = KEYS_BY_SHAPE.get(shapeOf(end - start - 2, this.text.charCodeAt(end - 2)));
    if (candidates === undefined) return -1;
    for (const index of candidates) if (this.text.startsWith(KEYS[index] as string, start + 1)) return index;
    return -1;
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
      const index = this.knownKey();
      const key = index < 0 ? '' : (KEYS[index] as string);
      this.skipSpace();
      if (this.peek() !== 58) this.fail();
      this.pos++;
      this.skipSpace();
      const bit = index < 0 ? 0 : (KEY_BITS[index] as number);
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
    const start = this.pos;
    const value = this.readStringValue();
    return { value, span: { offset: this.base + start, length: this.pos - start } };
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
    const start = this.pos;
    this.skipDocument();
    return this.documentAt(start, this.pos - start);
  }

  /** Checks the document at the position and moves past it: an object, or a string (counted in `textDocuments`). */
  private skipDocument(): void {
    const c = this.peek();
    if (c === QUOTE) this.textDocuments++;
    else if (c !== OPEN_OBJECT) this.fail();
    this.skipValue();
  }

  /** The document checked at `start` of the text: an object as its span, a string with its value. */
  private documentAt(start: number, length: number): JsonNode {
    const offset = this.base + start;
    if (this.text.charCodeAt(start) === OPEN_OBJECT) return { type: 'object', offset, length };
    this.pos = start;
    return { type: 'string', offset, length, value: this.readStringValue() };
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
    const places = this.places;
    const start = places.length;
    places.push(-1);
    const textDocuments = this.textDocuments;
    const entryStart = this.base + this.pos;
    this.properties((key) => {
      if (key === shape.nameKey) name = this.located();
      else if (key === 'Path') path = this.string();
      else if (key === shape.idKey) id = this.string();
      else if (key === 'Arn') arn = this.string();
      else if (key === 'AttachedManagedPolicies') this.elements(() => this.attachment(attached));
      else if (key === shape.inlineKey) this.elements(() => this.inlinePlace(places));
      else if (key === 'GroupList') this.elements(() => this.groupName(groups));
      else if (key === 'Tags') {
        places[start + TAGS] = this.base + this.pos;
        this.elements(() => this.checkTag());
      } else if (key === 'PermissionsBoundary') boundary = this.boundary();
      else if (key === 'AssumeRolePolicyDocument') trust = this.document();
      else return false;
      return true;
    });
    this.noteAccount(arn);
    const parts = new ScannedParts(this, places, start, places.length, entryStart, this.base + this.pos);
    // A document given as a string is decoded and checked at load, where the importer meets it: read the parts now.
    return {
      name,
      path,
      id,
      arn,
      groups,
      attached,
      boundary,
      trust,
      parts: this.textDocuments > textDocuments ? { inline: parts.inline(), tags: parts.tags() } : parts,
    };
  }

  /**
   * The scanner that reads the parts of the entry at [start, end) of the export: one of its own, as this one may be in
   * the middle of the export; read a window at a time, over the entry's text alone, read again from the file.
   */
  partsReader(start: number, end: number): ExportScanner {
    const windowed = this.windowed;
    if (windowed === undefined) return (this.partReader ??= new ExportScanner(this.text, this.maxDepth));
    return new ExportScanner(windowed.windows.text(start, end), this.maxDepth, undefined, start);
  }

  /** An entry's tags, from where the scan noted them (and checked them: reading them again cannot fail). */
  readTags(places: PartPlaces, start: number): Record<string, string> {
    const tags: Record<string, string> = {};
    if ((places[start + TAGS] as number) >= 0) {
      this.pos = (places[start + TAGS] as number) - this.base;
      this.elements(() => this.tag(tags));
    }
    return tags;
  }

  /** An entry's inline policies, from where the scan noted them. */
  readInline(places: PartPlaces, start: number, end: number): InlineRecord[] {
    const inline: InlineRecord[] = [];
    for (let i = start + FIRST_INLINE; i < end; i += INLINE_PLACES) {
      const nameAt = places[i] as number;
      const documentAt = places[i + 2] as number;
      if (nameAt >= 0) this.pos = nameAt - this.base;
      inline.push({
        name: nameAt < 0 ? undefined : this.readStringValue(),
        document: documentAt < 0 ? undefined : this.documentAt(documentAt - this.base, places[i + 3] as number),
      });
    }
    return inline;
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

  /** An inline policy, noted in `places`: where its name and its document are (-1: absent). */
  private inlinePlace(places: PartPlaces): boolean {
    if (this.peek() !== OPEN_OBJECT) return false;
    let nameAt = -1;
    let named = 0;
    let documentAt = -1;
    let documentLength = 0;
    this.properties((key) => {
      if (key === 'PolicyName') {
        if (this.peek() === QUOTE) {
          nameAt = this.base + this.pos;
          // A quote right after the opening one is the only empty name (the value is checked as it is skipped).
          named = this.text.charCodeAt(this.pos + 1) === QUOTE ? 0 : 1;
        }
        this.skipValue();
      } else if (key === 'PolicyDocument') {
        const documentStart = this.pos;
        documentAt = this.base + documentStart;
        this.skipDocument();
        documentLength = this.pos - documentStart;
      } else return false;
      return true;
    });
    places.push(nameAt, named, documentAt, documentLength);
    return true;
  }

  /** Checks a tag as `tag` reads it, keeping nothing. */
  private checkTag(): boolean {
    if (this.peek() !== OPEN_OBJECT) return false;
    this.properties((field) => {
      // The tree importer spells a value that is not a string with String(); rare enough to leave to it.
      if (field === 'Value' && this.peek() !== QUOTE) this.fail();
      return false;
    });
    return true;
  }

  private tag(tags: Record<string, string>): boolean {
    if (this.peek() !== OPEN_OBJECT) return false;
    let key: string | undefined;
    let value: string | undefined;
    this.properties((field) => {
      if (field === 'Key') key = this.string();
      else if (field === 'Value') value = this.string();
      else return false;
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
    return { offset: this.base + start, length: this.pos - start };
  }
}

/** An entry's parts, read when first asked for (one object per entry, not closures: an export has tens of thousands). */
class ScannedParts implements LaterParts {
  readonly later = true;

  constructor(
    private readonly scanner: ExportScanner,
    private readonly places: PartPlaces,
    private readonly start: number,
    private readonly end: number,
    /** Where the entry is in the export. */
    private readonly entryStart: number,
    private readonly entryEnd: number,
  ) {}

  private reader(): ExportScanner {
    return this.scanner.partsReader(this.entryStart, this.entryEnd);
  }

  inline(): readonly InlineRecord[] {
    return this.reader().readInline(this.places, this.start, this.end);
  }

  /** Where the documents of `inline()`'s drafts are (those with a name), from the places alone: no text is read. */
  documents(): Span[] {
    const spans: Span[] = [];
    const places = this.places;
    for (let i = this.start + FIRST_INLINE; i < this.end; i += INLINE_PLACES) {
      if ((places[i] as number) >= 0 && places[i + 1] === 1 && (places[i + 2] as number) >= 0) {
        spans.push({ offset: places[i + 2] as number, length: places[i + 3] as number });
      }
    }
    return spans;
  }

  tags(): Record<string, string> {
    return this.reader().readTags(this.places, this.start);
  }
}
