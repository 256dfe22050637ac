/**
 * A new version of a YAML template read again after an edit inside one resource: only that resource's text is
 * parsed (by the same `yaml` parser, on its own), and the others' nodes are kept, moved by the edit's length.
 * A template is a map of resources, and most of its text is theirs: typing in a 200 KB template then costs the
 * parse of a few kilobytes instead of all of it.
 *
 * A resource's text parses alone exactly as it does in place when the text around it is clean (see YamlReuse: no
 * errors, directives, anchors or aliases) and the edited text is closed at both ends: it starts with the resource's
 * key at the indentation of its siblings, parses without errors into a block map whose keys are all at that
 * indentation (an edit that adds a resource re-reads as two), and every other line of it is blank, a comment or
 * indented deeper, so nothing in it (a quoted or flow value left open, a block scalar, a less indented line) can
 * reach into the next resource. Anything else (an edit outside `Resources`, across two resources, one that leaves
 * the text less tidy, and the cases below where random edits showed a part read alone differing from the whole)
 * returns undefined and the caller reads the whole text. test/unit/templates/incrementalRead.test.ts compares the two
 * over the repository's templates with seeded random edits.
 */
import { isMap, isScalar, type Node as YamlNode } from 'yaml';
import type { Span } from '../span';
import { DOCUMENT_SYNTAX, parseYaml, type ReadResult, type YamlReuse } from './readYamlTemplate';
import type { TemplateEntry, TemplateMap, TemplateNode } from './templateNode';

interface Layout {
  readonly root: TemplateMap;
  readonly resourcesIndex: number;
  readonly resources: TemplateMap;
  /** Where each resource's text starts (the start of its key's line), and where the last one's ends. */
  readonly starts: readonly number[];
  readonly end: number;
  readonly indent: number;
}

export function rereadYamlTemplate(text: string, previous: { readonly root: TemplateNode | undefined; readonly reuse: YamlReuse }): ReadResult | undefined {
  const old = previous.reuse.text;
  if (text === old) return { root: previous.root, problems: [], reuse: previous.reuse };
  const layout = layoutOf(previous.root, old);
  if (!layout) return undefined;
  const { starts, end, indent } = layout;
  // The edit: what differs between the common prefix and the common suffix of the two versions.
  const prefix = commonPrefix(old, text);
  const suffix = commonSuffix(old, text, Math.min(old.length, text.length) - prefix);
  const delta = text.length - old.length;
  const editEnd = old.length - suffix;
  let index = -1;
  for (let i = 0; i < starts.length; i++) if ((starts[i] as number) <= prefix) index = i;
  if (index < 0) return undefined;
  const chunkStart = starts[index] as number;
  // An edit where one resource's text meets the one before (lines added before a key) may belong to that one: a
  // block scalar that keeps its trailing lines (`|+`) takes blank lines up to the next key into its value.
  if (index > 0 && prefix === chunkStart) return undefined;
  const chunkEnd = index + 1 < starts.length ? (starts[index + 1] as number) : end;
  if (editEnd > chunkEnd) return undefined;
  const source = text.slice(chunkStart, chunkEnd + delta);
  // The text must still end a line where the next resource's starts (an edit may have joined the two lines).
  if (chunkEnd + delta < text.length && !source.endsWith('\n')) return undefined;
  if (!closedAt(source, indent) || EXPLICIT_KEY.test(source) || LONE_CR.test(source) || DOCUMENT_SYNTAX.test(source)) return undefined;
  // Comments indented deeper than the resources, before a resource's key or after its last value, belong to whichever
  // collection the parser is in there, which depends on the text around: the previous resource's too.
  if (looseComments(source, indent) || (index > 0 && looseComments(text.slice(starts[index - 1] as number, chunkStart), indent))) return undefined;
  const otherNodes = previous.reuse.nodes - (previous.reuse.resourceNodes[index] as number);
  const parsed = parseYaml(source, chunkStart, text, otherNodes);
  if ('problems' in parsed) return undefined;
  const { document, reader } = parsed;
  const map = document.contents;
  if (document.errors.length > 0 || !isMap(map) || map.flow || map.items.length === 0) return undefined;
  if (map.items.some((pair) => !isScalar(pair.key) || !startsLine(source, (pair.key as YamlNode).range?.[0] ?? -1, indent))) return undefined;
  const converted = reader.convertResources(map);
  if (reader.sawAnchors || reader.truncated) return undefined;
  // An empty value last in a resource takes the blank lines and comments after it into its range: those of the next
  // resource's text, which a resource read alone does not see.
  const before = index > 0 ? layout.resources.entries[index - 1] : undefined;
  if (endsEmpty(converted.entries[converted.entries.length - 1]) || (before && endsEmpty(before))) return undefined;
  const resourceNodes = [...previous.reuse.resourceNodes.slice(0, index), ...converted.nodes, ...previous.reuse.resourceNodes.slice(index + 1)];
  return assemble(layout, index, converted, delta, chunkEnd, { text, resourceNodes, nodes: reader.nodeCount });
}

