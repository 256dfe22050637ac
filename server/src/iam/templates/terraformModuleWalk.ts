/**
 * The one walk over the local modules a Terraform configuration calls, shared by the model builder and the policy
 * check: breadth first, each call read once per instance (count/for_each, where the configuration determines them)
 * with the inputs that instance passes; bounded in depth and number, and never a module inside its own call chain
 * (a cycle of `source`s). What it could not expand or read, and a call that creates no instance, is said in notes at
 * the call.
 */
import type { Span } from '../span';
import type { HclBlock, HclFile } from './hclValues';
import { blockInstances, instancesNote, instanceSuffix, MAX_INSTANCES, type InstanceBinding } from './terraformInstances';
import type { ModuleBlock, TerraformModule } from './terraformModule';

/** The module a local `module` call reads (its folder's .tf files, with one instance's inputs), from the edge. */
export type LoadModule = (caller: TerraformModule, call: ModuleBlock, source: string, binding: InstanceBinding | undefined) => TerraformModule | undefined;

/** Local modules are followed this deep, and at most this many are read, instances included (a call tree, not a generated graph). */
export const MAX_MODULE_DEPTH = 5;
export const MAX_MODULES = 64;

/** One `module` block instance: `module.app["blue"]` at modules/main.tf line 12. */
export interface CallSite {
  readonly address: string;
  readonly file: HclFile;
  readonly block: HclBlock;
  /** One-based, the line of the `module` keyword. */
  readonly line: number;
}

export interface ModuleInstance {
  readonly module: TerraformModule;
  /** The calls from the root to this instance; the last one reads it. */
  readonly chain: readonly CallSite[];
}

export interface WalkNote {
  readonly code: 'terraformInstancesUnknown' | 'terraformModulesNotRead' | 'terraformForEachList' | 'terraformNotCreated';
  readonly file: HclFile;
  readonly span: Span;
  readonly message: string;
}

export interface ModuleWalk {
  readonly instances: readonly ModuleInstance[];
  readonly notes: readonly WalkNote[];
}

/**
 * @param onlyFile follow only the calls the root declares in this file (a check reports each call with its file)
 */
export function walkModules(root: TerraformModule, loadModule: LoadModule, onlyFile?: string): ModuleWalk {
  const instances: ModuleInstance[] = [];
  const notes: WalkNote[] = [];
  const queue: { module: TerraformModule; chain: readonly CallSite[]; folders: readonly string[] }[] = [
    { module: root, chain: [], folders: [moduleFolder(root)] },
  ];
  while (queue.length > 0) {
    const { module, chain, folders } = queue.shift() as (typeof queue)[number];
    for (const call of module.modules.values()) {
      if (chain.length === 0 && onlyFile !== undefined && call.file.path !== onlyFile) continue;
      const source = module.localSource(call);
      if (source === undefined) continue;
      const site = (binding: InstanceBinding | undefined): CallSite => ({
        address: `module.${call.block.labels[0] ?? ''}${instanceSuffix(binding)}`,
        file: call.file,
        block: call.block,
        line: lineOf(call.file.text, call.block.node.start),
      });
      if (chain.length >= MAX_MODULE_DEPTH) {
        notes.push(note(call, 'terraformModulesNotRead', `${site(undefined).address} is not read: local modules are followed ${MAX_MODULE_DEPTH} calls deep.`));
        continue;
      }
      const expanded = blockInstances(call.values, call.block, module);
      if (expanded.unknown)
        notes.push({
          code: 'terraformInstancesUnknown',
          file: call.file,
          span: call.values.span(expanded.unknown.expression),
          message: `The ${expanded.unknown.argument} of ${site(undefined).address} is not known from the configuration: its module is read once, with ${expanded.unknown.argument === 'count' ? 'count.index' : 'each.key and each.value'} unknown.`,
        });
      const said = instancesNote(call.values, expanded, site(undefined).address);
      if (said)
        notes.push({
          code: said.code as WalkNote['code'],
          file: call.file,
          span: said.span,
          message: said.message.replace('its policies are', "its module's policies are"),
        });
      if (expanded.cut !== undefined)
        notes.push(note(call, 'terraformModulesNotRead', `${site(undefined).address} has ${expanded.cut} instances: the first ${MAX_INSTANCES} are read.`));
      for (const binding of expanded.bindings) {
        if (instances.length >= MAX_MODULES) {
          notes.push(note(call, 'terraformModulesNotRead', `${site(binding).address} is not read: at most ${MAX_MODULES} local module instances are read.`));
          break;
        }
        const child = loadModule(module, call, source, binding);
        if (!child) continue;
        if (folders.includes(moduleFolder(child))) {
          notes.push(
            note(
              call,
              'terraformModulesNotRead',
              `${site(binding).address} is not read: its source ${source} is a module already in its own call chain (a cycle of module sources).`,
            ),
          );
          break;
        }
        const childChain = [...chain, site(binding)];
        instances.push({ module: child, chain: childChain });
        queue.push({ module: child, chain: childChain, folders: [...folders, moduleFolder(child)] });
      }
    }
  }
  return { instances, notes };
}

function note(call: ModuleBlock, code: WalkNote['code'], message: string): WalkNote {
  return { code, file: call.file, span: call.values.span(call.block.typeNode), message };
}

/** The folder of a module's files: what a cycle of `source`s repeats. */
export function moduleFolder(module: TerraformModule): string {
  const path = module.files[0]?.path ?? '';
  return path.slice(0, Math.max(0, path.replace(/\\/g, '/').lastIndexOf('/')));
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
