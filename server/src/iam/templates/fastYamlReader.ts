/**
 * A YAML template read with js-yaml (nodeca/js-yaml, MIT), into the same template nodes with the same spans as the
 * `yaml` reader (readYamlTemplate) gives: js-yaml reads a large template many times faster than `yaml` parses it,
 * which is most of what validating a YAML template costs.
 *
 * js-yaml builds plain values, not a tree with ranges; its listener reports where each node opens and closes, and the
 * spans are worked out from those offsets and the text around them, as `yaml` draws them (where a node ends, which
 * trailing comment or line break it takes). Whatever this reader is not sure to read exactly as `yaml` does returns
 * undefined, and the caller reads the text with `yaml`: any error (js-yaml's messages never reach a user), anchors
 * and aliases, merge keys, directives and document markers, tags other than CloudFormation's short tags, a
 * byte-order mark, empty values where their span depends on comments, comments after the last value of a nested
 * block collection, indented comments after the root's last value when it is a scalar or flow collection (`yaml`
 * counts them into the root), and what fastYamlScreen finds before js-yaml reads anything (tabs, explicit keys…).
 * test/unit/templates/fastYamlReader.test.ts compares the two readers over the repository's templates, edited at
 * random, and over templates `yaml` writes in each style.
 */
import { FAILSAFE_SCHEMA, load, Type, type LoaderState, type NodeKind } from 'js-yaml';
import type { Span } from '../span';
import { MAX_DEPTH, MAX_NODES, SHORT_TAGS, type ReadResult } from './readYamlTemplate';
import type { TemplateEntry, TemplateNode } from './templateNode';
import { leftToYaml } from './fastYamlScreen';
import { YamlText } from './yamlTextEnds';
import { HASH } from './yamlCharCodes';
import { resolveCoreScalar } from './yamlCoreScalar';

/** A node as js-yaml's listener saw it: where it opened and closed, and what the loader had read by then. */
interface LoadEvent {
  readonly open: number;
  close: number;
  kind: NodeKind | null;
  tag: string | null;
  result: unknown;
  children: LoadEvent[] | undefined;
}

/** Each short tag's long form (`!Sub`: `Fn::Sub`). */
const LONG_FORMS: ReadonlyMap<string, string> = new Map(Object.entries(SHORT_TAGS));

/** Each short tag as a type of each kind, its value kept as read: the reader wraps it in the long form. */
const SCHEMA = FAILSAFE_SCHEMA.extend(
  Object.keys(SHORT_TAGS).flatMap((tag) => (['mapping', 'sequence', 'scalar'] as const).map((kind) => new Type(tag, { kind }))),
);

/**
 * The `yaml` reader's limits, bound once: the one-to-one transpile the tests and benchmarks run reads an imported
 * binding through a getter, on every node here.
 */
const NODE_LIMIT = MAX_NODES;
const DEPTH_LIMIT = MAX_DEPTH;

/** Deeper than the template reader reads, so that js-yaml's own limit never decides where a read stops. */
const LOAD_DEPTH = 2 * MAX_DEPTH + 8;

/** Thrown where the text holds something this reader leaves to `yaml`. */
class LeftToYaml extends Error {}

/**
 * The template read with js-yaml, or undefined when the `yaml` reader must read it (see above). The result, when
 * there is one, is what readYamlTemplate returns for the same text: nodes, spans, no problems, and `reuse`.
 */
export function readYamlTemplateFast(text: string): ReadResult | undefined {
  if (text.length === 0 || text.charCodeAt(0) === 0xfeff || leftToYaml(text)) return undefined;
  try {
    const root = loadEvents(text);
    return root ? new EventReader(text).read(root) : undefined;
  } catch {
    // js-yaml's errors and warnings, and LeftToYaml: `yaml` reads the text and words its problems.
    return undefined;
  }
}

