// Checks a file as a CloudFormation/SAM template or a Terraform plan when its content says it is one, or a .tf file
// as part of its Terraform module: each embedded policy's findings, reported against the template's own lines.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, resolve } from 'node:path';
import type { Catalog } from '../iam/catalog';
import {
  localModuleLoader,
  PolicyResultCache,
  readTerraformModule,
  validateTerraformFile,
  type LoadModule,
  type ModuleFinding,
  type ModuleFolders,
  type TerraformModule,
  type TerraformSource,
} from '../iam/templates/index';
import { loadHclParser } from '../node/hclParser';
import { terraformFilesOf } from '../node/terraformFiles';
import { readTextFile } from './inputFiles';
import { readTemplate, validateTemplate, type TemplateValidation } from '../iam/templates/index';
import type { DeploymentAssumptions } from '../iam/templates/index';
import type { SeverityOverrides } from '../iam/validator';
import { toDiagnostics, type Diagnostic, type FileReport, type PolicyRef } from './printer';

/** The extensions a template may have; `.json` files are templates only when their content says so. */
export const TEMPLATE_EXTENSIONS = ['.json', '.yaml', '.yml', '.template'];

export interface TemplateCheckOptions {
  readonly catalog: Catalog;
  readonly severities: SeverityOverrides;
  readonly assumptions?: DeploymentAssumptions;
}

/** The report of a template, or undefined when the text is not one (the caller then treats it as a policy). */
export function checkTemplateText(file: string, text: string, options: TemplateCheckOptions): FileReport | undefined {
  const document = readTemplate(text);
  if (!document) return undefined;
  const result = validateTemplate(document, {
    catalog: options.catalog,
    severities: options.severities,
    ...(options.assumptions ? { assumptions: options.assumptions } : {}),
  });
  return templateReport(file, text, document.kind === 'terraformPlan' ? 'terraformPlan' : 'cloudformation', result);
}

export function templateReport(file: string, text: string, kind: NonNullable<FileReport['template']>, result: TemplateValidation): FileReport {
  const policies: PolicyRef[] = result.policies.map(({ policy }) => ({
    label: policy.label,
    path: policy.path,
    type: policy.type,
    ...(policy.construct !== undefined ? { construct: policy.construct } : {}),
  }));
  return { file, type: 'template', template: kind, policies, diagnostics: toDiagnostics(text, result.findings) };
}

/** Terraform modules read so far, by folder: every .tf file of a folder is read once, whichever is checked. */
const modules = new Map<string, TerraformModule>();

/** A `file(…)` a module reads: at most this big, inside the module's folder tree. */
const MAX_POLICY_FILE = 1024 * 1024;

/** The report of one .tf file, resolved against the other .tf files of its folder. */
export async function checkTerraformFile(file: string, text: string, options: TemplateCheckOptions): Promise<FileReport> {
  const folder = dirname(file);
  let module = modules.get(folder);
  if (!module) {
    const sources: TerraformSource[] = [{ path: file, text }];
    for (const name of safeList(folder)) {
      const path = join(folder, name);
      if (!name.endsWith('.tf') || path === file || name.startsWith('.')) continue;
      const read = readTextFile(path);
      if (read.ok) sources.push({ path, text: read.text });
    }
    module = readTerraformModule(sources, await loadHclParser(), options.assumptions, readModuleFile);
    modules.set(folder, module);
  }
  loadModule ??= localModuleLoader(MODULE_FOLDERS, await loadHclParser(), options.assumptions, readModuleFile);
  const result = validateTerraformFile(module, file, { catalog: options.catalog, severities: options.severities, modules: loadModule, cache: moduleCache });
  for (const found of result.moduleFindings ?? []) {
    const path = normalize(found.file.path);
    const pending = moduleFindings.get(path) ?? { text: found.file.text, found: [] };
    pending.found.push(found);
    moduleFindings.set(path, pending);
  }
  return templateReport(file, text, 'terraform', result);
}

/** The local modules' folders, read from disk (paths stay relative as the walk's, so reports meet by path). */
const MODULE_FOLDERS: ModuleFolders = {
  terraformFiles: terraformFilesOf,
  readFile: (path) => {
    const read = readTextFile(path);
    return read.ok ? read.text : undefined;
  },
  resolve: (from, relative) => join(dirname(from), relative),
};

let loadModule: LoadModule | undefined;
/** Module policies read by many calls and instances have the same text: each is validated once per run. */
const moduleCache = new PolicyResultCache();
/** Findings in local modules' files, as the checked files' calls instantiate them, by module file. */
const moduleFindings = new Map<string, { text: string; found: ModuleFinding[] }>();

/**
 * After every file is checked: each module file's findings as its callers instantiate it, in that file's report
 * (one is added for a module outside the checked folders). A module's own finding already in its report (the module
 * read with its defaults, as any .tf file is) is not repeated.
 */
export function withModuleFindings(reports: readonly FileReport[]): FileReport[] {
  const merged = [...reports];
  for (const [path, { text, found }] of moduleFindings) {
    const index = merged.findIndex((report) => normalize(report.file) === path);
    const existing = index >= 0 ? merged[index] : undefined;
    const kept = found.filter((finding) => !(existing && finding.ownFinding));
    const seen = new Set(existing?.diagnostics.map((d) => diagnosticKey(d)) ?? []);
    const diagnostics = toDiagnostics(
      text,
      kept.map((finding) => finding.finding),
    ).filter((diagnostic) => {
      const key = diagnosticKey(diagnostic);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (diagnostics.length === 0) continue;
    if (existing) merged[index] = { ...existing, diagnostics: [...existing.diagnostics, ...diagnostics].sort(byPosition) };
    else merged.push({ file: path, type: 'template', template: 'terraform', policies: [], diagnostics: diagnostics.sort(byPosition) });
  }
  moduleFindings.clear();
  return merged;
}

function diagnosticKey(diagnostic: Diagnostic): string {
  const { start, end } = diagnostic.range;
  return [diagnostic.code, start.line, start.character, end.line, end.character, diagnostic.message].join('\u0000');
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

function readModuleFile(fromFile: string, path: string): string | undefined {
  const folder = resolve(dirname(fromFile));
  const target = resolve(folder, path);
  if (!target.startsWith(folder)) return undefined;
  try {
    if (statSync(target).size > MAX_POLICY_FILE) return undefined;
  } catch {
    return undefined;
  }
  const read = readTextFile(target);
  return read.ok ? read.text : undefined;
}

function safeList(folder: string): string[] {
  try {
    return readdirSync(folder).sort();
  } catch {
    return [];
  }
}
