/**
 * The template readers (CloudFormation and SAM templates in JSON and YAML, Terraform files and plans, and the two YAML
 * parsers they use) are a quarter of the bundles' code, and running their modules took about 9 ms of each start of the
 * language server and of each command that reads a model, though most sessions and models involve no template. The
 * language server, the command line and the extension reach them through this function, which loads them the first
 * time a template is read (a model read through `templateModelHostOnDemand`, a document that may be one); an import of
 * their values would run them at start (the lint allows type imports only).
 */
import type * as TemplatesArea from '../iam/templates/index';

let loaded: typeof TemplatesArea | undefined;

export function templateReaders(): typeof TemplatesArea {
  // A require() call, unlike an import, is left by the bundler to run when it is reached.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('../iam/templates/index') as typeof TemplatesArea;
  return loaded;
}