/** The document's root node as the listener saw it, children nested. */
function loadEvents(text: string): LoadEvent | undefined {
  const top: LoadEvent = { open: 0, close: 0, kind: null, tag: null, result: null, children: [] };
  const stack: LoadEvent[] = [top];
  const listener = (event: 'open' | 'close', state: LoaderState): void => {
    if (event === 'open') {
      const opened: LoadEvent = { open: state.position, close: -1, kind: null, tag: null, result: null, children: undefined };
      const parent = stack[stack.length - 1] as LoadEvent;
      (parent.children ??= []).push(opened);
      stack.push(opened);
      return;
    }
    const closed = stack.pop() as LoadEvent;
    if (state.anchor !== null) throw new LeftToYaml();
    closed.close = state.position;
    closed.kind = state.kind;
    closed.tag = state.tag;
    closed.result = state.result;
  };
  load(text, {
    schema: SCHEMA,
    maxDepth: LOAD_DEPTH,
    listener,
    onWarning: () => {
      throw new LeftToYaml();
    },
  });
  return top.children?.length === 1 ? top.children[0] : undefined;
}

/** What precedes a node's content: its short tag, if any, and where the content starts. */
interface Properties {
  readonly tag: string | undefined;
  readonly tagEnd: number;
  readonly start: number;
}

class EventReader extends YamlText {
  private nodes = 0;
  /** Where the node converted last ends as `yaml` sees it (its range[2]): with what trails it on its line. */
  private end = 0;
  /** The nodes of each entry of the root's `Resources` when both are block maps (see YamlReuse). */
  private resourceNodes: number[] | undefined;

  read(root: LoadEvent): ReadResult {
    if (root.kind !== 'mapping') throw new LeftToYaml();
    const node = this.value(root, 0, false);
    const resourceNodes = this.resourceNodes?.length ? this.resourceNodes : undefined;
    return { root: node, problems: [], ...(resourceNodes ? { reuse: { text: this.text, resourceNodes, nodes: this.nodes } } : {}) };
  }

  /**
   * A node, wrapped in the long form when it carries a short tag, as the `yaml` reader converts it.
   * @param perEntry when the node is a block map, filled with the nodes each of its entries' values took
   */
  private value(event: LoadEvent, depth: number, inFlow: boolean, perEntry?: number[]): TemplateNode {
    if (++this.nodes > NODE_LIMIT || depth > DEPTH_LIMIT) throw new LeftToYaml();
    const properties = this.properties(event);
    const tag = properties.tag;
    if (event.tag !== (tag ?? null) && !(tag === undefined && event.tag === '?')) throw new LeftToYaml();
    const inner = this.content(unwrapped(event), properties, depth, inFlow, perEntry);
    if (tag === undefined) return inner;
    const tagOffset = this.text.lastIndexOf(tag, inner.span.offset);
    const tagSpan = { offset: tagOffset >= 0 ? tagOffset : inner.span.offset, length: tag.length };
    return {
      kind: 'map',
      entries: [{ key: LONG_FORMS.get(tag) as string, keySpan: tagSpan, value: inner }],
      span: { offset: tagSpan.offset, length: spanEnd(inner.span) - tagSpan.offset },
      shortTag: tagSpan,
    };
  }

  private content(event: LoadEvent, properties: Properties, depth: number, inFlow: boolean, perEntry?: number[]): TemplateNode {
    const start = properties.start;
    const first = this.text.charCodeAt(start);
    switch (event.kind) {
      case 'scalar':
        return this.scalar(event, start, properties.tag !== undefined, inFlow);
      case 'mapping':
        return first === 0x7b /* { */ ? this.flowMap(event, start, depth, inFlow) : this.blockMap(event, start, depth, perEntry);
      case 'sequence':
        return first === 0x5b /* [ */ ? this.flowSeq(event, start, depth, inFlow) : this.blockSeq(event, start, depth);
      default:
        if (inFlow || event.result !== null || event.children !== undefined) throw new LeftToYaml();
        return this.empty(event, properties);
    }
  }

  /**
   * A value left empty (`Key:`), placed as `yaml` places it: after the indicator or the tag and the spaces after it.
   * With a comment after it (on its line or the next ones) `yaml` draws its end differently: left to `yaml`.
   */
  private empty(event: LoadEvent, properties: Properties): TemplateNode {
    const at = this.skipSpaces(properties.tag === undefined ? event.open : properties.tagEnd);
    if (this.trailingComment(at, 0)) throw new LeftToYaml();
    this.end = at;
    const span = { offset: at, length: 0 };
    return properties.tag === undefined ? { kind: 'string', value: '', span } : { kind: 'string', value: '', span, contentOffset: at };
  }

