/**
 * A model host that reads models as `templateModelHost` does (a template, a Terraform folder, or a model file that
 * names one, is read as the model built from it) but loads the template readers only for a read that may involve a
 * template. Most models are plain JSON, and loading the readers (CloudFormation, SAM, Terraform and two YAML parsers)
 * took about 9 ms of every command and of the editor's first model. The edge says how to load them: a bundle
 * initialises a module reached through `require()` only when that is called, which the core does not do itself.
 */
import type { ModelHost, ReadFailure, TemplateDeployment } from './model/index';
import type { BuiltModelText, templateModelHost, TemplateModelHost, TerraformAccess } from './templates/index';
import { mayBeTerraformPath, mayReadAsTemplateModel } from './templateText';

export function templateModelHostOnDemand(
  host: ModelHost,
  terraform: TerraformAccess | undefined,
  loadReaders: () => typeof templateModelHost,
): TemplateModelHost {
  const builtModels = new Map<string, BuiltModelText>();
  /** A file's text read to decide, handed to the readers as the file's text: a model is read once either way. */
  let decided: { readonly path: string; readonly text: string } | undefined;
  const through: ModelHost = {
    ...host,
    readFile: (path) => {
      const known = decided?.path === path ? decided.text : undefined;
      decided = undefined;
      return known ?? host.readFile(path);
    },
  };
  let readers: TemplateModelHost | undefined;
  const templates = (): TemplateModelHost => (readers ??= loadReaders()(through, terraform, builtModels));

  const readFile = (path: string): string | ReadFailure => {
    if (terraform && mayBeTerraformPath(path)) return templates().readFile(path);
    const text = host.readFile(path);
    // What the readers hand back as read (templateModelHost asks the same question first).
    if (typeof text !== 'string' || !mayReadAsTemplateModel(path, text)) return text;
    decided = { path, text };
    try {
      return templates().readFile(path);
    } finally {
      decided = undefined;
    }
  };
  const readTemplateModel = (path: string, deployment: TemplateDeployment): string | ReadFailure => templates().readTemplateModel(path, deployment);
  return { ...host, readFile, readTemplateModel, builtModels };
}
