/**
 * `count` and `for_each` on a resource, data source or module call: the instances Terraform creates, where the
 * configuration determines them (literal numbers, lists, maps and sets, `toset([...])`, `length(...)`, variable
 * defaults and module inputs, a conditional on a known boolean), and a scope per instance that resolves
 * `count.index`, `each.key` and `each.value` (and `aws_iam_role.app[count.index]`) in it.
 */
import { childOfType, type HclNode } from './hclTree';
import type { HclBlock, HclValues } from './hclValues';
import { resolveValue, type Lookup, type ResolveEnvironment } from './intrinsics';
import { textOf, type ResolvedValue } from './resolvedValue';
import type { ExtractionNote } from './cloudFormationPolicies';

/** More instances than this of one block are not read: the first ones stand for the rest. */
export const MAX_INSTANCES = 100;

/** What `count.index` or `each.key`/`each.value` is in one instance. */
export type InstanceBinding = { readonly index: number } | { readonly key: string; readonly value: ResolvedValue };

export interface BlockInstances {
  /** One entry per instance; `[undefined]` for a block without count or for_each, and for one whose count is unknown. */
  readonly bindings: readonly (InstanceBinding | undefined)[];
  /** Set when count/for_each is written but not known from the configuration: the one instance has unknowns. */
  readonly unknown?: { readonly argument: 'count' | 'for_each'; readonly expression: HclNode };
  /** Set when there were more instances than MAX_INSTANCES: how many there were. */
  readonly cut?: number;
  /** Set when for_each is given a list, which Terraform refuses (it takes a map or a set): read once, each.* unknown. */
  readonly listForEach?: HclNode;
  /** The count or for_each expression, when it makes no instance (`count = 0`, an empty map). */
  readonly none?: { readonly argument: 'count' | 'for_each'; readonly expression: HclNode };
}

const SINGLE: BlockInstances = { bindings: [undefined] };

/** The instances of a block, its count/for_each resolved in `env` (the module, or the caller's instance scope). */
export function blockInstances(values: HclValues, block: HclBlock, env: ResolveEnvironment): BlockInstances {
  const attributes = values.attributes(block.body);
  const count = attributes.get('count')?.expression;
  const forEach = attributes.get('for_each')?.expression;
  if (count) {
    const n = countOf(values, count, env);
    if (n === undefined) return { bindings: [undefined], unknown: { argument: 'count', expression: count } };
    if (n === 0) return { bindings: [], none: { argument: 'count', expression: count } };
    return bounded(
      Array.from({ length: Math.min(n, MAX_INSTANCES) }, (_, index) => ({ index })),
      n,
    );
  }
  if (forEach) {
    const items = forEachOf(values, forEach, env);
    if (items === undefined) return { bindings: [undefined], unknown: { argument: 'for_each', expression: forEach } };
    if (items === 'list') return { bindings: [undefined], listForEach: forEach };
    if (items.length === 0) return { bindings: [], none: { argument: 'for_each', expression: forEach } };
    return bounded(items.slice(0, MAX_INSTANCES), items.length);
  }
  return SINGLE;
}

/** What is worth saying about a block's instances where its policies are checked: none created, a list for_each. */
export function instancesNote(values: HclValues, instances: BlockInstances, address: string): ExtractionNote | undefined {
  if (instances.none)
    return {
      code: 'terraformNotCreated',
      message: `${address} is not created (${instances.none.argument === 'count' ? 'count = 0' : 'for_each is empty'}): its policies are not checked.`,
      span: values.span(instances.none.expression),
      resource: address,
    };
  if (instances.listForEach)
    return {
      code: 'terraformForEachList',
      message: `The for_each of ${address} is a list: Terraform takes only a map or a set of strings here and refuses the configuration. Write toset(...) around it (or a map); until then it is read once, with each.key and each.value unknown.`,
      span: values.span(instances.listForEach),
      resource: address,
    };
  return undefined;
}

function bounded(bindings: InstanceBinding[], total: number): BlockInstances {
  return total > bindings.length ? { bindings, cut: total } : { bindings };
}

/** How an instance is written in Terraform's addresses: `[0]`, `["app"]`, nothing for a single block. */
export function instanceSuffix(binding: InstanceBinding | undefined): string {
  if (binding === undefined) return '';
  return 'index' in binding ? `[${binding.index}]` : `[${JSON.stringify(binding.key)}]`;
}

