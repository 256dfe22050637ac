import { visit } from 'jsonc-parser';
import type { PolicyType } from '../policyTypes';
import type { EmbeddedPolicy } from './embeddedPolicies';

/** One of the export's lists of principals, ranked in the order `authorizationDetailsPolicies` reads them. */
interface EntityList {
  readonly rank: number;
  readonly noun: string;
  readonly nameKey: string;
  readonly policiesKey: string;
}

const ENTITY_LISTS: ReadonlyMap<string, EntityList> = new Map([
  ['UserDetailList', { rank: 0, noun: 'user', nameKey: 'UserName', policiesKey: 'UserPolicyList' }],
  ['GroupDetailList', { rank: 1, noun: 'group', nameKey: 'GroupName', policiesKey: 'GroupPolicyList' }],
  ['RoleDetailList', { rank: 2, noun: 'role', nameKey: 'RoleName', policiesKey: 'RolePolicyList' }],
]);
const POLICIES_RANK = 3;

/** Where a value sits in the export, as far as its policies are concerned; `other` for everything else. */
type Place =
  | { readonly kind: 'root' }
  | { readonly kind: 'list'; readonly list: EntityList }
  | { readonly kind: 'entity'; readonly owner: Owner; readonly list: EntityList }
  | { readonly kind: 'inlineList'; readonly owner: Owner; readonly list: EntityList }
  | { readonly kind: 'inline'; readonly owner: Owner; readonly part: Part }
  | { readonly kind: 'policies' }
  | { readonly kind: 'policy'; readonly owner: Owner }
  | { readonly kind: 'versionList'; readonly owner: Owner }
  | { readonly kind: 'version'; readonly owner: Owner; readonly part: Part }
  | { readonly kind: 'document'; readonly part: Part; readonly offset: number }
  | { readonly kind: 'other' };

/** An entry of a list (a principal, a managed policy), whose name labels the documents found in it. */
interface Owner {
  name: string | undefined;
  readonly rank: number;
  readonly index: number;
  readonly parts: Part[];
}

/** One document's place in its owner: an inline policy, a trust policy, a policy version. */
interface Part {
  readonly order: number;
  /** The inline policy's `PolicyName`, the version's `VersionId`. */
  name: string | undefined;
  readonly type: PolicyType;
  readonly label: (owner: string, part: string) => string;
  found?: { readonly span: { offset: number; length: number }; readonly encoded?: string };
}

interface Frame {
  readonly place: Place;
  readonly isArray: boolean;
  /** An object's keys so far: a key written twice counts once, the first time, as a tree's lookup reads it. */
  readonly keys: Set<string>;
  /** The key whose value comes next (undefined: a key seen before, whose value is not read). */
  key: string | undefined;
  /** An array's items so far. */
  items: number;
}

/**
 * What `authorizationDetailsPolicies` finds in an export's tree, found in one pass over its text with no tree: the
 * tree of a 56 MB export is about a gigabyte, and `check` needs only the documents' places and names. Undefined when
 * the text is no export, or its structure does not read without error or nests thousands deep (the tree's reading of
 * broken text is then the one to use); an error inside a document, whose inside the pass skips, is found when the document is validated.
 * Same policies, labels and order.
 */
