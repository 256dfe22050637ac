/**
 * Resolves CloudFormation intrinsic functions (and Terraform interpolations, which the Terraform reader writes as
 * `Fn::Sub`) inside a policy: what the template determines becomes text, what it does not becomes an unknown piece.
 * An intrinsic is never a syntax error; at worst it is an unknown, so a policy written with `!Sub` and `!GetAtt` is
 * checked on everything around them.
 */
import type { Span } from '../span';
import type { Piece, ResolvedEntry, ResolvedString, ResolvedValue } from './resolvedValue';
import { unknownPiece } from './resolvedValue';
import type { TemplateNode } from './templateNode';

/** What a name stands for in the template: a value, `absent` (AWS::NoValue), or undefined when it is not known. */
export type Lookup = ResolvedValue | 'absent' | undefined;

/** The template around a policy: what `Ref`, `Fn::GetAtt`, `Fn::FindInMap` and `${…}` resolve to. */
export interface ResolveEnvironment {
  ref(name: string): Lookup;
  getAtt(resource: string, attribute: string): Lookup;
  findInMap?(map: string, first: string, second: string): Lookup;
  /** A named condition's value where the template determines it (parameter defaults), else undefined. */
  condition?(name: string): boolean | undefined;
}

/** Intrinsics nest a few levels in practice; this bounds pathological input. */
const MAX_DEPTH = 256;

const ABSENT = Symbol('absent');
type Result = ResolvedValue | typeof ABSENT;

export function resolveValue(node: TemplateNode, env: ResolveEnvironment): ResolvedValue | undefined {
  const result = new Resolver(env).resolve(node, 0);
  return result === ABSENT ? undefined : result;
}

/** The intrinsic function a map stands for: its only key is `Ref`, `Condition` or `Fn::…`. */
export function intrinsicOf(node: TemplateNode | undefined): { name: string; argument: TemplateNode | undefined } | undefined {
  if (node?.kind !== 'map' || node.entries.length !== 1) return undefined;
  const [entry] = node.entries;
  if (entry === undefined) return undefined;
  if (entry.key === 'Ref' || entry.key.startsWith('Fn::')) return { name: entry.key, argument: entry.value };
  return undefined;
}

class Resolver {
  constructor(private readonly env: ResolveEnvironment) {}

  resolve(node: TemplateNode, depth: number): Result {
    if (depth > MAX_DEPTH) return unknownString(node.span, 'a value nested too deeply');
    switch (node.kind) {
      case 'string':
        return {
          kind: 'string',
          pieces: [node.contentOffset !== undefined ? { text: node.value, sourceOffset: node.contentOffset } : { text: node.value }],
          span: node.span,
          literal: true,
        };
      case 'number':
      case 'boolean':
      case 'null':
        return node;
      case 'seq': {
        const items: ResolvedValue[] = [];
        for (const item of node.items) {
          const value = this.resolve(item, depth + 1);
          if (value === ABSENT) continue;
          // A list-valued intrinsic inside a list (`[!Ref SubnetIds]`) stands for its items.
          if (value.kind === 'seq' && intrinsicOf(item)) items.push(...value.items);
          else items.push(value);
        }
        return { kind: 'seq', items, span: node.span };
      }
      case 'map': {
        const intrinsic = intrinsicOf(node);
        if (intrinsic) return this.intrinsic(intrinsic.name, intrinsic.argument, node.span, depth + 1);
        const entries: ResolvedEntry[] = [];
        for (const entry of node.entries) {
          if (entry.value === undefined) continue;
          const value = this.resolve(entry.value, depth + 1);
          if (value !== ABSENT) entries.push({ key: entry.key, keySpan: entry.keySpan, value });
        }
        return { kind: 'map', entries, span: node.span };
      }
    }
  }

