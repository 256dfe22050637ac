/**
 * The policies of the local modules a file's `module` calls instantiate, validated with the inputs each call (each
 * instance of it) passes: a module's policy that is wrong only with its caller's values is reported, in the module's
 * file at the policy's range, saying which call instantiated it. The same finding reached through several calls is
 * reported once, naming them all.
 */
import type { Span } from '../span';
import type { HclFile } from './hclValues';
import { SharedCache, validateTerraformPolicies } from './terraformFileValidation';
import type { TerraformModule } from './terraformModule';
import { moduleFolder, walkModules, type CallSite, type LoadModule } from './terraformModuleWalk';
import type { TemplateFinding, TemplateValidateOptions } from './validateTemplate';
import { CheckBudget, type PolicyBudget } from './terraformCheckBudget';
import { templateRuleSeverity } from './templateRules';

/** A finding in a module's file, as the calls that reach it instantiate the module. */
export interface ModuleFinding {
  readonly file: HclFile;
  /** Its message names the calls; it carries no fix (an edit of the module would change it for every caller). */
  readonly finding: TemplateFinding;
  /** Each chain of calls (from the checked file) that instantiates a module with this finding. */
  readonly chains: readonly (readonly CallSite[])[];
  /** True when the module read with its own defaults has it too: it is the module's, not its callers'. */
  readonly ownFinding: boolean;
  /** The finding's message without the calls (said where the finding is shown at a call). */
  readonly problem: string;
}

export interface ModuleCheck {
  /** Findings in the modules' files. */
  readonly findings: readonly ModuleFinding[];
  /** What the walk could not expand or read, as findings in the files of the calls (the checked file's included). */
  readonly notes: readonly { readonly file: HclFile; readonly finding: TemplateFinding }[];
}

type Options = Omit<TemplateValidateOptions, 'sourceIsJson'>;

/** @param budget the check's bound on policy instances, which every module instance's policies count against */
export function checkModuleCalls(root: TerraformModule, fromFile: string, loadModule: LoadModule, callerOptions: Options, budget?: CheckBudget): ModuleCheck {
  const walk = walkModules(root, loadModule, fromFile);
  // Many instances of one module validate the same texts: once each, without ageing the caller's cache.
  const options: Options = { ...callerOptions, cache: new SharedCache(callerOptions.cache) };
  const byKey = new Map<string, { file: HclFile; finding: TemplateFinding; chains: (readonly CallSite[])[]; own: boolean }>();
  const standalone = new Map<string, Set<string>>();
  // Telling a module's own findings from its callers' reads each module alone: bounded apart, said nowhere (a cut
  // there only shows a module's own finding at a call too).
  const classifying = budget ? new CheckBudget(budget.limit) : undefined;
  for (const instance of walk.instances) {
    // Cut short by the budget, the note goes at the call in the checked file that reads this instance.
    const call = instance.chain[0];
    const atCall = budget && call ? budget.at(call.file, callSpan(call)) : budget;
    const own = ownFindings(instance.module, standalone, options, classifying);
    for (const file of instance.module.files) {
      const validation = validateTerraformPolicies(instance.module, file, [], options, atCall, true);
      for (const finding of validation.findings) {
        const key = findingKey(file, finding);
        const known = byKey.get(key);
        if (known) known.chains.push(instance.chain);
        else byKey.set(key, { file, finding, chains: [instance.chain], own: own.has(key) });
      }
    }
  }
  const findings: ModuleFinding[] = [...byKey.values()].map(({ file, finding, chains, own }) => {
    const { fixes: _forOneCaller, ...rest } = finding;
    return { file, finding: { ...rest, message: `${finding.message} (${instantiatedBy(chains)})` }, chains, ownFinding: own, problem: finding.message };
  });
  const notes = walk.notes.flatMap((note) => {
    const severity = options.severities?.[note.code] ?? templateRuleSeverity(note.code);
    return severity === 'off' ? [] : [{ file: note.file, finding: { code: note.code, severity, message: note.message, span: note.span } }];
  });
  return { findings, notes };
}

/** The findings of a module's folder read with its own defaults, by key: computed once per folder. */
function ownFindings(module: TerraformModule, cache: Map<string, Set<string>>, options: Options, budget: PolicyBudget | undefined): Set<string> {
  const folder = moduleFolder(module);
  let found = cache.get(folder);
  if (!found) {
    found = new Set();
    const alone = module.withoutInputs();
    for (const file of alone.files) {
      for (const finding of validateTerraformPolicies(alone, file, [], options, budget, true).findings) found.add(findingKey(file, finding));
    }
    cache.set(folder, found);
  }
  return found;
}

function findingKey(file: HclFile, finding: TemplateFinding): string {
  return [file.path, finding.code, finding.span.offset, finding.span.length, finding.message, finding.policy?.path ?? ''].join('\u0000');
}

/** `instantiated by module.app at main.tf:12` or, through a module, `module.app at main.tf:12 → module.db at …`. */
function instantiatedBy(chains: readonly (readonly CallSite[])[]): string {
  const shown = chains.slice(0, 3).map((chain) => chain.map((call) => `${call.address} at ${call.file.path}:${call.line}`).join(' → '));
  const more = chains.length > shown.length ? ` and ${chains.length - shown.length} more` : '';
  return `instantiated by ${shown.join(', ')}${more}`;
}

/**
 * For the editor of the calling file: each finding a call's inputs cause (not the module's own, shown when the module
 * is opened) at that call's `module` line, saying where in the module it is.
 */
export function findingsAtCalls(check: ModuleCheck, fromFile: string, fromFolder: string): TemplateFinding[] {
  const found: TemplateFinding[] = [];
  for (const { file, finding, chains, ownFinding, problem } of check.findings) {
    if (ownFinding) continue;
    const { line, column } = position(file.text, finding.span.offset);
    const where = `${relativePath(fromFolder, file.path)}:${line}:${column}`;
    const calls = new Set<CallSite['block']>();
    for (const chain of chains) {
      const first = chain[0];
      if (!first || first.file.path !== fromFile || calls.has(first.block)) continue;
      calls.add(first.block);
      found.push({ ...finding, message: `In ${where}: ${problem}`, span: callSpan(first) });
    }
  }
  return found;
}

function callSpan(call: CallSite): Span {
  const labels = call.block.node.children.filter((child) => child.type === 'string_lit' || child.type === 'identifier');
  const end = labels.length > 0 ? (labels[labels.length - 1]?.end ?? call.block.node.start) : call.block.node.start;
  return { offset: call.block.node.start, length: end - call.block.node.start };
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

/** `path` as seen from `folder` (both as the edge spells them, `/`-separated). */
function relativePath(folder: string, path: string): string {
  const from = folder.replace(/\\/g, '/').split('/').filter(Boolean);
  const to = path.replace(/\\/g, '/').split('/').filter(Boolean);
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  return [...Array<string>(from.length - common).fill('..'), ...to.slice(common)].join('/');
}
