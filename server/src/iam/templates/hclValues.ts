/**
 * HCL expressions as template nodes: literals, tuples and objects as data; strings with interpolations as `Fn::Sub`
 * (so `${var.x}` and `${aws_s3_bucket.b.arn}` resolve like CloudFormation's `${Param}` and `${Res.Attr}`); a bare
 * reference as a one-variable `Fn::Sub`; `jsonencode(x)` as x; `file(…)` through the caller; `c ? a : b` as
 * `Fn::If` on the value c; anything else (a for expression, another function) as an unknown that is never a finding.
 */
import type { Span } from '../span';
import { childOfType, type HclNode } from './hclTree';
import type { TemplateEntry, TemplateNode } from './templateNode';

export interface HclBlock {
  readonly node: HclNode;
  readonly type: string;
  readonly typeNode: HclNode;
  readonly labels: readonly string[];
  readonly body: HclNode | undefined;
}

export interface HclFile {
  readonly path: string;
  readonly text: string;
  readonly root: HclNode;
}

/** Reads `file("…")` relative to the module (the edge supplies it; undefined when it cannot). */
export type ReadModuleFile = (fromFile: string, path: string) => string | undefined;

const UNKNOWN_KEY = 'Fn::TerraformExpression';

export class HclValues {
  constructor(
    readonly file: HclFile,
    private readonly readFile?: ReadModuleFile,
  ) {}

  /** The attributes of a block's body, by name. */
  attributes(body: HclNode | undefined): Map<string, { name: HclNode; expression: HclNode | undefined }> {
    const found = new Map<string, { name: HclNode; expression: HclNode | undefined }>();
    for (const attribute of body?.children ?? []) {
      if (attribute.type !== 'attribute') continue;
      const name = childOfType(attribute, 'identifier');
      if (name) found.set(this.source(name), { name, expression: childOfType(attribute, 'expression') });
    }
    return found;
  }

  /** The blocks of a body: `resource "aws_iam_role" "app" { … }` is type resource, labels [aws_iam_role, app]. */
  blocks(body: HclNode | undefined): HclBlock[] {
    const found: HclBlock[] = [];
    for (const block of body?.children ?? []) {
      if (block.type !== 'block') continue;
      const type = childOfType(block, 'identifier');
      if (!type) continue;
      const labels = block.children
        .filter((c) => c.type === 'string_lit' || (c.type === 'identifier' && c !== type))
        .map((c) => {
          const value = this.expression(c);
          return value?.kind === 'string' ? value.value : this.source(c);
        });
      found.push({ node: block, type: this.source(type), typeNode: type, labels, body: childOfType(block, 'body') });
    }
    return found;
  }

  span(node: HclNode): Span {
    return { offset: node.start, length: node.end - node.start };
  }

  source(node: HclNode): string {
    return this.file.text.slice(node.start, node.end);
  }

  expression(node: HclNode | undefined, depth = 0): TemplateNode | undefined {
    if (node === undefined || depth > 200) return undefined;
    const span = this.span(node);
    switch (node.type) {
      case 'expression': {
        const [first, ...rest] = node.children;
        if (first?.type === 'variable_expr') return this.reference(node);
        if (first && rest.length === 0) return this.expression(first, depth + 1);
        return this.unknown(node);
      }
      case 'literal_value':
      case 'collection_value':
      case 'template_expr':
      case 'parenthesized_expression':
        return node.children.length === 1 ? this.expression(node.children[0], depth + 1) : this.unknown(node);
      case 'string_lit':
        return this.template(node, childOfType(node, 'quoted_template_start'), childOfType(node, 'quoted_template_end'), true);
      case 'quoted_template':
        return this.template(node, childOfType(node, 'quoted_template_start'), childOfType(node, 'quoted_template_end'), true);
      case 'heredoc_template':
        return this.heredoc(node);
      case 'numeric_lit':
        return { kind: 'number', value: Number(this.source(node)), span };
      case 'bool_lit':
        return { kind: 'boolean', value: this.source(node) === 'true', span };
      case 'null_lit':
        return { kind: 'null', value: null, span };
      case 'tuple':
        return {
          kind: 'seq',
          items: node.children
            .filter((c) => c.type === 'expression')
            .map((c) => this.expression(c, depth + 1))
            .filter((c) => c !== undefined),
          span,
        };
      case 'object': {
        const entries: TemplateEntry[] = [];
        for (const element of node.children) {
          if (element.type !== 'object_elem') continue;
          const [keyNode, valueNode] = element.children.filter((c) => c.type === 'expression');
          const key = keyNode ? this.objectKey(keyNode) : undefined;
          if (key === undefined || keyNode === undefined) continue;
          entries.push({ key, keySpan: this.span(keyNode), value: this.expression(valueNode, depth + 1) });
        }
        return { kind: 'map', entries, span };
      }
      case 'function_call':
        return this.call(node, depth);
      case 'conditional': {
        // `test ? a : b` as Fn::If with the test as a value: the branch the configuration determines, else unknown.
        const [test, whenTrue, whenFalse] = node.children.filter((c) => c.type === 'expression').map((c) => this.expression(c, depth + 1));
        if (!test || !whenTrue || !whenFalse) return this.unknown(node);
        return { kind: 'map', entries: [{ key: 'Fn::If', keySpan: span, value: { kind: 'seq', items: [test, whenTrue, whenFalse], span } }], span };
      }
      default:
        return this.unknown(node);
    }
  }

