// `check` finds the policies written in a model from the model's structure (each document a span), not from a tree of
// every token, which for a 12 MB organization was 280 MB. Whatever the text, it must find exactly the policies the
// full tree finds: same spans, types and labels, in the same order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { modelPolicies } from '../../../server/src/iam/assist/embeddedPolicies';
import { modelStructure } from '../../../server/src/iam/model';
import { repoRoot } from '../helpers/repoRoot';

const policy = (action: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };

/** A model with a policy in every place one can be written, and names that look like places. */
const everyPlace = {
  organization: {
    policies: { Guard: policy('s3:*'), Perimeter: policy('sts:*'), ByPath: './scp.json' },
    root: { id: 'r-1', scps: ['FullAWSAccess', 'Guard'], rcps: ['Perimeter'], accounts: ['111122223333'], children: [{ id: 'ou-1', rcps: ['Perimeter'] }] },
  },
  accounts: {
    '111122223333': {
      policies: { Managed: policy('ec2:*'), FromFile: './managed.json' },
      users: {
        policy: { inlinePolicies: { own: policy('sqs:*') }, permissionsBoundary: policy('sqs:*') },
        trustPolicy: { groups: ['policies'], permissionsBoundary: 'Managed' },
      },
      groups: { policies: { policies: ['Managed'], inlinePolicies: { grouped: policy('sns:*'), byPath: './g.json' } } },
      roles: {
        app: { trustPolicy: trust, inlinePolicies: { run: policy('lambda:*') }, permissionsBoundary: policy('lambda:*') },
        fromFile: { trustPolicy: './trust.json' },
      },
      resources: {
        'arn:aws:s3:::bucket': { policy: { ...trust, Statement: [{ ...trust.Statement[0], Principal: '*' }] } },
        'arn:aws:sqs:us-east-1:111122223333:policy': { policy: './queue.json' },
      },
    },
  },
};

function samePolicies(text: string, label: string): void {
  const structure = modelStructure(text);
  assert.ok(structure, `${label}: read as a structure`);
  const expected = modelPolicies(parseTree(text, [], { disallowComments: false, allowTrailingComma: true, allowEmptyContent: true }));
  assert.deepEqual(modelPolicies(structure), expected, label);
}

test('a model written by hand: the same policies from its structure as from its tree, printed or compact', () => {
  const text = JSON.stringify(everyPlace, null, 2);
  samePolicies(text, 'printed');
  samePolicies(JSON.stringify(everyPlace), 'compact');
  // Every written document is found (the string ones are files of their own).
  const labels = modelPolicies(modelStructure(text)).map((p) => `${p.type} ${p.label}`);
  assert.deepEqual(labels.sort(), [
    'boundary permissions boundary of role app',
    'boundary permissions boundary of user policy',
    'identity inline policy grouped of group policies',
    'identity inline policy own of user policy',
    'identity inline policy run of role app',
    'identity policy Managed of 111122223333',
    'rcp organization policy Perimeter',
    'resource resource policy of arn:aws:s3:::bucket',
    'scp organization policy Guard',
    'trust trust policy of role app',
  ]);
});

test('in the structure, each written document is an object left unread, and nothing else is: not an entity named like a key', () => {
  const text = JSON.stringify(everyPlace, null, 2);
  const unread: string[] = [];
  const walk = (node: JsonNode): void => {
    if (node.type === 'object' && (node.children ?? []).length === 0 && node.length > 2) unread.push(text.slice(node.offset, node.offset + node.length));
    for (const child of node.children ?? []) walk(child);
  };
  walk(modelStructure(text) as JsonNode);
  // A permissions boundary is named, not written, in a model (the loader refuses an object there): one written is
  // read in full, and still checked as a boundary.
  const documents = modelPolicies(modelStructure(text))
    .filter((p) => p.type !== 'boundary')
    .map((p) => text.slice(p.span.offset, p.span.offset + p.span.length));
  assert.deepEqual(unread.sort(), documents.sort());
  // The entities named `policies`, `policy`, `trustPolicy` are read, their documents found inside them.
  assert.equal(documents.length, 8);
});

test('text being typed (comments, trailing commas, a value not written yet) finds what its tree finds', () => {
  const printed = JSON.stringify(everyPlace, null, 2);
  const commented = printed.replace('"accounts": {', '// the accounts\n  "accounts": { /* one */');
  samePolicies(commented, 'comments');
  samePolicies(printed.replace('"sqs:*"\n', '"sqs:*",\n'), 'trailing comma');
  samePolicies(printed.replace('"run": {', '"half": ,\n "run": {'), 'a value not written yet');
  samePolicies(printed.slice(0, printed.indexOf('"roles"')), 'cut short');
});

test("the repository's models find the same policies both ways", () => {
  const root = repoRoot();
  for (const file of [
    'examples/organization.iam-model.json',
    'test/fixtures/templates/terraform-account.iam-model.json',
    'test/fixtures/templates/including.iam-model.json',
    'test/fixtures/templates/deployed.iam-model.json',
    'test/fixtures/terraform-modules/ops.iam-model.json',
  ]) {
    samePolicies(readFileSync(join(root, file), 'utf8'), file);
  }
});
