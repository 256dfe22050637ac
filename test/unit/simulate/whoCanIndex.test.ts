// Who-can's index skips the principals whose policies cannot name the action; the answer must be exactly the one a
// full evaluation of every principal gives, on a varied generated model and on every action and resource it knows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../../server/src/iam/model/loadModel';
import { whoCan, type WhoCanOutcome } from '../../../server/src/iam/simulate';
import { whoCanIndex } from '../../../server/src/iam/simulate/whoCanIndex';
import { memoryHost } from '../model/memoryHost';
import { realCatalog } from '../helpers/realCatalog';
import { GENERATED_ACTIONS, generatedModelText, generatedResources } from '../helpers/generatedModel';
import { GAAD_EXPORT } from '../model/gaadFixture';

const catalog = realCatalog();
const FILE = '/w/generated.iam-model.json';
const { model, diagnostics } = loadModel(FILE, memoryHost({ [FILE]: generatedModelText(3, 150) }));

const shape = (o: WhoCanOutcome) => ({
  arn: o.requester.arn,
  decision: o.decision,
  resultDecision: o.result.decision,
  statement: o.statement ? `${o.statement.source.name}#${o.statement.statementIndex}` : undefined,
  deciding: o.result.decidingStatements.map((s) => `${s.source.name}#${s.statementIndex}`),
  note: o.note,
});

test('the generated model loads cleanly', () => {
  assert.deepEqual(
    diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
});

test('who-can with its index answers exactly as evaluating every principal, and skips some', () => {
  let skipped = 0;
  for (const action of GENERATED_ACTIONS) {
    for (const resource of generatedResources()) {
      for (const context of [{ 'aws:SecureTransport': 'true' }, { 'aws:SecureTransport': 'false' }]) {
        const request = { action, resource, context };
        const indexed = whoCan(model, request, { catalog });
        const full = whoCan(model, request, { catalog, useIndex: false });
        const where = `${action} on ${resource} (${context['aws:SecureTransport']})`;
        assert.deepEqual(indexed.allowed.map(shape), full.allowed.map(shape), where);
        assert.deepEqual(indexed.denied.map(shape), full.denied.map(shape), where);
        assert.deepEqual(indexed.problems, full.problems, where);
      }
      const index = whoCanIndex(model, action, resource);
      skipped += index ? model.principals().filter((p) => index.unconcerned(p)).length : 0;
    }
  }
  assert.ok(skipped > 1000, `the index skipped only ${skipped} evaluations`);
});

test('a resource policy that names the action makes everyone concerned: a principal of any account may be granted by it', () => {
  const text = JSON.stringify({
    accounts: {
      '111111111111': {
        users: { quiet: {} },
        resources: {
          'arn:aws:s3:::shared': {
            policy: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:user/quiet' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' },
              ],
            },
          },
        },
      },
    },
  });
  const loaded = loadModel(FILE, memoryHost({ [FILE]: text })).model;
  assert.equal(whoCanIndex(loaded, 's3:GetObject', 'arn:aws:s3:::shared/a'), undefined);
  const answer = whoCan(loaded, { action: 's3:GetObject', resource: 'arn:aws:s3:::shared/a' }, { catalog });
  assert.ok(answer.allowed.some((o) => o.requester.name === 'quiet'));
});

