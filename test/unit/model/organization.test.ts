import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../../server/src/iam/model/loadModel';
import { DENY_ALL, memoryHost } from './memoryHost';

const ORG_MODEL = `{
  "organization": {
    "id": "o-a1b2c3d4e5",
    "managementAccount": "999999999999",
    "policies": { "DenyAll": "./deny.json", "OnlyEu": { "Version": "2012-10-17", "Statement": [{ "Effect": "Deny", "Action": "*", "Resource": "*" }] } },
    "root": {
      "id": "r-root",
      "rcps": ["OnlyEu", "RCPFullAWSAccess"],
      "accounts": ["999999999999"],
      "children": [
        { "id": "ou-prod", "scps": ["FullAWSAccess", "DenyAll"],
          "accounts": ["111111111111", { "id": "222222222222", "scps": [] }] }
      ]
    }
  },
  "accounts": { "111111111111": {}, "333333333333": {} }
}`;

function load() {
  return loadModel('/m/org.iam-model.json', memoryHost({ '/m/org.iam-model.json': ORG_MODEL, '/m/deny.json': DENY_ALL }));
}

test('a level without "scps" gets FullAWSAccess; a level that lists them has exactly those', () => {
  const { model, diagnostics } = load();
  assert.deepEqual(diagnostics, []);
  const path = model.account('111111111111')?.orgPath ?? [];
  assert.deepEqual(
    path.map((l) => l.id),
    ['r-root', 'ou-prod', '111111111111'],
  );
  assert.deepEqual(
    path.map((l) => l.scps.map((s) => s.source.name)),
    [['FullAWSAccess'], ['FullAWSAccess', 'DenyAll'], ['FullAWSAccess']],
  );
  // The built-in FullAWSAccess really allows everything, and says which level it is attached to.
  const full = path[0]?.scps[0];
  assert.equal(full?.source.type, 'scp');
  assert.equal(full?.source.attachedTo, 'r-root');
  assert.match(full?.parsed.text ?? '', /"Action": "\*"/);
});

test('an account that lists "scps": [] has no SCP at its own level', () => {
  const path = load().model.account('222222222222')?.orgPath ?? [];
  assert.deepEqual(
    path.map((l) => l.scps.length),
    [1, 2, 0],
  );
});

test('RCPFullAWSAccess is implicit: listing it adds nothing, other RCPs attach where listed', () => {
  const path = load().model.account('111111111111')?.orgPath ?? [];
  assert.deepEqual(
    path.map((l) => l.rcps.map((r) => r.source.name)),
    [['OnlyEu'], [], []],
  );
  assert.equal(path[0]?.rcps[0]?.source.type, 'rcp');
});

test('accounts outside the organization are standalone; the management account is flagged', () => {
  const { model } = load();
  assert.deepEqual(model.account('333333333333')?.orgPath, []);
  assert.equal(model.account('333333333333')?.organizationId, undefined);
  assert.equal(model.account('999999999999')?.isManagementAccount, true);
  assert.equal(model.account('111111111111')?.isManagementAccount, false);
  assert.equal(model.account('111111111111')?.organizationId, 'o-a1b2c3d4e5');
  // Every account of the model has a root principal, including those only listed in the organization.
  assert.ok(model.principal('arn:aws:iam::222222222222:root'));
  assert.equal(model.principal('arn:aws:iam::999999999999:root')?.kind, 'root');
});

test('an SCP name that is not defined, and a management account outside the tree, are errors with suggestions', () => {
  const text = ORG_MODEL.replace('"DenyAll"]', '"DenyAl"]').replace('"managementAccount": "999999999999"', '"managementAccount": "999999999998"');
  const { diagnostics } = loadModel('/m/org.iam-model.json', memoryHost({ '/m/org.iam-model.json': text, '/m/deny.json': DENY_ALL }));
  const dangling = diagnostics.filter((d) => d.code === 'danglingReference');
  assert.equal(dangling.length, 2);
  assert.match(dangling[0]?.message ?? '', /SCP 'DenyAl' attached to ou-prod is not defined.*Did you mean 'DenyAll'/);
  assert.equal(text.slice(dangling[0]?.span.offset, (dangling[0]?.span.offset ?? 0) + (dangling[0]?.span.length ?? 0)), '"DenyAl"');
  assert.match(dangling[1]?.message ?? '', /management account 999999999998 is not listed.*'999999999999'/);
});