export function authorizationDetailsPoliciesInText(text: string, options: { readonly encoded?: boolean } = {}): EmbeddedPolicy[] | undefined {
  const walk = new ExportWalk(options.encoded === true);
  let failed = false;
  try {
    visitExport(text, walk, () => (failed = true));
  } catch (error) {
    // jsonc-parser's visitor recurses: thousands of levels of nesting overflow the stack. The caller says so.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
  return failed ? undefined : walk.policies();
}

function visitExport(text: string, walk: ExportWalk, onError: () => void): void {
  visit(
    text,
    {
      onObjectBegin: (offset) => walk.begin(offset, false),
      onObjectEnd: (offset, length) => walk.end(offset, length),
      onArrayBegin: (offset) => walk.begin(offset, true),
      onArrayEnd: (offset, length) => walk.end(offset, length),
      onObjectProperty: (name) => walk.property(name),
      onLiteralValue: (value: unknown, offset, length) => walk.literal(value, offset, length),
      onError,
    },
    { disallowComments: false, allowTrailingComma: true, allowEmptyContent: true },
  );
}

/** The walk's state: the containers it is inside, and the owners of the documents it has met. */
class ExportWalk {
  private readonly owners: Owner[] = [];
  private readonly stack: Frame[] = [];
  /** Whether one of the export's lists is a list at the top level (`isAuthorizationDetails`). */
  private isExport = false;

  constructor(private readonly encoded: boolean) {}

  begin(offset: number, isArray: boolean): boolean | undefined {
    let place = this.placeOfValue(!isArray, isArray);
    if (place.kind === 'document') place = isArray ? { kind: 'other' } : { ...place, offset };
    this.stack.push({ place, isArray, keys: new Set(), key: undefined, items: 0 });
    // A document's inside is validated on its own, later: nothing in it is needed here.
    return place.kind === 'document' ? false : undefined;
  }

  end(offset: number, length: number): void {
    const place = this.stack.pop()?.place;
    if (place?.kind === 'document' && place.part.found === undefined)
      place.part.found = { span: { offset: place.offset, length: offset + length - place.offset } };
  }

  property(name: string): void {
    const frame = this.stack[this.stack.length - 1];
    if (frame === undefined) return;
    frame.key = frame.keys.has(name) ? undefined : name;
    frame.keys.add(name);
  }

  literal(value: unknown, offset: number, length: number): void {
    const frame = this.stack[this.stack.length - 1];
    const key = frame?.key;
    const place = this.placeOfValue(false, false);
    if (frame === undefined || frame.isArray || key === undefined) return;
    if (place.kind === 'document') {
      if (this.encoded && typeof value === 'string' && value.startsWith('%7B')) place.part.found = { span: { offset, length }, encoded: value };
      return;
    }
    if (typeof value !== 'string') return;
    const holder = frame.place;
    if (holder.kind === 'entity' && key === holder.list.nameKey) holder.owner.name = value;
    else if (holder.kind === 'policy' && key === 'PolicyName') holder.owner.name = value;
    else if (holder.kind === 'inline' && key === 'PolicyName') holder.part.name = value;
    else if (holder.kind === 'version' && key === 'VersionId') holder.part.name = value;
  }

  /** The documents found, in the order the tree's reading lists them; undefined when the text was no export. */
  policies(): EmbeddedPolicy[] | undefined {
    if (!this.isExport) return undefined;
    const found: EmbeddedPolicy[] = [];
    this.owners.sort((a, b) => a.rank - b.rank || a.index - b.index);
    for (const owner of this.owners) {
      for (const part of owner.parts.sort((a, b) => a.order - b.order)) {
        if (part.found === undefined) continue;
        const label = part.label(owner.name ?? '?', part.name ?? '?');
        found.push({ span: part.found.span, type: part.type, label, ...(part.found.encoded !== undefined ? { encoded: part.found.encoded } : {}) });
      }
    }
    return found;
  }

  /** Where the next value goes, from the container that holds it (an array counts it as an item). */
  private placeOfValue(isObject: boolean, isArray: boolean): Place {
    const frame = this.stack[this.stack.length - 1];
    if (frame === undefined) return isObject ? { kind: 'root' } : { kind: 'other' };
    if (frame.isArray) {
      const index = frame.items++;
      return isObject ? this.itemPlace(frame.place, index) : { kind: 'other' };
    }
    const key = frame.key;
    return key === undefined ? { kind: 'other' } : this.propertyPlace(frame.place, key, isArray);
  }

  private itemPlace(place: Place, index: number): Place {
    if (place.kind === 'list') return { kind: 'entity', owner: this.owner(place.list.rank, index), list: place.list };
    if (place.kind === 'inlineList') return { kind: 'inline', owner: place.owner, part: addPart(place.owner, index, 'identity', inlineLabel(place.list.noun)) };
    if (place.kind === 'policies') return { kind: 'policy', owner: this.owner(POLICIES_RANK, index) };
    if (place.kind === 'versionList') return { kind: 'version', owner: place.owner, part: addPart(place.owner, index, 'identity', versionLabel) };
    return { kind: 'other' };
  }

  private propertyPlace(place: Place, key: string, isArray: boolean): Place {
    if (place.kind === 'root') {
      const list = ENTITY_LISTS.get(key);
      if (isArray && (list !== undefined || key === 'Policies')) this.isExport = true;
      if (isArray && list !== undefined) return { kind: 'list', list };
      if (isArray && key === 'Policies') return { kind: 'policies' };
    } else if (place.kind === 'entity') {
      if (isArray && key === place.list.policiesKey) return { kind: 'inlineList', owner: place.owner, list: place.list };
      // After the inline policies, as the tree's reading lists it.
      if (key === 'AssumeRolePolicyDocument' && place.list.noun === 'role')
        return documentPlace(addPart(place.owner, Number.MAX_SAFE_INTEGER, 'trust', trustLabel));
    } else if (place.kind === 'inline' && key === 'PolicyDocument') {
      return documentPlace(place.part);
    } else if (place.kind === 'policy' && isArray && key === 'PolicyVersionList') {
      return { kind: 'versionList', owner: place.owner };
    } else if (place.kind === 'version' && key === 'Document') {
      return documentPlace(place.part);
    }
    return { kind: 'other' };
  }

  private owner(rank: number, index: number): Owner {
    const owner: Owner = { name: undefined, rank, index, parts: [] };
    this.owners.push(owner);
    return owner;
  }
}

/** A document's place: its offset is set when its object begins (a string document is placed at once). */
function documentPlace(part: Part): Place {
  return { kind: 'document', part, offset: -1 };
}

function addPart(owner: Owner, order: number, type: PolicyType, label: Part['label']): Part {
  const part: Part = { order, name: undefined, type, label };
  owner.parts.push(part);
  return part;
}

function inlineLabel(noun: string): Part['label'] {
  return (owner, part) => `inline policy ${part} of ${noun} ${owner}`;
}

const trustLabel: Part['label'] = (owner) => `trust policy of role ${owner}`;
const versionLabel: Part['label'] = (owner, part) => `policy ${owner} ${part}`;