test("an RCP that denies the action reaches a bucket outside the model, which is taken to be in the principal's account", () => {
  const denyRcp = { Version: '2012-10-17', Statement: [{ Sid: 'DenyS3', Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: '*' }] };
  const text = JSON.stringify({
    organization: {
      id: 'o-abcdefghij',
      managementAccount: '999999999999',
      policies: { DenyS3: denyRcp },
      root: { id: 'r-abcd', rcps: ['RCPFullAWSAccess', 'DenyS3'], accounts: ['999999999999', '111111111111'] },
    },
    accounts: { '999999999999': {}, '111111111111': { users: { quiet: {} } } },
  });
  const loaded = loadModel(FILE, memoryHost({ [FILE]: text }));
  assert.deepEqual(
    loaded.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  for (const resource of ['arn:aws:s3:::outside/key', '*']) {
    const request = { action: 's3:GetObject', resource };
    const indexed = whoCan(loaded.model, request, { catalog });
    const full = whoCan(loaded.model, request, { catalog, useIndex: false });
    assert.deepEqual(indexed.denied.map(shape), full.denied.map(shape), resource);
    const quiet = indexed.denied.find((o) => o.requester.name === 'quiet');
    assert.equal(quiet?.decision, 'explicitDeny', resource);
  }
});

test('who-can over a model loaded lazily, none of its principals built yet, answers as over one loaded eagerly', () => {
  const host = memoryHost({ [FILE]: generatedModelText(3, 150) });
  const eager = loadModel(FILE, host, { eager: true }).model;
  for (const action of GENERATED_ACTIONS.slice(0, 4)) {
    for (const resource of generatedResources().slice(0, 3)) {
      // A fresh load each time, so that the index reads every principal from its outline.
      const lazy = loadModel(FILE, host).model;
      const request = { action, resource, context: { 'aws:SecureTransport': 'true' } };
      const indexed = whoCan(lazy, request, { catalog });
      const full = whoCan(eager, request, { catalog, useIndex: false });
      assert.deepEqual(indexed.allowed.map(shape), full.allowed.map(shape), `${action} on ${resource}`);
      assert.deepEqual(indexed.denied.map(shape), full.denied.map(shape), `${action} on ${resource}`);
    }
  }
});

test('who-can over an export scanned from its text, its users and roles read on demand, answers as a full evaluation', () => {
  const file = '/w/gaad.json';
  const host = memoryHost({ [file]: JSON.stringify(GAAD_EXPORT, null, 1) });
  const eager = loadModel(file, host, { eager: true }).model;
  for (const action of ['sqs:SendMessage', 's3:GetObject', 'ec2:StartInstances', 'iam:PassRole']) {
    for (const resource of ['*', 'arn:aws:s3:::b/k', 'arn:aws:sqs:eu-west-1:123456789012:q']) {
      const request = { action, resource, context: { 'aws:SecureTransport': 'true' } };
      const indexed = whoCan(loadModel(file, host).model, request, { catalog });
      const full = whoCan(eager, request, { catalog, useIndex: false });
      assert.deepEqual(indexed.allowed.map(shape), full.allowed.map(shape), `${action} on ${resource}`);
      assert.deepEqual(indexed.denied.map(shape), full.denied.map(shape), `${action} on ${resource}`);
    }
  }
});

/** Two accounts; some users granted by their own policies, one denied by its own, the rest with nothing on S3. */
function tlsBucketModel(bucketStatement: Record<string, unknown>): string {
  const allowRead = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::tls/*' }] };
  const denyRead = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }] };
  const logsOnly = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'logs:*', Resource: '*' }] };
  const users = (prefix: string) =>
    Object.fromEntries(
      Array.from({ length: 12 }, (_, n) => [
        `${prefix}${n}`,
        { inlinePolicies: { p: n % 4 === 0 ? allowRead : n % 4 === 1 ? denyRead : logsOnly }, tags: { team: n % 2 ? 'red' : 'blue' } },
      ]),
    );
  return JSON.stringify({
    accounts: {
      '111111111111': {
        users: users('a'),
        roles: { worker: { inlinePolicies: { p: logsOnly } } },
        resources: { 'arn:aws:s3:::tls': { policy: { Version: '2012-10-17', Statement: [bucketStatement] } } },
      },
      '222222222222': { users: users('b') },
    },
  });
}

const TLS_ONLY = { Sid: 'TlsOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::tls', 'arn:aws:s3:::tls/*'] };

test('a Deny the same for everyone on the resource keeps the index, and the answer is exactly a full evaluation', () => {
  const cases: { statement: Record<string, unknown>; shared: boolean }[] = [
    { statement: { ...TLS_ONLY, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }, shared: true },
    { statement: { ...TLS_ONLY, Principal: { AWS: '*' } }, shared: true },
    { statement: { ...TLS_ONLY, Condition: { Bool: { 'aws:SecureTransport': 'false' }, StringEquals: { 'aws:PrincipalTag/team': 'red' } } }, shared: false },
    { statement: { ...TLS_ONLY, Principal: { AWS: '222222222222' } }, shared: false },
    { statement: { ...TLS_ONLY, Principal: undefined, NotPrincipal: { AWS: 'arn:aws:iam::111111111111:user/a0' } }, shared: false },
    { statement: { ...TLS_ONLY, Resource: 'arn:aws:s3:::tls/${aws:username}/*' }, shared: false },
  ];
  const contexts = [{ 'aws:SecureTransport': 'true' }, { 'aws:SecureTransport': 'false' }, {}];
  for (const { statement, shared } of cases) {
    const loaded = loadModel(FILE, memoryHost({ [FILE]: tlsBucketModel(statement) }));
    assert.deepEqual(
      loaded.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    for (const context of contexts) {
      const where = `${JSON.stringify(statement)} with ${JSON.stringify(context)}`;
      for (const resource of ['arn:aws:s3:::tls/a/key', 'arn:aws:s3:::tls']) {
        const request = { action: 's3:GetObject', resource, context };
        const index = whoCanIndex(loaded.model, request.action, resource, Object.keys(context));
        // A condition on a key the request does not give may be implied per principal: no index then.
        const expectShared = shared && (statement['Condition'] === undefined || 'aws:SecureTransport' in context);
        assert.equal(index?.sharedDeny, expectShared ? true : undefined, where);
        const indexed = whoCan(loaded.model, request, { catalog });
        const full = whoCan(loaded.model, request, { catalog, useIndex: false });
        assert.deepEqual(indexed.allowed.map(shape), full.allowed.map(shape), where);
        assert.deepEqual(indexed.denied.map(shape), full.denied.map(shape), where);
        assert.deepEqual(indexed.problems, full.problems, where);
        if (!expectShared) continue;
        // b2 has nothing on S3: denied by the bucket's rule when it applies, implicitly otherwise; and never evaluated.
        const denies = statement['Condition'] === undefined || context['aws:SecureTransport'] === 'false';
        assert.equal(indexed.denied.find((o) => o.requester.name === 'b2')?.decision, denies ? 'explicitDeny' : 'implicitDeny', where);
        assert.ok(loaded.model.principals().filter((p) => index?.unconcerned(p)).length >= 12, where);
      }
    }
  }
});

test('who-can over a scanned export reads every document a user or role has, and only those: boundary, managed, inline (an escaped name too, an empty one not)', () => {
  const allow = (action: string, resource: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });
  const arn = (kind: string, name: string) => `arn:aws:iam::123456789012:${kind}/${name}`;
  const role = (name: string, extra: Record<string, unknown>) => ({
    Path: '/',
    RoleName: name,
    RoleId: `AROA${name.toUpperCase().padEnd(17, '0')}`,
    Arn: arn('role', name),
    RolePolicyList: [],
    AttachedManagedPolicies: [],
    Tags: [],
    ...extra,
  });
  const user = (name: string, extra: Record<string, unknown>) => ({
    Path: '/',
    UserName: name,
    UserId: `AIDA${name.toUpperCase().padEnd(17, '0')}`,
    Arn: arn('user', name),
    UserPolicyList: [],
    GroupList: [],
    AttachedManagedPolicies: [],
    Tags: [],
    ...extra,
  });
  const managed = (name: string, document: unknown) => ({
    PolicyName: name,
    PolicyId: `ANPA${name.toUpperCase().padEnd(17, '0')}`,
    Arn: arn('policy', name),
    Path: '/',
    DefaultVersionId: 'v1',
    PolicyVersionList: [{ Document: document, VersionId: 'v1', IsDefaultVersion: true }],
  });
  const exportText = JSON.stringify(
    {
      UserDetailList: [
        user('escaped', { UserPolicyList: [{ PolicyName: 'ESCAPED', PolicyDocument: allow('s3:GetObject', 'arn:aws:s3:::b/*') }] }),
        user('logsonly', { UserPolicyList: [{ PolicyName: 'logs', PolicyDocument: allow('logs:*', '*') }] }),
      ],
      GroupDetailList: [],
      RoleDetailList: [
        role('managed', {
          AttachedManagedPolicies: [{ PolicyName: 'Reader', PolicyArn: arn('policy', 'Reader') }],
          RolePolicyList: [{ PolicyName: 'logs', PolicyDocument: allow('logs:*', '*') }],
        }),
        role('bounded', {
          PermissionsBoundary: { PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn('policy', 'LogsOnly') },
          RolePolicyList: [{ PolicyName: 'read', PolicyDocument: allow('s3:*', '*') }],
        }),
        role('unnamed', {
          RolePolicyList: [
            { PolicyName: '', PolicyDocument: allow('s3:GetObject', '*') },
            { PolicyName: 'logs', PolicyDocument: allow('logs:*', '*') },
          ],
        }),
      ],
      Policies: [managed('Reader', allow('s3:Get*', 'arn:aws:s3:::b/*')), managed('LogsOnly', allow('logs:*', '*'))],
    },
    null,
    1,
  ).replace('"ESCAPED"', '"\\u0064ata"');
  const file = '/w/documents.json';
  const host = memoryHost({ [file]: exportText });
  const eager = loadModel(file, host, { eager: true }).model;
  for (const resource of ['arn:aws:s3:::b/key', 'arn:aws:s3:::other/key']) {
    const request = { action: 's3:GetObject', resource };
    const indexed = whoCan(loadModel(file, host).model, request, { catalog });
    const full = whoCan(eager, request, { catalog, useIndex: false });
    assert.deepEqual(indexed.allowed.map(shape), full.allowed.map(shape), resource);
    assert.deepEqual(indexed.denied.map(shape), full.denied.map(shape), resource);
    const allowed = indexed.allowed.map((o) => o.requester.name).filter((name) => name !== 'root');
    // The boundary allows only logs; the empty-named policy is not one of the role's (the loader says so).
    assert.deepEqual(allowed, resource.includes(':::b/') ? ['escaped', 'managed'] : [], resource);
  }
});
