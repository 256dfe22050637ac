/**
 * The template readers (CloudFormation and SAM templates in JSON and YAML, Terraform files and plans, and the two YAML
 * parsers they use) are a quarter of the server's code, and running their modules took about 9 ms of each start of the
 * language server, though most sessions open no template. The server reaches them through this function, which loads
 * them when a template opens or a model is read (a model may be built from a template), and so does the extension,
 * when a JSON file may be a template; an import of their values would run them at start (the lint allows type
 * imports only).
 */
import type * as TemplatesArea from '../iam/templates/index';

let loaded: typeof TemplatesArea | undefined;

export function templateReaders(): typeof TemplatesArea {
  // A require() call, unlike an import, is left by the bundler to run when it is reached.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('../iam/templates/index') as typeof TemplatesArea;
  return loaded;
}