  private intrinsic(name: string, argument: TemplateNode | undefined, span: Span, depth: number): Result {
    switch (name) {
      case 'Ref': {
        if (argument?.kind !== 'string') return unknownString(span, 'Ref');
        return this.fromLookup(this.env.ref(argument.value), span, `Ref ${argument.value}`);
      }
      case 'Fn::GetAtt': {
        const [resource, attribute] = this.getAttArguments(argument, depth);
        if (resource === undefined || attribute === undefined) return unknownString(span, 'Fn::GetAtt');
        return this.fromLookup(this.env.getAtt(resource, attribute), span, `${resource}.${attribute}`);
      }
      case 'Fn::Sub':
        return this.sub(argument, span, depth);
      case 'Fn::Join':
        return this.join(argument, span, depth);
      case 'Fn::If': {
        // The branch the condition takes when the template determines it (parameter defaults); otherwise the first
        // branch is checked, or the second when the first is AWS::NoValue.
        const [conditionName, whenTrue, whenFalse] = argument?.kind === 'seq' ? argument.items : [];
        if (whenTrue === undefined) return unknownString(span, 'Fn::If');
        // Terraform's `c ? a : b` tests a value, not a named condition: a branch only when that value is known.
        if (conditionName !== undefined && conditionName.kind !== 'string') {
          const known = knownBoolean(this.resolve(conditionName, depth));
          if (known === undefined) return unknownString(span, 'a condition');
          const branch = known ? whenTrue : whenFalse;
          return branch ? this.resolve(branch, depth) : ABSENT;
        }
        const known = conditionName?.kind === 'string' ? this.env.condition?.(conditionName.value) : undefined;
        if (known === false) return whenFalse ? this.resolve(whenFalse, depth) : ABSENT;
        const first = this.resolve(whenTrue, depth);
        if (first !== ABSENT || whenFalse === undefined) return first;
        return this.resolve(whenFalse, depth);
      }
      case 'Fn::Select': {
        const [indexNode, listNode] = argument?.kind === 'seq' ? argument.items : [];
        const index = indexNode ? this.resolve(indexNode, depth) : ABSENT;
        const list = listNode ? this.resolve(listNode, depth) : ABSENT;
        const position = index === ABSENT ? NaN : index.kind === 'number' ? Number(index.value) : index.kind === 'string' ? Number(plainText(index)) : NaN;
        if (list !== ABSENT && list.kind === 'seq' && Number.isInteger(position)) {
          const item = list.items[position];
          if (item) return { ...item, span } as ResolvedValue;
        }
        return unknownString(span, 'Fn::Select');
      }
      case 'Fn::Split': {
        const [delimiterNode, sourceNode] = argument?.kind === 'seq' ? argument.items : [];
        const delimiter = delimiterNode?.kind === 'string' ? delimiterNode.value : undefined;
        const source = sourceNode ? this.resolve(sourceNode, depth) : ABSENT;
        if (delimiter && source !== ABSENT && source.kind === 'string' && source.pieces.every((piece) => !piece.unknown)) {
          return {
            kind: 'seq',
            items: plainText(source)
              .split(delimiter)
              .map((text) => knownString(text, span)),
            span,
          };
        }
        return unknownString(span, 'Fn::Split');
      }
      case 'Fn::FindInMap': {
        const parts = argument?.kind === 'seq' ? argument.items.slice(0, 3).map((item) => this.resolve(item, depth)) : [];
        const names = parts.map((part) =>
          part !== ABSENT && part.kind === 'string' && part.pieces.every((piece) => !piece.unknown) ? plainText(part) : undefined,
        );
        const [map, first, second] = names;
        if (map !== undefined && first !== undefined && second !== undefined && this.env.findInMap) {
          return this.fromLookup(this.env.findInMap(map, first, second), span, `Fn::FindInMap ${map}`);
        }
        return unknownString(span, 'Fn::FindInMap');
      }
      default:
        // Fn::ImportValue, Fn::GetAZs, Fn::Base64, Fn::Cidr, Fn::ToJsonString, …: known only once deployed.
        return unknownString(span, name);
    }
  }

  private getAttArguments(argument: TemplateNode | undefined, depth: number): [string | undefined, string | undefined] {
    if (argument?.kind === 'string') {
      const dot = argument.value.indexOf('.');
      return dot > 0 ? [argument.value.slice(0, dot), argument.value.slice(dot + 1)] : [undefined, undefined];
    }
    if (argument?.kind === 'seq') {
      const [resource, attribute] = argument.items;
      const attributeValue = attribute ? this.resolve(attribute, depth) : ABSENT;
      return [
        resource?.kind === 'string' ? resource.value : undefined,
        attributeValue !== ABSENT && attributeValue.kind === 'string' && attributeValue.pieces.every((piece) => !piece.unknown)
          ? plainText(attributeValue)
          : undefined,
      ];
    }
    return [undefined, undefined];
  }

  private fromLookup(found: Lookup, span: Span, label: string): Result {
    if (found === 'absent') return ABSENT;
    if (found === undefined) return unknownString(span, label);
    return relocate(found, span);
  }