/**
 * An explicit key (`? key`) anywhere in a resource's text: where such a key's collection ends depends on what
 * follows the text (a random edit showed it), so the text is not read alone. A `?` between spaces elsewhere (inside
 * a string) only costs a whole read.
 */
const EXPLICIT_KEY = /(?:^|\s)\?(?:\s|$)/;

/** A carriage return alone ends a line for YAML, not for the line scans here: such a text is read whole. */
const LONE_CR = /\r(?!\n)/;

/** Compared a block at a time (a native comparison), then a character at a time in the first block that differs. */
const BLOCK = 4096;

function commonPrefix(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let at = 0;
  while (at + BLOCK <= limit && a.slice(at, at + BLOCK) === b.slice(at, at + BLOCK)) at += BLOCK;
  while (at < limit && a.charCodeAt(at) === b.charCodeAt(at)) at++;
  return at;
}

/** The length of the common end of `a` and `b`, at most `limit`. */
function commonSuffix(a: string, b: string, limit: number): number {
  let length = 0;
  while (length + BLOCK <= limit && a.slice(a.length - length - BLOCK, a.length - length) === b.slice(b.length - length - BLOCK, b.length - length))
    length += BLOCK;
  while (length < limit && a.charCodeAt(a.length - 1 - length) === b.charCodeAt(b.length - 1 - length)) length++;
  return length;
}

/** The resources of a clean read and where their texts start: undefined unless every key starts its own line. */
function layoutOf(root: TemplateNode | undefined, text: string): Layout | undefined {
  if (root?.kind !== 'map') return undefined;
  const resourcesIndex = root.entries.findIndex((entry) => entry.key === 'Resources');
  const resources = root.entries[resourcesIndex]?.value;
  if (resources?.kind !== 'map' || resources.shortTag !== undefined || resources.entries.length === 0) return undefined;
  const first = resources.entries[0] as TemplateEntry;
  const indent = first.keySpan.offset - (text.lastIndexOf('\n', first.keySpan.offset - 1) + 1);
  if (indent < 1) return undefined;
  const starts: number[] = [];
  for (const entry of resources.entries) {
    const start = entry.keySpan.offset - indent;
    if (!startsLine(text, entry.keySpan.offset, indent)) return undefined;
    starts.push(start);
  }
  // The last resource's text runs to the line of the next top-level key, or to the end.
  const next = root.entries[resourcesIndex + 1];
  const end = next ? text.lastIndexOf('\n', next.keySpan.offset - 1) + 1 : text.length;
  if (next && next.keySpan.offset !== end) return undefined;
  return { root, resourcesIndex, resources, starts, end, indent };
}

/** True when `offset` in `text` is a key preceded on its line by exactly `indent` spaces. */
function startsLine(text: string, offset: number, indent: number): boolean {
  const lineStart = offset - indent;
  if (lineStart < 0 || (lineStart > 0 && text[lineStart - 1] !== '\n')) return false;
  for (let i = lineStart; i < offset; i++) if (text[i] !== ' ') return false;
  return text[offset] !== ' ';
}

/**
 * True when no line of a resource's text after its first sits at or left of the resource's indentation, blank
 * lines and comments apart: what could join it to the next resource or to the template's top level.
 */
function closedAt(source: string, indent: number): boolean {
  let lineStart = source.indexOf('\n') + 1;
  while (lineStart > 0 && lineStart < source.length) {
    let column = lineStart;
    while (source[column] === ' ') column++;
    const first = source[column];
    if (column - lineStart <= indent && first !== undefined && first !== '\n' && first !== '\r' && first !== '#') {
      // The keys of resources an edit added are at the indentation itself; the parse above checks them.
      if (column - lineStart !== indent) return false;
    }
    lineStart = source.indexOf('\n', lineStart) + 1;
  }
  return true;
}

