import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '../../../server/src/iam/model/loadModel';
import { createNodeModelHost } from '../../../server/src/node/modelFiles';
import { GAAD_EXPORT } from './gaadFixture';
import { ALLOW_S3_READ, memoryHost } from './memoryHost';

const GAAD_TEXT = JSON.stringify(GAAD_EXPORT, null, 2);
const managed = { 'arn:aws:iam::aws:policy/ReadOnlyAccess': ALLOW_S3_READ, 'arn:aws:iam::aws:policy/PowerUserAccess': '{"Statement":[]}' };

test('an export opened on its own is a model of its account', () => {
  const { model, diagnostics } = loadModel('/x/gaad.json', memoryHost({ '/x/gaad.json': GAAD_TEXT }, managed));
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(
    model.accounts().map((a) => a.id),
    ['123456789012'],
  );
  const carol = model.principal('arn:aws:iam::123456789012:user/carol');
  assert.ok(carol);
  assert.equal(carol.uniqueId, 'AIDAEXAMPLECAROL00001');
  assert.deepEqual(carol.tags, { 'cost-center': '42' });
  assert.deepEqual(carol.groups, ['Admins']);
  assert.deepEqual(
    carol.identityPolicies.map((p) => [p.source.name, p.source.attachedTo]),
    [
      ['BucketReader', 'user carol'],
      ['inline policy carol-inline', 'user carol'],
      ['ReadOnlyAccess', 'group Admins'],
    ],
  );
  // The default version, not the first one.
  assert.match(carol.identityPolicies[0]?.parsed.text ?? '', /"V2"/);
  assert.equal(carol.identityPolicies[0]?.source.arn, 'arn:aws:iam::123456789012:policy/team/BucketReader');
  // AWS managed documents carried by the export win over the bundled snapshot: they are what the account saw.
  assert.match(carol.permissionsBoundary?.parsed.text ?? '', /FromExport/);
});

test('URL-encoded documents are decoded, and their sources point at the encoded string', () => {
  const { model } = loadModel('/x/gaad.json', memoryHost({ '/x/gaad.json': GAAD_TEXT }, managed));
  const web = model.principal('arn:aws:iam::123456789012:role/service-role/web');
  assert.ok(web);
  assert.equal(web.uniqueId, 'AROAEXAMPLEWEB0000001');
  assert.equal(web.trustPolicy?.parsed.document?.statements[0]?.principal?.entries[0]?.values[0]?.value, 'ec2.amazonaws.com');
  const inline = web.identityPolicies[0];
  // The space in the bucket name was %20 in the export.
  assert.equal(inline?.parsed.document?.statements[0]?.resource?.items[0]?.value, 'arn:aws:s3:::web assets/*');
  assert.equal(inline?.source.decoded, true);
  const span = inline?.source.span;
  assert.ok(span);
  assert.ok(GAAD_TEXT.slice(span.offset, span.offset + span.length).startsWith('"%7B%22Version%22'));
});

test('an export merges into a model account; the model file adds to it and wins on conflicts', () => {
  const modelText = `{
    "accounts": { "123456789012": {
      "authorizationDetails": "./exports/gaad.json",
      "users": { "carol": { "policies": ["BucketReader"] }, "dan": { "groups": ["Admins"] } }
    } }
  }`;
  const { model, diagnostics } = loadModel('/x/m.iam-model.json', memoryHost({ '/x/m.iam-model.json': modelText, '/x/exports/gaad.json': GAAD_TEXT }, managed));
  assert.deepEqual(
    diagnostics.filter((d) => d.severity !== 'info'),
    [],
  );
  assert.ok(diagnostics.some((d) => d.code === 'replacedEntity' && /carol|user/.test(d.message)));
  assert.deepEqual(
    model.principal('arn:aws:iam::123456789012:user/carol')?.identityPolicies.map((p) => p.source.name),
    ['BucketReader'],
  );
  assert.deepEqual(
    model.principal('arn:aws:iam::123456789012:user/dan')?.identityPolicies.map((p) => p.source.name),
    ['ReadOnlyAccess'],
  );
  assert.ok(model.principal('arn:aws:iam::123456789012:role/service-role/web'));
  assert.ok(model.files().includes('/x/exports/gaad.json'));
});

