/**
 * The part of js-yaml (nodeca/js-yaml 4, MIT; it ships no types) that fastYamlReader uses: `load` with a schema and
 * a listener that sees each node open and close, and custom types for CloudFormation's short tags.
 */
declare module 'js-yaml' {
  export type NodeKind = 'scalar' | 'sequence' | 'mapping';

  export class Type {
    constructor(tag: string, options: { kind: NodeKind; construct?: (data: unknown) => unknown });
  }

  export class Schema {
    extend(types: readonly Type[]): Schema;
  }

  export const FAILSAFE_SCHEMA: Schema;

  /** The loader's state as the listener sees it: `position` is a UTF-16 offset in the text. */
  export interface LoaderState {
    readonly position: number;
    readonly kind: NodeKind | null;
    readonly tag: string | null;
    readonly anchor: string | null;
    readonly result: unknown;
  }

  export interface LoadOptions {
    readonly schema?: Schema;
    readonly maxDepth?: number;
    readonly json?: boolean;
    readonly onWarning?: (warning: Error) => void;
    readonly listener?: (event: 'open' | 'close', state: LoaderState) => void;
  }

  export function load(text: string, options?: LoadOptions): unknown;
}
