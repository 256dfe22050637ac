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
 * the text is no export, or not JSON that reads without error (the tree's reading of broken text is then the one to
 * use). Same policies, labels and order.
 */
export function authorizationDetailsPoliciesInText(text: string, options: { readonly encoded?: boolean } = {}): EmbeddedPolicy[] | undefined {
  const owners: Owner[] = [];
  const stack: Frame[] = [];
  let failed = false;
  let isExport = false;

  /** Where the next value goes, from the frame that holds it. */
  const placeOfValue = (isObject: boolean, isArray: boolean): Place => {
    const frame = stack[stack.length - 1];
    if (frame === undefined) return isObject ? { kind: 'root' } : { kind: 'other' };
    const place = frame.place;
    if (frame.isArray) {
      const index = frame.items++;
      if (!isObject) return { kind: 'other' };
      if (place.kind === 'list') return entityAt(place.list, index);
      if (place.kind === 'inlineList')
        return { kind: 'inline', owner: place.owner, part: addPart(place.owner, index, 'identity', inlineLabel(place.list.noun)) };
      if (place.kind === 'policies') return policyAt(index);
      if (place.kind === 'versionList') return { kind: 'version', owner: place.owner, part: addPart(place.owner, index, 'identity', versionLabel) };
      return { kind: 'other' };
    }
    const key = frame.key;
    if (key === undefined) return { kind: 'other' };
    if (place.kind === 'root') {
      const list = ENTITY_LISTS.get(key);
      if (isArray && (list !== undefined || key === 'Policies')) isExport = true;
      if (isArray && list !== undefined) return { kind: 'list', list };
      if (isArray && key === 'Policies') return { kind: 'policies' };
    } else if (place.kind === 'entity') {
      if (isArray && key === place.list.policiesKey) return { kind: 'inlineList', owner: place.owner, list: place.list };
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
  };
  const entityAt = (list: EntityList, index: number): Place => {
    const owner: Owner = { name: undefined, rank: list.rank, index, parts: [] };
    owners.push(owner);
    return { kind: 'entity', owner, list };
  };
  const policyAt = (index: number): Place => {
    const owner: Owner = { name: undefined, rank: POLICIES_RANK, index, parts: [] };
    owners.push(owner);
    return { kind: 'policy', owner };
  };
  // The offset is set when the document's object begins; a string document is placed at once.
  const documentPlace = (part: Part): Place => ({ kind: 'document', part, offset: -1 });

  const begin = (offset: number, isArray: boolean): boolean | undefined => {
    let place = placeOfValue(!isArray, isArray);
    if (place.kind === 'document') {
      if (isArray) place = { kind: 'other' };
      else place = { ...place, offset };
    }
    stack.push({ place, isArray, keys: new Set(), key: undefined, items: 0 });
    // A document's inside is validated on its own, later: nothing in it is needed here.
    return place.kind === 'document' ? false : undefined;
  };
  const end = (offset: number, length: number): void => {
    const frame = stack.pop();
    const place = frame?.place;
    if (place?.kind === 'document' && place.part.found === undefined)
      place.part.found = { span: { offset: place.offset, length: offset + length - place.offset } };
  };

  visit(
    text,
    {
      onObjectBegin: (offset) => begin(offset, false),
      onObjectEnd: end,
      onArrayBegin: (offset) => begin(offset, true),
      onArrayEnd: end,
      onObjectProperty: (name) => {
        const frame = stack[stack.length - 1];
        if (frame === undefined) return;
        frame.key = frame.keys.has(name) ? undefined : name;
        frame.keys.add(name);
      },
      onLiteralValue: (value: unknown, offset, length) => {
        const frame = stack[stack.length - 1];
        const key = frame?.key;
        const place = placeOfValue(false, false);
        if (frame === undefined || frame.isArray || key === undefined) return;
        const holder = frame.place;
        if (place.kind === 'document') {
          if (options.encoded === true && typeof value === 'string' && value.startsWith('%7B')) place.part.found = { span: { offset, length }, encoded: value };
          return;
        }
        if (typeof value !== 'string') return;
        if (holder.kind === 'entity' && key === holder.list.nameKey) holder.owner.name = value;
        else if (holder.kind === 'policy' && key === 'PolicyName') holder.owner.name = value;
        else if (holder.kind === 'inline' && key === 'PolicyName') holder.part.name = value;
        else if (holder.kind === 'version' && key === 'VersionId') holder.part.name = value;
      },
      onError: () => {
        failed = true;
      },
    },
    { disallowComments: false, allowTrailingComma: true, allowEmptyContent: true },
  );
  if (failed || !isExport) return undefined;

  const found: EmbeddedPolicy[] = [];
  owners.sort((a, b) => a.rank - b.rank || a.index - b.index);
  for (const owner of owners) {
    for (const part of owner.parts.sort((a, b) => a.order - b.order)) {
      if (part.found === undefined) continue;
      const label = part.label(owner.name ?? '?', part.name ?? '?');
      found.push({ span: part.found.span, type: part.type, label, ...(part.found.encoded !== undefined ? { encoded: part.found.encoded } : {}) });
    }
  }
  return found;
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
