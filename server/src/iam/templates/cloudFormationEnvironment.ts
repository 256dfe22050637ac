/**
 * What names mean in one CloudFormation template: pseudo parameters (with the account, region and partition the
 * caller assumes), parameters with defaults, mappings, and the names and ARNs of the template's own resources.
 */
import type { Span } from '../span';
import type { Lookup, ResolveEnvironment } from './intrinsics';
import { intrinsicOf, resolveValue } from './intrinsics';
import type { Piece, ResolvedValue } from './resolvedValue';
import { unknownPiece } from './resolvedValue';
import { RESOURCE_NAMING } from './resourceNames';
import { resourceValue } from './resourceValue';
import { get, stringOf, type TemplateNode } from './templateNode';
import { CycleGuard } from './cycleGuard';

/** A template does not say where it is deployed; these are what it is assumed to be, unless the caller says. */
export interface DeploymentAssumptions {
  readonly account: string;
  readonly region: string;
  readonly partition: string;
}

export const DEFAULT_ASSUMPTIONS: DeploymentAssumptions = { account: '123456789012', region: 'us-east-1', partition: 'aws' };

const NOWHERE: Span = { offset: 0, length: 0 };

export class CloudFormationEnvironment implements ResolveEnvironment {
  private readonly cycles = new CycleGuard();

  /**
   * @param namesFromLogicalIds a resource without a name property is named by its logical id (a model needs some
   *   name; validation keeps it unknown instead)
   */
  constructor(
    private readonly root: TemplateNode | undefined,
    private readonly assumptions: DeploymentAssumptions = DEFAULT_ASSUMPTIONS,
    private readonly namesFromLogicalIds = false,
  ) {}

  ref(name: string): Lookup {
    switch (name) {
      case 'AWS::AccountId':
        return text(this.assumptions.account);
      case 'AWS::Region':
        return text(this.assumptions.region);
      case 'AWS::Partition':
        return text(this.assumptions.partition);
      case 'AWS::URLSuffix':
        return text(this.assumptions.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com');
      case 'AWS::NoValue':
        return 'absent';
    }
    if (name.startsWith('AWS::')) return undefined;
    const parameter = get(get(this.root, 'Parameters'), name);
    if (parameter) return this.parameter(parameter);
    const resource = get(get(this.root, 'Resources'), name);
    if (resource) return this.resourceValue(name, resource, 'Ref');
    return undefined;
  }

  getAtt(resource: string, attribute: string): Lookup {
    const node = get(get(this.root, 'Resources'), resource);
    return node ? this.resourceValue(resource, node, attribute) : undefined;
  }

  findInMap(map: string, first: string, second: string): Lookup {
    const value = get(get(get(get(this.root, 'Mappings'), map), first), second);
    return value ? this.cycles.run(`map:${map}.${first}.${second}`, () => resolveValue(value, this)) : undefined;
  }

  condition(name: string): boolean | undefined {
    const node = get(get(this.root, 'Conditions'), name);
    return node ? this.cycles.run(`condition:${name}`, () => this.evaluate(node, 0)) : undefined;
  }

  /** Fn::Equals, Fn::Not, Fn::And, Fn::Or and Condition over values the template determines. */
  private evaluate(node: TemplateNode, depth: number): boolean | undefined {
    const intrinsic =
      intrinsicOf(node) ??
      (node.kind === 'map' && node.entries.length === 1 && node.entries[0]?.key === 'Condition'
        ? { name: 'Condition', argument: node.entries[0].value }
        : undefined);
    if (!intrinsic || depth > 32) return undefined;
    const items = intrinsic.argument?.kind === 'seq' ? intrinsic.argument.items : [];
    switch (intrinsic.name) {
      case 'Condition':
        return intrinsic.argument?.kind === 'string' ? this.condition(intrinsic.argument.value) : undefined;
      case 'Fn::Equals': {
        const [a, b] = items.map((item) => comparable(resolveValue(item, this)));
        return a === undefined || b === undefined ? undefined : a === b;
      }
      case 'Fn::Not': {
        const inner = items[0] ? this.evaluate(items[0], depth + 1) : undefined;
        return inner === undefined ? undefined : !inner;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const values = items.map((item) => this.evaluate(item, depth + 1));
        if (intrinsic.name === 'Fn::And') return values.includes(false) ? false : values.includes(undefined) ? undefined : true;
        return values.includes(true) ? true : values.includes(undefined) ? undefined : false;
      }
      default:
        return undefined;
    }
  }

  /** The physical name of a resource as pieces: its name property, or an unknown CloudFormation generates. */
  namePieces(logicalId: string): Piece[] {
    const resource = get(get(this.root, 'Resources'), logicalId);
    const type = get(resource, 'Type');
    const naming = type?.kind === 'string' ? RESOURCE_NAMING[type.value] : undefined;
    const nameNode = naming?.nameProperty ? get(get(resource, 'Properties'), naming.nameProperty) : undefined;
    if (nameNode) {
      const value = this.cycles.run(`name:${logicalId}`, () => resolveValue(nameNode, this));
      if (value?.kind === 'string') return value.pieces.map(({ sourceOffset: _elsewhere, ...piece }) => piece);
    }
    if (this.namesFromLogicalIds) return [{ text: logicalId }];
    return [unknownPiece(`the name CloudFormation gives ${logicalId}`)];
  }

  private parameter(parameter: TemplateNode): Lookup {
    const fallback = get(parameter, 'Default');
    if (fallback === undefined) return undefined;
    const type = get(parameter, 'Type');
    const value = resolveValue(fallback, this);
    if (value?.kind === 'string' && type?.kind === 'string' && (type.value === 'CommaDelimitedList' || type.value.startsWith('List<'))) {
      const joined = value.pieces.map((piece) => piece.text).join('');
      return {
        kind: 'seq',
        items: joined.split(',').map((item) => ({ kind: 'string', pieces: [{ text: item.trim() }], span: NOWHERE, literal: false })),
        span: NOWHERE,
      };
    }
    return value;
  }

  private resourceValue(logicalId: string, resource: TemplateNode, attribute: string): Lookup {
    const type = stringOf(get(resource, 'Type'));
    if (type === undefined) return undefined;
    const path = stringOf(get(get(resource, 'Properties'), 'Path'));
    return resourceValue(type, this.namePieces(logicalId), path, attribute, this.assumptions);
  }
}

/** A resolved value as comparable text, when the template determines all of it. */
function comparable(value: ResolvedValue | undefined): string | undefined {
  if (value?.kind === 'number' || value?.kind === 'boolean') return String(value.value);
  if (value?.kind !== 'string' || value.pieces.some((piece) => piece.unknown)) return undefined;
  return value.pieces.map((piece) => piece.text).join('');
}

function text(value: string): ResolvedValue {
  return { kind: 'string', pieces: [{ text: value }], span: NOWHERE, literal: false };
}
