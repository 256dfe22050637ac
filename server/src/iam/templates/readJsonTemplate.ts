/**
 * A JSON template (CloudFormation, a Terraform plan) read into template nodes with jsonc-parser, the parser the
 * policy files use, so that JSON templates get the same fault tolerance as policies while being typed.
 */
import { printParseErrorCode, visit, type JSONVisitor, type ParseError } from 'jsonc-parser';
import type { Span } from '../span';
import type { SourceProblem, TemplateEntry, TemplateNode } from './templateNode';

/** Deeper than this is no template; jsonc-parser recurses, so refuse before it could overflow the stack. */
const MAX_DEPTH = 512;
const QUOTE = 34;

export interface ReadResult {
  readonly root: TemplateNode | undefined;
  readonly problems: readonly SourceProblem[];
}

export function readJsonTemplate(text: string): ReadResult {
  if (exceedsDepth(text, MAX_DEPTH)) {
    return {
      root: undefined,
      problems: [{ message: `The JSON is nested more than ${MAX_DEPTH} levels deep; it is not read as a template.`, span: { offset: 0, length: 0 } }],
    };
  }
  const errors: ParseError[] = [];
  const builder = new TemplateBuilder(text);
  visit(text, builder.visitor(errors), { disallowComments: false, allowTrailingComma: true, allowEmptyContent: true });
  const problems = errors.slice(0, 20).map((error) => ({
    message: `JSON syntax error (${printParseErrorCode(error.error)})`,
    span: { offset: error.offset, length: error.length },
  }));
  return { root: builder.root, problems };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** A container as it is filled: its list grows, and its length is known at its end. */
type OpenContainer =
  | { readonly kind: 'map'; readonly entries: TemplateEntry[]; readonly span: Mutable<Span> }
  | { readonly kind: 'seq'; readonly items: TemplateNode[]; readonly span: Mutable<Span> };

/**
 * Template nodes straight from jsonc-parser's visitor, shaped as its `parseTree` shapes its own (a container is placed
 * in its parent when it opens; one the text never closes keeps the length -1, a property the value it got, if any)
 * without building that tree first: a JSON template is read again on every edit, and its tree was half the read.
 */
class TemplateBuilder {
  root: TemplateNode | undefined;
  private readonly open: OpenContainer[] = [];
  /** The property whose value comes next, until it has one (or its object reaches a comma or its end). */
  private property: Mutable<TemplateEntry> | undefined;

  constructor(private readonly text: string) {}

  visitor(errors: ParseError[]): JSONVisitor {
    return {
      onObjectBegin: (offset) => this.begin({ kind: 'map', entries: [], span: { offset, length: -1 } }),
      onObjectProperty: (key, offset, length) => {
        const top = this.open[this.open.length - 1];
        // Only an object has properties; the entry is its own from now, whatever value it gets.
        const entry: Mutable<TemplateEntry> = { key, keySpan: { offset, length }, value: undefined };
        if (top?.kind === 'map') top.entries.push(entry);
        this.property = entry;
      },
      onObjectEnd: (offset, length) => this.end(offset + length),
      onArrayBegin: (offset) => this.begin({ kind: 'seq', items: [], span: { offset, length: -1 } }),
      onArrayEnd: (offset, length) => this.end(offset + length),
      onLiteralValue: (value: unknown, offset, length) => {
        this.place(literal(this.text, value, offset, length));
        this.property = undefined;
      },
      onSeparator: (separator) => {
        if (separator === ',') this.property = undefined;
      },
      onError: (error, offset, length) => {
        errors.push({ error, offset, length });
      },
    };
  }

  private begin(node: OpenContainer): void {
    this.place(node);
    this.property = undefined;
    this.open.push(node);
  }

  private end(end: number): void {
    const node = this.open.pop();
    this.property = undefined;
    if (node) node.span.length = end - node.span.offset;
  }

  /** A value where it stands: a property's, an item of a list, or the text's own. */
  private place(node: TemplateNode): void {
    const property = this.property;
    if (property !== undefined) {
      property.value = node;
      return;
    }
    const top = this.open[this.open.length - 1];
    if (top === undefined) this.root ??= node;
    else if (top.kind === 'seq') top.items.push(node);
  }
}

function literal(text: string, value: unknown, offset: number, length: number): TemplateNode {
  const span = { offset, length };
  switch (typeof value) {
    case 'string':
      // Without an escape, the string stands in the text one character for one, right after its opening quote.
      return text.startsWith(value, offset + 1) && text.charCodeAt(offset + 1 + value.length) === QUOTE
        ? { kind: 'string', value, span, contentOffset: offset + 1 }
        : { kind: 'string', value, span };
    case 'number':
      return { kind: 'number', value, span };
    case 'boolean':
      return { kind: 'boolean', value, span };
    default:
      return { kind: 'null', value: null, span };
  }
}

/**
 * True when brackets nest deeper than `limit` outside strings: one pass over the characters, several times cheaper
 * than a token scan, which matters when the editor re-reads a large template on every edit. Comments are not
 * special here; a bracket inside one only makes the estimate err towards refusing.
 */
function exceedsDepth(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > limit) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth = Math.max(0, depth - 1);
  }
  return false;
}
