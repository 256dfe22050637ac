/**
 * A JSON template (CloudFormation, a Terraform plan) read into template nodes with jsonc-parser, the parser the
 * policy files use, so that JSON templates get the same fault tolerance as policies while being typed.
 */
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { SourceProblem, TemplateEntry, TemplateNode } from './templateNode';

/** Deeper than this is no template; jsonc-parser recurses, so refuse before it could overflow the stack. */
const MAX_DEPTH = 512;

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
  const tree = parseTree(text, errors, { disallowComments: false, allowTrailingComma: true, allowEmptyContent: true });
  const problems = errors.slice(0, 20).map((error) => ({
    message: `JSON syntax error (${printParseErrorCode(error.error)})`,
    span: { offset: error.offset, length: error.length },
  }));
  return { root: tree ? convert(tree, text) : undefined, problems };
}

export function convert(node: JsonNode, text: string): TemplateNode {
  const span = { offset: node.offset, length: node.length };
  switch (node.type) {
    case 'object': {
      const entries: TemplateEntry[] = [];
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key === undefined || typeof key.value !== 'string') continue;
        entries.push({ key: key.value, keySpan: { offset: key.offset, length: key.length }, value: value ? convert(value, text) : undefined });
      }
      return { kind: 'map', entries, span };
    }
    case 'array':
      return { kind: 'seq', items: (node.children ?? []).map((child) => convert(child, text)), span };
    case 'string': {
      const value = String(node.value);
      // A string without escapes stands in the text one character for one, right after its opening quote.
      const literal = text.slice(node.offset + 1, node.offset + 1 + value.length) === value && text.charAt(node.offset + 1 + value.length) === '"';
      return literal ? { kind: 'string', value, span, contentOffset: node.offset + 1 } : { kind: 'string', value, span };
    }
    case 'number':
      return { kind: 'number', value: Number(node.value), span };
    case 'boolean':
      return { kind: 'boolean', value: Boolean(node.value), span };
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
