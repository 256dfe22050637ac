/**
 * Terraform's front door: a module's .tf files parsed with the grammar the edge hands in, and one file's policies
 * validated against the whole module (variables, locals and resources may be declared in any of its files).
 */
import type { DeploymentAssumptions } from './cloudFormationEnvironment';
import type { HclNode, HclParse } from './hclTree';
import type { HclFile, ReadModuleFile } from './hclValues';
import { TerraformModule, type ModuleInputs } from './terraformModule';
import type { LoadModule } from './terraformModuleWalk';
import { validateTerraformPolicies } from './terraformFileValidation';
import type { SourceProblem } from './templateNode';
import type { TemplateFinding, TemplateValidateOptions, TemplateValidation } from './validateTemplate';
import { checkModuleCalls, findingsAtCalls, type ModuleFinding } from './terraformModuleFindings';
import { CheckBudget } from './terraformCheckBudget';
import { templateRuleSeverity } from './templateRules';

export interface TerraformSource {
  readonly path: string;
  readonly text: string;
}

/** More than this many bytes of .tf in one module is not read (a generated file); it gets one problem instead. */
const MAX_FILE_LENGTH = 20 * 1024 * 1024;

/** What reading local modules needs from the edge: a folder's .tf files, a file's text, a relative path resolved. */
export interface ModuleFolders {
  terraformFiles(folder: string): readonly string[] | undefined;
  readFile(path: string): string | undefined;
  resolve(fromFile: string, relative: string): string;
}

/** A local module's folder is read up to these bounds (a generated or vendored folder is cut short). */
const MAX_MODULE_FILE_LENGTH = 1024 * 1024;
const MAX_MODULE_FILES = 64;
const MAX_MODULE_LENGTH = 8 * 1024 * 1024;

/**
 * The loader the module walk calls: a local module's folder read and parsed once (however many calls and instances
 * read it), as one instance of one call sees it (the inputs it passes).
 */
export function localModuleLoader(folders: ModuleFolders, parse: HclParse, assumptions?: DeploymentAssumptions, readFile?: ReadModuleFile): LoadModule {
  const read = new Map<string, HclFile[]>();
  const filesOf = (folder: string): HclFile[] => {
    let files = read.get(folder);
    if (!files) {
      files = [];
      let total = 0;
      for (const path of (folders.terraformFiles(folder) ?? []).slice(0, MAX_MODULE_FILES)) {
        const text = folders.readFile(path);
        if (text === undefined || text.length > MAX_MODULE_FILE_LENGTH || total + text.length > MAX_MODULE_LENGTH) continue;
        total += text.length;
        files.push({ path, text, root: parse(text) });
      }
      read.set(folder, files);
    }
    return files;
  };
  return (caller, call, source, binding) => {
    const files = filesOf(folders.resolve(call.file.path, source));
    return files.length > 0 ? new TerraformModule(files, assumptions, readFile, caller.moduleInputs(call, binding)) : undefined;
  };
}

export function readTerraformModule(
  sources: readonly TerraformSource[],
  parse: HclParse,
  assumptions?: DeploymentAssumptions,
  readFile?: ReadModuleFile,
  inputs?: ModuleInputs,
): TerraformModule {
  const files: HclFile[] = sources.map((source) => ({
    path: source.path,
    text: source.text,
    root: source.text.length > MAX_FILE_LENGTH ? { type: 'config_file', start: 0, end: 0, children: [], error: 'error' } : parse(source.text),
  }));
  return new TerraformModule(files, assumptions, readFile, inputs);
}

export interface TerraformValidateOptions extends Omit<TemplateValidateOptions, 'sourceIsJson'> {
  /** Reads the local modules the file calls: their policies are then validated as each call instantiates them. */
  readonly modules?: LoadModule;
}

export interface TerraformValidation extends TemplateValidation {
  /** With `modules`: the findings in the called modules' files, and in this file at each call (for an editor). */
  readonly moduleFindings?: readonly ModuleFinding[];
  readonly callFindings?: readonly TemplateFinding[];
}

export function validateTerraformFile(module: TerraformModule, path: string, options: TerraformValidateOptions): TerraformValidation {
  const file = module.files.find((candidate) => candidate.path === path);
  if (!file) return { policies: [], findings: [] };
  const { modules, ...validateOptions } = options;
  const budget = new CheckBudget();
  const result = validateTerraformPolicies(module, file, hclSyntaxProblems(file), validateOptions, budget);
  const check = modules ? checkModuleCalls(module, path, modules, validateOptions, budget) : { findings: [], notes: [] };
  const cut = budget.message();
  const severity = validateOptions.severities?.terraformInstancesNotChecked ?? templateRuleSeverity('terraformInstancesNotChecked');
  const budgetNotes =
    cut !== undefined && budget.firstCut && severity !== 'off'
      ? [{ file: budget.firstCut.file, finding: { code: 'terraformInstancesNotChecked', severity, message: cut, span: budget.firstCut.span } }]
      : [];
  const notes = [...check.notes, ...budgetNotes];
  const here = notes.filter((note) => note.file === file).map((note) => note.finding);
  const elsewhere: ModuleFinding[] = notes
    .filter((note) => note.file !== file)
    .map((note) => ({ file: note.file, finding: note.finding, chains: [], ownFinding: false, problem: note.finding.message }));
  const findings = here.length > 0 ? [...result.findings, ...here].sort((a, b) => a.span.offset - b.span.offset) : result.findings;
  if (!modules) return { ...result, findings };
  const folder = path.slice(0, Math.max(0, path.replace(/\\/g, '/').lastIndexOf('/')));
  return { ...result, findings, moduleFindings: [...check.findings, ...elsewhere], callFindings: findingsAtCalls(check, path, folder) };
}

/** The grammar's ERROR and MISSING nodes, the first few, as problems with their spans. */
export function hclSyntaxProblems(file: HclFile): SourceProblem[] {
  const problems: SourceProblem[] = [];
  if (file.text.length > MAX_FILE_LENGTH)
    return [{ message: `The file is larger than ${MAX_FILE_LENGTH / 1024 / 1024} MB; it is not read as Terraform.`, span: { offset: 0, length: 0 } }];
  const stack: HclNode[] = [file.root];
  while (stack.length > 0 && problems.length < 20) {
    const node = stack.pop() as HclNode;
    if (node.error === 'missing') problems.push({ message: `HCL syntax error: '${node.type}' is missing here`, span: { offset: node.start, length: 0 } });
    else if (node.error === 'error')
      problems.push({
        message: `HCL syntax error: unexpected '${file.text.slice(node.start, Math.min(node.end, node.start + 30)).split('\n')[0] ?? ''}'`,
        span: { offset: node.start, length: node.end - node.start },
      });
    else for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as HclNode);
  }
  return problems;
}
