/**
 * A YAML template read into template nodes with the `yaml` package (eemeli/yaml): a pure-JavaScript YAML 1.2 parser
 * with no dependencies that keeps every node's source range, accepts application tags such as CloudFormation's
 * `!Sub`, and recovers from errors, so the core can import it as it imports jsonc-parser.
 *
 * readTemplate first asks the fast reader (fastYamlReader, js-yaml), which gives the same nodes several times faster
 * when it can be sure to; this reader reads the rest, and its problems (its messages, its ranges) are the ones users see.
 *
 * CloudFormation's short tags become the long form they abbreviate (`!Sub x` is `{ "Fn::Sub": x }`), with the tag's
 * span kept, so the resolver has one form to understand.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, Scalar, type Document, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { Span } from '../span';
import type { SourceProblem, TemplateEntry, TemplateNode } from './templateNode';

/** The short tags CloudFormation defines, each with the key of the long form. */
export const SHORT_TAGS: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  ...Object.fromEntries(
    [
      'Sub',
      'GetAtt',
      'Join',
      'If',
      'Select',
      'Split',
      'FindInMap',
      'ImportValue',
      'GetAZs',
      'Base64',
      'Cidr',
      'Equals',
      'And',
      'Or',
      'Not',
      'Transform',
      'ToJsonString',
      'Length',
      'ForEach',
    ].map((name) => [`!${name}`, `Fn::${name}`]),
  ),
};

/** Registered so that the parser neither warns about them nor guesses a type for their value. */
const CUSTOM_TAGS = Object.keys(SHORT_TAGS).flatMap((tag) => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'seq' as const, resolve: (value: unknown) => value },
  { tag, collection: 'map' as const, resolve: (value: unknown) => value },
]);

/**
 * Nodes read per document at most, aliases counted at the size of what they stand for: a few aliases of aliases
 * could otherwise multiply a small text into billions of nodes for everything downstream.
 */
export const MAX_NODES = 500_000;
export const MAX_DEPTH = 512;
/** The depth of a resource's value: the template's map is 0, `Resources` 1. */
const RESOURCE_DEPTH = 2;

export interface ReadResult {
  readonly root: TemplateNode | undefined;
  readonly problems: readonly SourceProblem[];
  /** What a later version of the text needs to re-read only the resource an edit touched (see rereadYamlTemplate). */
  readonly reuse?: YamlReuse;
}

/**
 * A clean read of a YAML template (no errors, one document, no directives, anchors or aliases, a block map of
 * `Resources`), kept so that an edit inside one resource re-reads that resource's text alone.
 */
export interface YamlReuse {
  readonly text: string;
  /** Nodes read per resource, in the order of `Resources`, for the MAX_NODES budget; and their sum. */
  readonly resourceNodes: readonly number[];
  readonly nodes: number;
}

const PARSE_OPTIONS = { customTags: CUSTOM_TAGS, uniqueKeys: false, prettyErrors: false, strict: false } as const;

/** Lines that make a text more than one plain document: directives, document markers. */
export const DOCUMENT_SYNTAX = /^(?:%|---|\.\.\.)/m;

export function readYamlTemplate(text: string): ReadResult {
  const parsed = parseYaml(text, 0, text);
  if ('problems' in parsed) return parsed;
  const { document, reader } = parsed;
  const problems = syntaxProblems(document, 0);
  const root = document.contents ? reader.convert(document.contents as YamlNode, 0) : undefined;
  if (reader.truncated)
    problems.push({ message: 'The YAML is too large or too deeply nested to read completely; only part of it is checked.', span: { offset: 0, length: 0 } });
  const clean = problems.length === 0 && !reader.sawAnchors && !DOCUMENT_SYNTAX.test(text);
  const resourceNodes = clean ? reader.resourceNodes(document) : undefined;
  return { root, problems, ...(resourceNodes ? { reuse: { text, resourceNodes, nodes: reader.nodeCount } } : {}) };
}