function assemble(
  layout: Layout,
  index: number,
  converted: { entries: readonly TemplateEntry[]; start: number; end: number },
  delta: number,
  chunkEnd: number,
  reuse: YamlReuse,
): ReadResult | undefined {
  const { root, resources, resourcesIndex } = layout;
  const entries = [...resources.entries.slice(0, index), ...converted.entries, ...resources.entries.slice(index + 1).map((entry) => shiftEntry(entry, delta))];
  const isLast = index === resources.entries.length - 1;
  const resourcesEnd = isLast ? converted.end : spanEnd(resources.span) + delta;
  // The map starts at its first key, which an edit of the first resource may move.
  const resourcesStart = index === 0 ? converted.start : resources.span.offset;
  const newResources: TemplateMap = { kind: 'map', entries, span: { offset: resourcesStart, length: resourcesEnd - resourcesStart } };
  const rootEntries = root.entries.map((entry, i) => {
    if (i < resourcesIndex) return entry;
    if (i === resourcesIndex) return { ...entry, value: newResources };
    return shiftEntry(entry, delta);
  });
  // The template's map ends where its last value does: `Resources`' end when it is last, else after the edit.
  const oldRootEnd = spanEnd(root.span);
  const rootEnd = oldRootEnd === spanEnd(resources.span) ? resourcesEnd : oldRootEnd >= chunkEnd ? oldRootEnd + delta : undefined;
  if (rootEnd === undefined) return undefined;
  const newRoot: TemplateMap = { kind: 'map', entries: rootEntries, span: { offset: root.span.offset, length: rootEnd - root.span.offset } };
  return { root: newRoot, problems: [], reuse };
}

/** True when a comment line indented deeper than `indent` comes before the first or after the last line of content. */
function looseComments(source: string, indent: number): boolean {
  const lines = source.split('\n');
  const content = (line: string) => line.trim() !== '' && !line.trimStart().startsWith('#');
  const first = lines.findIndex(content);
  const last = lines.length - 1 - [...lines].reverse().findIndex(content);
  return lines.some((line, i) => (first < 0 || i < first || i > last) && line.trimStart().startsWith('#') && line.length - line.trimStart().length > indent);
}

/** True when the last value in an entry, however deep, is empty (`Key:` with nothing after it). */
function endsEmpty(entry: TemplateEntry | undefined): boolean {
  let node: TemplateNode | undefined = entry?.value;
  if (!node) return true;
  for (;;) {
    if (node.kind === 'map') {
      const last: TemplateEntry | undefined = node.entries[node.entries.length - 1];
      if (!last) return false;
      if (!last.value) return true;
      node = last.value;
    } else if (node.kind === 'seq') {
      const last: TemplateNode | undefined = node.items[node.items.length - 1];
      if (!last) return false;
      node = last;
    } else return node.span.length === 0;
  }
}

function spanEnd(span: Span): number {
  return span.offset + span.length;
}

function shiftSpan(span: Span, delta: number): Span {
  return { offset: span.offset + delta, length: span.length };
}

function shiftEntry(entry: TemplateEntry, delta: number): TemplateEntry {
  return { key: entry.key, keySpan: shiftSpan(entry.keySpan, delta), value: entry.value && shiftNode(entry.value, delta) };
}

function shiftNode(node: TemplateNode, delta: number): TemplateNode {
  if (delta === 0) return node;
  switch (node.kind) {
    case 'map':
      return {
        kind: 'map',
        entries: node.entries.map((entry) => shiftEntry(entry, delta)),
        span: shiftSpan(node.span, delta),
        ...(node.shortTag ? { shortTag: shiftSpan(node.shortTag, delta) } : {}),
      };
    case 'seq':
      return { kind: 'seq', items: node.items.map((item) => shiftNode(item, delta)), span: shiftSpan(node.span, delta) };
    case 'string':
      return node.contentOffset !== undefined
        ? { kind: 'string', value: node.value, span: shiftSpan(node.span, delta), contentOffset: node.contentOffset + delta }
        : { kind: 'string', value: node.value, span: shiftSpan(node.span, delta) };
    default:
      return { ...node, span: shiftSpan(node.span, delta) };
  }
}