  private blockMap(event: LoadEvent, start: number, depth: number, perEntry?: number[]): TemplateNode {
    const children = event.children ?? [];
    let count = children.length;
    // A key js-yaml tried after the last one and found nothing at: not part of the map.
    if (count % 2 === 1) {
      const tried = children[count - 1] as LoadEvent;
      if (tried.kind !== null || tried.result !== null) throw new LeftToYaml();
      count--;
    }
    if (count === 0) throw new LeftToYaml();
    const entries: TemplateEntry[] = [];
    for (let i = 0; i < count; i += 2) {
      const key = this.key(children[i] as LoadEvent, false);
      if (i === 0 && key.span.offset !== start) throw new LeftToYaml();
      // The root's first `Resources` counts its resources' nodes, for re-reading one resource alone.
      const resources = depth === 0 && this.resourceNodes === undefined && key.value === 'Resources' ? [] : undefined;
      if (resources) this.resourceNodes = resources;
      const before = this.nodes;
      const value = this.value(children[i + 1] as LoadEvent, depth + 1, false, resources);
      perEntry?.push(this.nodes - before);
      entries.push({ key: key.value, keySpan: key.span, value });
    }
    const end = this.end;
    if (this.trailingComment(end, depth > 0 ? this.column(start) : 1) && (depth > 0 || !this.endsInBlock(entries))) throw new LeftToYaml();
    return { kind: 'map', entries, span: { offset: start, length: end - start } };
  }

  /**
   * True when the last entry's value is a block collection or a block scalar. After any other (`A: x`, `A: [x]`),
   * `yaml` counts the indented comment lines that follow the root's last entry into the root.
   */
  private endsInBlock(entries: readonly TemplateEntry[]): boolean {
    const last = entries[entries.length - 1]?.value;
    const value = last?.kind === 'map' && last.shortTag ? last.entries[0]?.value : last;
    if (value === undefined) return false;
    const first = this.text.charCodeAt(value.span.offset);
    if (value.kind === 'map' || value.kind === 'seq') return first !== 0x7b /* { */ && first !== 0x5b; /* [ */
    return first === 0x7c /* | */ || first === 0x3e; /* > */
  }

  private blockSeq(event: LoadEvent, start: number, depth: number): TemplateNode {
    const children = event.children ?? [];
    if (this.text.charCodeAt(start) !== 0x2d /* - */ || !Array.isArray(event.result) || children.length !== event.result.length || children.length === 0)
      throw new LeftToYaml();
    const items: TemplateNode[] = [];
    for (const child of children) {
      // An item left empty is placed after its tag; one without a tag js-yaml opened past the line's end.
      if (child.kind === null && child.tag === null) throw new LeftToYaml();
      items.push(this.value(child, depth + 1, false));
    }
    const end = this.end;
    if (this.trailingComment(end, this.column(start))) throw new LeftToYaml();
    return { kind: 'seq', items, span: { offset: start, length: end - start } };
  }

  private flowSeq(event: LoadEvent, start: number, depth: number, inFlow: boolean): TemplateNode {
    const children = event.children ?? [];
    if (!Array.isArray(event.result) || children.length !== event.result.length) throw new LeftToYaml();
    const items = children.map((child) => this.value(child, depth + 1, true));
    return { kind: 'seq', items, span: this.flowSpan(event, start, 0x5d /* ] */, inFlow) };
  }

  private flowMap(event: LoadEvent, start: number, depth: number, inFlow: boolean): TemplateNode {
    const children = event.children ?? [];
    if (children.length % 2 === 1) throw new LeftToYaml();
    const entries: TemplateEntry[] = [];
    for (let i = 0; i < children.length; i += 2) {
      const key = this.key(children[i] as LoadEvent, true);
      entries.push({ key: key.value, keySpan: key.span, value: this.value(children[i + 1] as LoadEvent, depth + 1, true) });
    }
    return { kind: 'map', entries, span: this.flowSpan(event, start, 0x7d /* } */, inFlow) };
  }

  private flowSpan(event: LoadEvent, start: number, closing: number, inFlow: boolean): Span {
    const close = Math.min(event.close, this.text.length);
    if (this.text.charCodeAt(close - 1) !== closing || this.text.charCodeAt(close) === HASH) throw new LeftToYaml();
    this.end = inFlow ? close : this.lineEnd(close);
    return { offset: start, length: close - start };
  }