  /** `Fn::Sub`: `${Name}`, `${Resource.Attribute}`, `${!Literal}`, and the variables of the two-argument form. */
  private sub(argument: TemplateNode | undefined, span: Span, depth: number): Result {
    let template: TemplateNode | undefined = argument;
    let variables: TemplateNode | undefined;
    if (argument?.kind === 'seq') [template, variables] = argument.items;
    if (template?.kind !== 'string') return unknownString(span, 'Fn::Sub');
    const text = template.value;
    const pieces: Piece[] = [];
    const literal = (from: number, to: number): void => {
      if (to <= from) return;
      pieces.push(
        template.contentOffset !== undefined ? { text: text.slice(from, to), sourceOffset: template.contentOffset + from } : { text: text.slice(from, to) },
      );
    };
    let position = 0;
    while (position < text.length) {
      const start = text.indexOf('${', position);
      if (start < 0) break;
      const end = text.indexOf('}', start + 2);
      if (end < 0) break;
      literal(position, start);
      const name = text.slice(start + 2, end).trim();
      if (name.startsWith('!')) {
        // `${!Literal}` is the text `${Literal}`: how a template writes a policy variable inside Fn::Sub.
        pieces.push(template.contentOffset !== undefined ? { text: '${', sourceOffset: template.contentOffset + start } : { text: '${' });
        literal(start + 3, end + 1);
      } else {
        pieces.push(...this.subVariable(name, variables, depth));
      }
      position = end + 1;
    }
    literal(position, text.length);
    return { kind: 'string', pieces, span, literal: false };
  }

  private subVariable(name: string, variables: TemplateNode | undefined, depth: number): Piece[] {
    let found: Lookup;
    const variable = variables?.kind === 'map' ? variables.entries.find((entry) => entry.key === name)?.value : undefined;
    if (variable) {
      const value = this.resolve(variable, depth);
      found = value === ABSENT ? 'absent' : value;
    } else {
      const dot = name.indexOf('.');
      found = dot > 0 && !name.startsWith('AWS::') ? this.env.getAtt(name.slice(0, dot), name.slice(dot + 1)) : this.env.ref(name);
    }
    if (found === undefined || found === 'absent' || found.kind !== 'string') {
      // A list or an object inside a string is not something the template determines as text.
      return [unknownPiece(name)];
    }
    return found.pieces.map(withoutSource);
  }

  private join(argument: TemplateNode | undefined, span: Span, depth: number): Result {
    const [delimiterNode, listNode] = argument?.kind === 'seq' ? argument.items : [];
    if (delimiterNode?.kind !== 'string' || listNode === undefined) return unknownString(span, 'Fn::Join');
    const list = this.resolve(listNode, depth);
    if (list === ABSENT || list.kind !== 'seq') return unknownString(span, 'Fn::Join');
    const pieces: Piece[] = [];
    list.items.forEach((item, index) => {
      if (index > 0 && delimiterNode.value) pieces.push({ text: delimiterNode.value });
      if (item.kind === 'string') pieces.push(...item.pieces);
      else if (item.kind === 'number' || item.kind === 'boolean') pieces.push({ text: String(item.value) });
      else pieces.push(unknownPiece('Fn::Join item'));
    });
    return { kind: 'string', pieces, span, literal: false };
  }
}

/** A boolean, or the text `true`/`false` (Terraform converts between them); undefined when not known. */
function knownBoolean(value: Result): boolean | undefined {
  if (value === ABSENT) return undefined;
  if (value.kind === 'boolean') return value.value === true;
  if (value.kind !== 'string' || value.pieces.some((piece) => piece.unknown)) return undefined;
  const text = plainText(value);
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

function withoutSource(piece: Piece): Piece {
  return piece.sourceOffset === undefined
    ? piece
    : { text: piece.text, ...(piece.unknown ? { unknown: true } : {}), ...(piece.label !== undefined ? { label: piece.label } : {}) };
}

/** A value found elsewhere in the template, placed at the span of the intrinsic that named it. */
function relocate(value: ResolvedValue, span: Span): ResolvedValue {
  switch (value.kind) {
    case 'string':
      return { kind: 'string', pieces: value.pieces.map(withoutSource), span, literal: false };
    case 'seq':
      return { kind: 'seq', items: value.items.map((item) => relocate(item, span)), span };
    case 'map':
      return { kind: 'map', entries: value.entries.map((entry) => ({ key: entry.key, keySpan: span, value: relocate(entry.value, span) })), span };
    default:
      return { ...value, span };
  }
}

function unknownString(span: Span, label: string): ResolvedString {
  return { kind: 'string', pieces: [unknownPiece(label)], span, literal: false };
}

export function knownString(text: string, span: Span): ResolvedString {
  return { kind: 'string', pieces: [{ text }], span, literal: false };
}

function plainText(value: ResolvedString): string {
  return value.pieces.map((piece) => piece.text).join('');
}
