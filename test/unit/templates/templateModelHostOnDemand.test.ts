// Reading models through templateModelHostOnDemand answers exactly as through templateModelHost, which it stands for
// while the template readers are not loaded: the same text or error for every kind of file (plain models, templates,
// model files naming a template, Terraform folders and files, plans, unreadable paths), the same files read from the
// host in the same order (each once), and the same models built from templates, which printers map spans through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { templateModelHost, type TerraformAccess } from '../../../server/src/iam/templates/index';
import type { ModelHost } from '../../../server/src/iam/model';
import { templateModelHostOnDemand } from '../../../server/src/iam/templateModelHostOnDemand';
import { loadHclParser } from '../../../server/src/node/hclParser';
import { createNodeModelHost } from '../../../server/src/node/modelFiles';
import { terraformFilesOf } from '../../../server/src/node/terraformFiles';
import { repoRoot } from '../helpers/repoRoot';

const fixtures = join(repoRoot(), 'test', 'fixtures', 'templates');
const examples = join(repoRoot(), 'examples');

/** Every file and folder of the template fixtures and the examples' models, and paths that cannot be read. */
function paths(): string[] {
  const found = readdirSync(fixtures).map((name) => join(fixtures, name));
  found.push(join(fixtures, 'terraform', 'main.tf'), join(examples, 'organization.iam-model.json'), join(examples, 'policies'));
  found.push(join(fixtures, 'missing.yaml'), join(fixtures, 'missing-folder'), join(fixtures, 'missing.iam-model.json'));
  return found;
}

/** A node host that notes every path it reads. */
function loggingHost(): { host: ModelHost; reads: string[] } {
  const reads: string[] = [];
  const files = createNodeModelHost();
  return { host: { ...files, readFile: (path) => (reads.push(path), files.readFile(path)) }, reads };
}

test('the on-demand host answers every read as templateModelHost does, with and without Terraform', async () => {
  const parse = await loadHclParser();
  const terraformCases: (TerraformAccess | undefined)[] = [undefined, { parse: () => parse, terraformFiles: terraformFilesOf }];
  for (const terraform of terraformCases) {
    for (const path of paths()) {
      const eager = loggingHost();
      const lazy = loggingHost();
      const reference = templateModelHost(eager.host, terraform);
      const onDemand = templateModelHostOnDemand(lazy.host, terraform, () => templateModelHost);
      const what = `${path} (Terraform ${terraform ? 'on' : 'off'})`;
      assert.deepEqual(onDemand.readFile(path), reference.readFile(path), what);
      const deployment = { account: '444444444444', region: 'eu-west-1' };
      assert.deepEqual(onDemand.readTemplateModel(path, deployment), reference.readTemplateModel(path, deployment), what);
      assert.deepEqual(lazy.reads, eager.reads, what);
      // Each built model as data (it holds functions that map spans, made afresh by each read).
      assert.equal(JSON.stringify([...onDemand.builtModels]), JSON.stringify([...reference.builtModels]), what);
    }
  }
});