  /** A map's key: a plain or quoted scalar on one line, no tag, followed by `:`. */
  private key(event: LoadEvent, inFlow: boolean): { value: string; span: Span } {
    const properties = this.properties(event);
    if (properties.tag !== undefined || event.kind !== 'scalar' || typeof event.result !== 'string') throw new LeftToYaml();
    const start = properties.start;
    const first = this.text.charCodeAt(start);
    const quoted = first === 0x22 /* " */ || first === 0x27; /* ' */
    if (quoted ? event.tag !== null : event.tag !== '?') throw new LeftToYaml();
    const end = quoted ? this.quotedEnd(start, event.close) : this.plainEnd(start, event.close);
    if (end === undefined) throw new LeftToYaml();
    const after = inFlow ? this.skipSeparation(end) : this.skipSpaces(end);
    if (this.text.charCodeAt(after) !== 0x3a /* : */) throw new LeftToYaml();
    const value = quoted ? event.result : String(resolveCoreScalar(event.result));
    if (!quoted && value === '<<') throw new LeftToYaml();
    return { value, span: { offset: start, length: end - start } };
  }

  private scalar(event: LoadEvent, start: number, tagged: boolean, inFlow: boolean): TemplateNode {
    const value = event.result;
    if (typeof value !== 'string') throw new LeftToYaml();
    const first = this.text.charCodeAt(start);
    const quote = first === 0x22 /* " */ || first === 0x27 /* ' */ ? 1 : 0;
    const block = first === 0x7c /* | */ || first === 0x3e; /* > */
    const end = quote ? this.quotedEnd(start, event.close) : block ? this.blockScalarEnd(start, event.close, value) : this.plainEnd(start, event.close);
    if (end === undefined) throw new LeftToYaml();
    this.end = block || inFlow ? end : this.lineEnd(end);
    const span = { offset: start, length: end - start };
    if (!quote && !block && !tagged) {
      const resolved = resolveCoreScalar(value);
      if (typeof resolved === 'number') {
        // As the `yaml` reader: a number written otherwise than JavaScript writes it (an account id) stays text.
        const source = this.text.slice(start, end);
        return String(resolved) === source ? { kind: 'number', value: resolved, span } : { kind: 'string', value: source, span, contentOffset: start };
      }
      if (typeof resolved === 'boolean') return { kind: 'boolean', value: resolved, span };
      if (resolved === null) return { kind: 'null', value: null, span };
    }
    const contentStart = start + quote;
    const literal = this.text.startsWith(value, contentStart) && (quote === 0 || span.length === value.length + 2);
    return literal ? { kind: 'string', value, span, contentOffset: contentStart } : { kind: 'string', value, span };
  }

  /** The short tag before a node and where its content starts; anchors and aliases are left to `yaml`. */
  private properties(event: LoadEvent): Properties {
    const text = this.text;
    let at = this.skipSeparation(event.open);
    let tag: string | undefined;
    let tagEnd = at;
    if (text.charCodeAt(at) === 0x21 /* ! */) {
      // A tag runs to the next space or line break (tabs are left to `yaml` before reading).
      let end = at + 1;
      for (let c = text.charCodeAt(end); end < text.length && c !== 0x20 && c !== 0x0a && c !== 0x0d; c = text.charCodeAt(++end));
      tag = text.slice(at, end);
      if (!LONG_FORMS.has(tag)) throw new LeftToYaml();
      tagEnd = end;
      at = this.skipSeparation(end);
    }
    const c = text.charCodeAt(at);
    if (c === 0x21 /* ! */ || c === 0x26 /* & */ || c === 0x2a /* * */) throw new LeftToYaml();
    return { tag, tagEnd, start: at };
  }
}

/**
 * The node itself when js-yaml's listener saw it twice: a collection read where a block map could have started
 * (`Key:` then `[a, b]` on the next line) opens once as that attempt and once as itself, with the same result.
 */
function unwrapped(event: LoadEvent): LoadEvent {
  let node = event;
  while ((node.kind === 'mapping' || node.kind === 'sequence') && node.children?.length === 1 && (node.children[0] as LoadEvent).result === node.result)
    node = node.children[0] as LoadEvent;
  return node;
}

function spanEnd(span: Span): number {
  return span.offset + span.length;
}