/**
 * Parses `source` (all of `text`, or the slice of it that starts at `base`) and makes a reader whose spans are
 * offsets in `text`.
 */
export function parseYaml(source: string, base: number, text: string, startNodes = 0): { document: Document.Parsed; reader: Reader } | ReadResult {
  try {
    const document = parseDocument(source, PARSE_OPTIONS);
    return { document, reader: new Reader(text, base, document, startNodes) };
  } catch (error) {
    return {
      root: undefined,
      problems: [{ message: `YAML could not be read: ${error instanceof Error ? error.message : String(error)}`, span: { offset: 0, length: 0 } }],
    };
  }
}

export function syntaxProblems(document: Document.Parsed, base: number): SourceProblem[] {
  return document.errors.slice(0, 20).map((error) => ({
    message: `YAML syntax error: ${error.message.split('\n')[0] ?? ''}`,
    span: { offset: base + error.pos[0], length: Math.max(0, error.pos[1] - error.pos[0]) },
  }));
}

export class Reader {
  private nodes = 0;
  truncated = false;
  /** An anchor or alias was read: a resource's text then does not stand alone. */
  sawAnchors = false;
  /** Each anchor's target, converted once; an alias then costs its size in the budget but no work. */
  private readonly aliasTargets = new Map<string, { node: TemplateNode | undefined; size: number }>();

  /**
   * @param text the whole text; the parsed source starts at `base` in it
   * @param startNodes nodes already counted for the rest of the document
   */
  constructor(
    private readonly text: string,
    private readonly base: number,
    private readonly document: Document.Parsed,
    startNodes = 0,
  ) {
    this.nodes = startNodes;
  }

  get nodeCount(): number {
    return this.nodes;
  }

  /**
   * Nodes per entry of the `Resources` block map, when the root and `Resources` are block maps whose every key was
   * read; undefined otherwise (the caller then never re-reads a part alone). Counts only: call after convert.
   */
  resourceNodes(document: Document.Parsed): number[] | undefined {
    const root = document.contents;
    if (!isMap(root) || root.flow) return undefined;
    const resources = root.items.find((pair) => isScalar(pair.key) && pair.key.value === 'Resources')?.value;
    if (!isMap(resources) || resources.flow || resources.items.some((pair) => !isScalar(pair.key))) return undefined;
    return resources.items.map((pair) => countNodes(pair.value as YamlNode | null));
  }

  /**
   * The resources of a text that holds only some of `Resources`' entries (see rereadYamlTemplate), read at the depth
   * they have in the template, with the nodes each took and where the last one ends.
   */
  convertResources(map: YAMLMap): { entries: TemplateEntry[]; nodes: number[]; start: number; end: number } {
    const entries: TemplateEntry[] = [];
    const nodes: number[] = [];
    for (const pair of map.items) {
      const before = this.nodes;
      const key = pair.key as Scalar;
      const keyRange = key.range ?? [0, 0, 0];
      entries.push({
        key: String(key.value),
        keySpan: { offset: this.base + keyRange[0], length: keyRange[1] - keyRange[0] },
        value: pair.value ? this.convert(pair.value as YamlNode, RESOURCE_DEPTH) : undefined,
      });
      nodes.push(this.nodes - before);
    }
    return { entries, nodes, start: this.base + (map.range?.[0] ?? 0), end: this.base + (map.range?.[1] ?? 0) };
  }