  /** An object key: a bare identifier (`Effect = …`) or a string (`"aws:SourceArn" = …`). */
  private objectKey(node: HclNode): string | undefined {
    const [first, ...rest] = node.children;
    if (first?.type === 'variable_expr' && rest.length === 0) return this.source(first);
    const value = this.expression(node);
    return value?.kind === 'string' ? value.value : undefined;
  }

  private call(node: HclNode, depth: number): TemplateNode | undefined {
    const name = this.source(childOfType(node, 'identifier') ?? node);
    const args = childOfType(node, 'function_arguments')?.children.filter((c) => c.type === 'expression') ?? [];
    if (name === 'jsonencode' && args.length === 1) return this.expression(args[0], depth + 1);
    if (name === 'file' && args.length === 1 && this.readFile && args[0]) {
      // `file("policy.json")` or `file("${path.module}/policy.json")`: relative to the module's folder.
      const path = /^"(?:\$\{path\.module\}\/)?([^"$]+)"$/.exec(this.source(args[0]).trim())?.[1];
      const text = path !== undefined ? this.readFile(this.file.path, path) : undefined;
      // The document lives in another file; its findings point at the `file(…)` call here.
      if (text !== undefined) return { kind: 'string', value: text, span: this.span(node) };
    }
    return this.unknown(node);
  }

  /**
   * `a.b.c` as `Fn::GetAtt` of `a` and `b.c`: resolved by the environment as a string inside `${…}` is, and also as
   * the list or object it may be (`actions = var.actions`, `policy = data.aws_iam_policy_document.x.json`).
   */
  private reference(node: HclNode): TemplateNode {
    const span = this.span(node);
    return { kind: 'map', entries: [{ key: 'Fn::GetAtt', keySpan: span, value: { kind: 'string', value: this.source(node), span } }], span };
  }

  private unknown(node: HclNode): TemplateNode {
    const span = this.span(node);
    return { kind: 'map', entries: [{ key: UNKNOWN_KEY, keySpan: span, value: { kind: 'string', value: this.source(node).slice(0, 200), span } }], span };
  }

  private template(node: HclNode, open: HclNode | undefined, close: HclNode | undefined, quoted: boolean): TemplateNode {
    const start = open ? open.end : node.start;
    const end = close ? close.start : node.end;
    return this.templateContent(node, start, end, quoted);
  }

  /** A heredoc's content runs from the line after `<<EOF` to the line before the closing identifier. */
  private heredoc(node: HclNode): TemplateNode {
    const identifiers = node.children.filter((c) => c.type === 'heredoc_identifier');
    const opening = identifiers[0];
    const closing = identifiers.length > 1 ? identifiers[identifiers.length - 1] : undefined;
    const text = this.file.text;
    let start = opening ? text.indexOf('\n', opening.end) + 1 : node.start;
    if (start <= 0) start = node.end;
    let end = closing ? text.lastIndexOf('\n', closing.start) : node.end;
    if (end < start) end = start;
    return this.templateContent(node, start, end, false);
  }

  private templateContent(node: HclNode, start: number, end: number, quoted: boolean): TemplateNode {
    const span = this.span(node);
    const raw = this.file.text.slice(start, end);
    if (raw.includes('%{')) return this.unknown(node);
    // Quoted strings process backslash escapes; heredocs do not. Escaped text no longer maps one for one.
    let value = raw;
    let exact = true;
    if (quoted && raw.includes('\\')) {
      exact = false;
      const escapes: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
      value = raw.replace(/\\(.)/g, (whole, c: string) => escapes[c] ?? whole);
    }
    if (!value.includes('${')) return exact ? { kind: 'string', value, span, contentOffset: start } : { kind: 'string', value, span };
    // `$${` is HCL's literal `${`, which Fn::Sub spells `${!`: the same length, so columns still line up.
    return sub(value.replace(/\$\$\{/g, '${!'), span, exact ? start : undefined);
  }
}

function sub(text: string, span: Span, contentOffset: number | undefined): TemplateNode {
  const value: TemplateNode = contentOffset !== undefined ? { kind: 'string', value: text, span, contentOffset } : { kind: 'string', value: text, span };
  return { kind: 'map', entries: [{ key: 'Fn::Sub', keySpan: span, value }], span };
}
