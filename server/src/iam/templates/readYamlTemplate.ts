/**
 * A YAML template read into template nodes with the `yaml` package (eemeli/yaml): a pure-JavaScript YAML 1.2 parser
 * with no dependencies that keeps every node's source range, accepts application tags such as CloudFormation's
 * `!Sub`, and recovers from errors, so the core can import it as it imports jsonc-parser.
 *
 * CloudFormation's short tags become the long form they abbreviate (`!Sub x` is `{ "Fn::Sub": x }`), with the tag's
 * span kept, so the resolver has one form to understand.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, Scalar, type Document, type Node as YamlNode } from 'yaml';
import type { Span } from '../span';
import type { SourceProblem, TemplateEntry, TemplateNode } from './templateNode';

/** The short tags CloudFormation defines, each with the key of the long form. */
const SHORT_TAGS: Readonly<Record<string, string>> = {
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
const MAX_NODES = 500_000;
const MAX_DEPTH = 512;

export interface ReadResult {
  readonly root: TemplateNode | undefined;
  readonly problems: readonly SourceProblem[];
}

export function readYamlTemplate(text: string): ReadResult {
  let document: Document.Parsed;
  try {
    document = parseDocument(text, { customTags: CUSTOM_TAGS, uniqueKeys: false, prettyErrors: false, strict: false });
  } catch (error) {
    return {
      root: undefined,
      problems: [{ message: `YAML could not be read: ${error instanceof Error ? error.message : String(error)}`, span: { offset: 0, length: 0 } }],
    };
  }
  const problems: SourceProblem[] = document.errors.slice(0, 20).map((error) => ({
    message: `YAML syntax error: ${error.message.split('\n')[0] ?? ''}`,
    span: { offset: error.pos[0], length: Math.max(0, error.pos[1] - error.pos[0]) },
  }));
  const reader = new Reader(text, document);
  const root = document.contents ? reader.convert(document.contents as YamlNode, 0) : undefined;
  if (reader.truncated)
    problems.push({ message: 'The YAML is too large or too deeply nested to read completely; only part of it is checked.', span: { offset: 0, length: 0 } });
  return { root, problems };
}

class Reader {
  private nodes = 0;
  truncated = false;
  /** Each anchor's target, converted once; an alias then costs its size in the budget but no work. */
  private readonly aliasTargets = new Map<string, { node: TemplateNode | undefined; size: number }>();

  constructor(
    private readonly text: string,
    private readonly document: Document.Parsed,
  ) {}

  convert(node: YamlNode, depth: number): TemplateNode | undefined {
    if (++this.nodes > MAX_NODES || depth > MAX_DEPTH) {
      this.truncated = true;
      return undefined;
    }
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
    const span: Span = { offset: range[0], length: range[1] - range[0] };
    const tag = node.tag !== undefined ? SHORT_TAGS[node.tag] : undefined;
    const inner = this.convertPlain(node, span, depth);
    if (tag === undefined || inner === undefined) return inner;
    // `!Sub "…"` is `{ "Fn::Sub": "…" }`; the tag is the key and the whole (tag and value) the map.
    const tagOffset = this.text.lastIndexOf(node.tag as string, range[0]);
    const tagSpan = { offset: tagOffset >= 0 ? tagOffset : range[0], length: (node.tag as string).length };
    return {
      kind: 'map',
      entries: [{ key: tag, keySpan: tagSpan, value: inner }],
      span: { offset: tagSpan.offset, length: range[1] - tagSpan.offset },
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
          keySpan: { offset: keyRange[0], length: keyRange[1] - keyRange[0] },
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