  convert(node: YamlNode, depth: number): TemplateNode | undefined {
    if (++this.nodes > MAX_NODES || depth > MAX_DEPTH) {
      this.truncated = true;
      return undefined;
    }
    if (isAlias(node) || node.anchor !== undefined) this.sawAnchors = true;
    if (isAlias(node)) {
      let cached = this.aliasTargets.get(node.source);
      if (!cached) {
        // Resolving searches the document for the anchor: once per anchor name, not per alias.
        const target = node.resolve(this.document);
        const before = this.nodes;
        const converted = target ? this.convert(target as YamlNode, depth + 1) : undefined;
        cached = { node: converted, size: this.nodes - before };
        this.aliasTargets.set(node.source, cached);
        return converted;
      }
      this.nodes += cached.size;
      if (this.nodes > MAX_NODES) {
        this.truncated = true;
        return undefined;
      }
      return cached.node;
    }
    const range = node.range ?? [0, 0, 0];
    const start = this.base + range[0];
    const end = this.base + range[1];
    const span: Span = { offset: start, length: end - start };
    const tag = node.tag !== undefined ? SHORT_TAGS[node.tag] : undefined;
    const inner = this.convertPlain(node, span, depth);
    if (tag === undefined || inner === undefined) return inner;
    // `!Sub "…"` is `{ "Fn::Sub": "…" }`; the tag is the key and the whole (tag and value) the map.
    const tagOffset = this.text.lastIndexOf(node.tag as string, start);
    const tagSpan = { offset: tagOffset >= 0 ? tagOffset : start, length: (node.tag as string).length };
    return {
      kind: 'map',
      entries: [{ key: tag, keySpan: tagSpan, value: inner }],
      span: { offset: tagSpan.offset, length: end - tagSpan.offset },
      shortTag: tagSpan,
    };
  }

  private convertPlain(node: YamlNode, span: Span, depth: number): TemplateNode | undefined {
    if (isScalar(node)) return this.scalar(node, span);
    if (isMap(node)) {
      const entries: TemplateEntry[] = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as YamlNode | null;
        if (!isScalar(key)) continue;
        const keyRange = key.range ?? [0, 0, 0];
        entries.push({
          key: String(key.value),
          keySpan: { offset: this.base + keyRange[0], length: keyRange[1] - keyRange[0] },
          value: pair.value ? this.convert(pair.value as YamlNode, depth + 1) : undefined,
        });
      }
      return { kind: 'map', entries, span };
    }
    if (isSeq(node)) {
      const items: TemplateNode[] = [];
      for (const item of node.items) {
        const converted = item ? this.convert(item as YamlNode, depth + 1) : undefined;
        if (converted) items.push(converted);
      }
      return { kind: 'seq', items, span };
    }
    return undefined;
  }

  private scalar(node: Scalar, span: Span): TemplateNode {
    const value = node.value;
    const source = this.text.slice(span.offset, span.offset + span.length);
    if (node.type === Scalar.PLAIN || node.type === undefined) {
      // Account ids such as 012345678901 are numbers to YAML but strings to AWS: keep the text when it differs.
      if (typeof value === 'number')
        return String(value) === source ? { kind: 'number', value, span } : { kind: 'string', value: source, span, contentOffset: span.offset };
      if (typeof value === 'boolean') return { kind: 'boolean', value, span };
      if (value === null) return source === '' ? { kind: 'string', value: '', span } : { kind: 'null', value: null, span };
    }
    const text = String(value);
    const quote = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE ? 1 : 0;
    const start = span.offset + quote;
    // The value stands in the text one character for one when nothing was escaped, folded or indented away.
    const literal = this.text.slice(start, start + text.length) === text && (quote === 0 || span.length === text.length + 2);
    return literal ? { kind: 'string', value: text, span, contentOffset: start } : { kind: 'string', value: text, span };
  }
}

/** The nodes convert() counts for a node (aliases absent: this is asked only of clean reads). */
function countNodes(node: YamlNode | null): number {
  if (!node) return 0;
  if (isMap(node)) return 1 + node.items.reduce((sum, pair) => sum + (isScalar(pair.key) ? countNodes(pair.value as YamlNode | null) : 0), 0);
  if (isSeq(node)) return 1 + node.items.reduce((sum: number, item) => sum + countNodes(item as YamlNode | null), 0);
  return 1;
}