function countOf(values: HclValues, expression: HclNode, env: ResolveEnvironment): number | undefined {
  const value = evaluate(values, expression, env, 0);
  const n = value?.kind === 'number' ? Number(value.value) : value?.kind === 'string' && isKnown(value) ? Number(textOf(value)) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/**
 * A map's entries by key, a set's (a list's) distinct strings as both key and value; in Terraform's order (sorted).
 * A map's values may hold unknowns (an ARN known after apply), as Terraform allows; its keys and a set's items not.
 */
function forEachOf(values: HclValues, expression: HclNode, env: ResolveEnvironment): InstanceBinding[] | 'list' | undefined {
  if (isListLiteral(expression)) return 'list';
  const variable = /^var\.([A-Za-z0-9_-]+)$/.exec(values.source(expression).trim());
  if (variable && 'variableIsList' in env && typeof env.variableIsList === 'function' && env.variableIsList(variable[1]) === true) return 'list';
  const value = evaluate(values, expression, env, 0);
  if (value?.kind === 'map') {
    return [...value.entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((entry) => ({ key: entry.key, value: entry.value }));
  }
  if (value?.kind === 'seq') {
    const keys = new Map<string, ResolvedValue>();
    for (const item of value.items) {
      if (item.kind !== 'string' || !isKnown(item)) return undefined;
      keys.set(textOf(item), item);
    }
    return [...keys.keys()].sort().map((key) => ({ key, value: keys.get(key) as ResolvedValue }));
  }
  return undefined;
}

/** `["a", "b"]` written in place: a tuple, which for_each refuses (`toset(["a", "b"])` is a set). */
function isListLiteral(node: HclNode): boolean {
  let inner: HclNode | undefined = node;
  while (inner && inner.type !== 'tuple' && inner.children.length === 1 && ['expression', 'collection_value', 'parenthesized_expression'].includes(inner.type))
    inner = inner.children[0];
  return inner?.type === 'tuple';
}

/**
 * An expression as far as count and for_each need: what the value reader resolves, and beside it the forms these
 * arguments are written with that a policy never holds (`cond ? a : b`, `toset(…)`, `length(…)`).
 */
function evaluate(values: HclValues, node: HclNode, env: ResolveEnvironment, depth: number): ResolvedValue | undefined {
  if (depth > 20) return undefined;
  const inner = node.type === 'expression' && node.children.length === 1 ? (node.children[0] as HclNode) : node;
  if (inner.type === 'conditional') {
    const [condition, whenTrue, whenFalse] = inner.children.filter((c) => c.type === 'expression');
    const test = condition ? evaluate(values, condition, env, depth + 1) : undefined;
    const chosen = test?.kind === 'boolean' ? (test.value ? whenTrue : whenFalse) : undefined;
    return chosen ? evaluate(values, chosen, env, depth + 1) : undefined;
  }
  if (inner.type === 'function_call') {
    const name = values.source(childOfType(inner, 'identifier') ?? inner);
    const args = childOfType(inner, 'function_arguments')?.children.filter((c) => c.type === 'expression') ?? [];
    const argument = args.length === 1 && args[0] ? evaluate(values, args[0], env, depth + 1) : undefined;
    if (name === 'toset') return argument;
    if (name === 'length' && (argument?.kind === 'seq' || argument?.kind === 'map')) {
      const length = argument.kind === 'seq' ? argument.items.length : argument.entries.length;
      return { kind: 'number', value: length, span: values.span(inner) };
    }
    if (name !== 'jsonencode' && name !== 'file') return undefined;
  }
  const template = values.expression(node);
  const value = template ? resolveValue(template, env) : undefined;
  // A boolean arrives as text when a variable's default is a string ("true"), as Terraform converts it.
  if (value?.kind === 'string' && isKnown(value) && (textOf(value) === 'true' || textOf(value) === 'false'))
    return { kind: 'boolean', value: textOf(value) === 'true', span: value.span };
  return value;
}

function isKnown(value: ResolvedValue & { kind: 'string' }): boolean {
  return value.pieces.every((piece) => !piece.unknown);
}

/**
 * One instance's view of its module: `count.index`, `each.key`, `each.value` (and `each.value.name`) are its own,
 * and an index written with them (`aws_iam_role.app[count.index].arn`) becomes the literal index before the module
 * resolves the reference. Without a binding (unknown count/for_each) they stay unknown, never wrong.
 */
export class InstanceScope implements ResolveEnvironment {
  constructor(
    private readonly base: ResolveEnvironment,
    readonly binding: InstanceBinding | undefined,
  ) {}

  ref(name: string): Lookup {
    return this.base.ref(name);
  }

  getAtt(first: string, rest: string): Lookup {
    const binding = this.binding;
    if (first === 'count') return binding && 'index' in binding && rest === 'index' ? numberText(binding.index) : undefined;
    if (first === 'each') {
      if (!binding || !('key' in binding)) return undefined;
      if (rest === 'key') return numberText(binding.key);
      if (rest === 'value') return binding.value;
      if (rest.startsWith('value.')) return member(binding.value, rest.slice('value.'.length).split('.'));
      return undefined;
    }
    let indexed = rest;
    if (binding && 'index' in binding) indexed = indexed.replace(/\[\s*count\.index\s*\]/g, `[${binding.index}]`);
    if (binding && 'key' in binding) indexed = indexed.replace(/\[\s*each\.key\s*\]/g, `[${JSON.stringify(binding.key)}]`);
    return this.base.getAtt(first, indexed);
  }

  findInMap(map: string, first: string, second: string): Lookup {
    return this.base.findInMap?.(map, first, second);
  }
}

function member(value: ResolvedValue, path: readonly string[]): Lookup {
  let current: ResolvedValue | undefined = value;
  for (const name of path) current = current?.kind === 'map' ? current.entries.find((entry) => entry.key === name)?.value : undefined;
  return current;
}

function numberText(value: number | string): ResolvedValue {
  return { kind: 'string', pieces: [{ text: String(value) }], span: { offset: 0, length: 0 }, literal: false };
}