test('an export that is missing or is not an export is an error at the reference', () => {
  const modelText = '{ "accounts": { "123456789012": { "authorizationDetails": "./nope.json" } } }';
  const missing = loadModel('/x/m.json', memoryHost({ '/x/m.json': modelText }));
  assert.equal(missing.diagnostics[0]?.code, 'unreadableFile');
  assert.equal(modelText.slice(missing.diagnostics[0]?.span.offset), '"./nope.json" } } }');
  const wrong = loadModel('/x/m.json', memoryHost({ '/x/m.json': modelText, '/x/nope.json': '{ "Statement": [] }' }));
  assert.equal(wrong.diagnostics[0]?.code, 'invalidExport');
});

// The timeout only catches a hang; load speed is measured by `npm run bench`.
test('a 50 MB export loads from disk', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-gaad-'));
  try {
    const users = [];
    const policies = [];
    for (let i = 0; i < 400; i++) {
      policies.push({
        PolicyName: `Policy${i}`,
        Arn: `arn:aws:iam::123456789012:policy/Policy${i}`,
        Path: '/',
        DefaultVersionId: 'v1',
        PolicyVersionList: [
          {
            VersionId: 'v1',
            IsDefaultVersion: true,
            Document: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: [`s3:GetObject`, `sqs:SendMessage`], Resource: `arn:aws:s3:::bucket-${i}/*` }],
            },
          },
        ],
      });
    }
    let size = 0;
    for (let i = 0; size < 50 * 1024 * 1024; i++) {
      const user = {
        Path: '/',
        UserName: `user${i}`,
        UserId: `AIDA${String(i).padStart(17, '0')}`,
        Arn: `arn:aws:iam::123456789012:user/user${i}`,
        CreateDate: '2024-01-02T03:04:05+00:00',
        UserPolicyList: [
          {
            PolicyName: `inline${i}`,
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: 'ec2:Describe*',
                  Resource: `arn:aws:ec2:eu-west-1:123456789012:instance/i-${i}`,
                  Condition: { StringEquals: { 'aws:RequestedRegion': ['eu-west-1', 'eu-central-1'] } },
                },
              ],
            },
          },
        ],
        GroupList: [],
        AttachedManagedPolicies: [0, 1, 2].map((k) => ({
          PolicyName: `Policy${(i + k) % 400}`,
          PolicyArn: `arn:aws:iam::123456789012:policy/Policy${(i + k) % 400}`,
        })),
        Tags: [{ Key: 'team', Value: `team-${i % 17}` }],
      };
      size += JSON.stringify(user, null, 2).length;
      users.push(user);
    }
    const file = join(dir, 'big.json');
    writeFileSync(file, JSON.stringify({ UserDetailList: users, GroupDetailList: [], RoleDetailList: [], Policies: policies }, null, 2));
    const { model, diagnostics } = loadModel(file, createNodeModelHost());
    assert.deepEqual(diagnostics, []);
    assert.equal(model.principals().length, users.length + 1);
    const last = model.principal(`arn:aws:iam::123456789012:user/user${users.length - 1}`);
    assert.equal(last?.identityPolicies.length, 4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an export whose URL-encoded document holds a value left open is known to hold one, so answers that meet it say so', () => {
  // Answers look for open values only on a model whose texts hold the marker; in an export it is URL-encoded.
  const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'UNRESOLVED(Fn::ImportValue)' }] };
  const encoded = encodeURIComponent(JSON.stringify(document)).replace(/\(/g, '%28').replace(/\)/g, '%29');
  const withMarker = {
    ...GAAD_EXPORT,
    Policies: [],
    RoleDetailList: [],
    GroupDetailList: [],
    UserDetailList: [{ ...GAAD_EXPORT.UserDetailList[0], UserPolicyList: [{ PolicyName: 'open', PolicyDocument: encoded }] }],
  };
  const text = JSON.stringify(withMarker);
  assert.ok(text.includes('UNRESOLVED%28') && !text.includes('UNRESOLVED('));
  assert.equal(loadModel('/x/gaad.json', memoryHost({ '/x/gaad.json': text }, managed)).model.mayHoldOpenValues, true);
  assert.equal(loadModel('/x/gaad.json', memoryHost({ '/x/gaad.json': GAAD_TEXT }, managed)).model.mayHoldOpenValues, false);
});

test('a user written twice in one account is a duplicate key, not a user the authorization details or templates define', () => {
  const file = '/w/twice.iam-model.json';
  const text = '{ "accounts": { "111111111111": { "users": { "admin": {}, "admin": { "path": "/ops/" } } } } }';
  const { diagnostics } = loadModel(file, memoryHost({ [file]: text }));
  assert.deepEqual(
    diagnostics.map((d) => d.code),
    ['duplicateKey'],
  );
});
