/**
 * Terraform's front door: a module's .tf files parsed with the grammar the edge hands in, and one file's policies
 * validated against the whole module (variables, locals and resources may be declared in any of its files).
 */
import type { DeploymentAssumptions } from './cloudFormationEnvironment';
import type { HclNode, HclParse } from './hclTree';
import type { HclFile, ReadModuleFile } from './hclValues';
import { TerraformModule, type ModuleInputs } from './terraformModule';
import { terraformPolicies } from './terraformPolicies';
import type { SourceProblem } from './templateNode';
import { validateExtracted, type TemplateValidateOptions, type TemplateValidation } from './validateTemplate';

export interface TerraformSource {
  readonly path: string;
  readonly text: string;
}

/** More than this many bytes of .tf in one module is not read (a generated file); it gets one problem instead. */
const MAX_FILE_LENGTH = 20 * 1024 * 1024;

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

export function validateTerraformFile(module: TerraformModule, path: string, options: Omit<TemplateValidateOptions, 'sourceIsJson'>): TemplateValidation {
  const file = module.files.find((candidate) => candidate.path === path);
  if (!file) return { policies: [], findings: [] };
  return validateExtracted(terraformPolicies(module, file), module, syntaxProblems(file), { ...options, sourceIsJson: false });
}

/** The grammar's ERROR and MISSING nodes, the first few, as problems with their spans. */
function syntaxProblems(file: HclFile): SourceProblem[] {
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