test('an account listed twice in the tree is an error', () => {
  const text = ORG_MODEL.replace('"accounts": ["999999999999"]', '"accounts": ["999999999999", "111111111111"]');
  const { diagnostics } = loadModel('/m/org.iam-model.json', memoryHost({ '/m/org.iam-model.json': text, '/m/deny.json': DENY_ALL }));
  assert.ok(diagnostics.some((d) => d.code === 'duplicateAccount' && /111111111111 is listed twice/.test(d.message)));
});

test('an organization account id one typo away from a described standalone account is flagged', () => {
  const text = ORG_MODEL.replace('"accounts": { "111111111111": {}, "333333333333": {} }', '"accounts": { "111111111112": {} }');
  const { diagnostics } = loadModel('/m/org.iam-model.json', memoryHost({ '/m/org.iam-model.json': text, '/m/deny.json': DENY_ALL }));
  const warning = diagnostics.find((d) => d.code === 'danglingReference');
  assert.equal(warning?.severity, 'warning');
  assert.match(warning?.message ?? '', /Account 111111111111 is in the organization but not under "accounts".*Did you mean 111111111112\?/);
  assert.equal(text.slice(warning?.span.offset, (warning?.span.offset ?? 0) + 14), '"111111111111"');
});

test("an organization id that does not follow AWS's pattern is an error at the id, as the JSON schema says", () => {
  for (const bad of ['o-1', 'O-A1B2C3D4E5', 'org-123456789', `o-${'a'.repeat(33)}`]) {
    const text = ORG_MODEL.replace('"o-a1b2c3d4e5"', JSON.stringify(bad));
    const { diagnostics } = loadModel('/m/org.iam-model.json', memoryHost({ '/m/org.iam-model.json': text, '/m/deny.json': DENY_ALL }));
    const found = diagnostics.filter((d) => d.code === 'invalidOrganizationId');
    assert.equal(found.length, 1, bad);
    assert.equal(found[0]?.severity, 'error');
    assert.deepEqual(found[0]?.span, { offset: text.indexOf(JSON.stringify(bad)), length: JSON.stringify(bad).length });
    assert.ok(!found[0]?.message.includes(bad), 'the message gives the position, not the text');
  }
});

test('an SCP whose file cannot be read is said once, where its file is named, not again as an undefined SCP', () => {
  const text = JSON.stringify({
    organization: {
      id: 'o-abcdefghij',
      policies: { Guard: './missing.json' },
      root: { id: 'r-abcd', scps: ['FullAWSAccess', 'Guard'], accounts: ['111111111111'] },
    },
    accounts: { '111111111111': {} },
  });
  const { diagnostics } = loadModel('/w/m.iam-model.json', memoryHost({ '/w/m.iam-model.json': text }));
  const errors = diagnostics.filter((d) => d.severity === 'error');
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.match(errors[0]?.message ?? '', /missing\.json/);
});

test("a level's SCPs are the same refs however often read, and the level holds nothing else but its id", () => {
  const { model } = load();
  const path = model.account('111111111111')?.orgPath ?? [];
  const ou = path[1];
  assert.ok(ou);
  assert.equal(ou.scps, ou.scps);
  // What makes the refs (the loader, the attachments) is the level's own: a copy or a comparison sees only the id.
  assert.deepEqual(Object.keys(ou), ['id']);
  assert.deepEqual(
    ou.scps.map((ref) => ref.source.name),
    ['FullAWSAccess', 'DenyAll'],
  );
});

test('an account id or an SCP name written where a list belongs is read as a list of one, with a warning', () => {
  const text = ORG_MODEL.replace('"accounts": ["999999999999"]', '"accounts": "999999999999"').replace(
    '"scps": ["FullAWSAccess", "DenyAll"]',
    '"scps": "DenyAll"',
  );
  const { model, diagnostics } = loadModel('/m/org.iam-model.json', memoryHost({ '/m/org.iam-model.json': text, '/m/deny.json': DENY_ALL }));
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.severity, d.message]),
    [
      ['singleNameForList', 'warning', 'Write the accounts of r-root as a list: ["999999999999"]. It is read as a list of one.'],
      ['singleNameForList', 'warning', 'Write the SCPs of ou-prod as a list: ["DenyAll"]. It is read as a list of one.'],
    ],
  );
  assert.deepEqual(
    model.account('999999999999')?.orgPath.map((l) => l.id),
    ['r-root', '999999999999'],
  );
  assert.deepEqual(
    model.account('111111111111')?.orgPath[1]?.scps.map((s) => s.source.name),
    ['DenyAll'],
  );
});
