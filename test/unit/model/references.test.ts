import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../../server/src/iam/model/loadModel';
import { ALLOW_S3_READ, DENY_ALL, memoryHost } from './memoryHost';
import { largeExport } from './gaadFixture';

const READ_ONLY_ARN = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

const MODEL = `{
  // JSONC: comments and trailing commas are fine in a model file.
  "accounts": {
    "111111111111": {
      "policies": { "S3Read": "./policies/s3-read.json", "Guard": "policies/deny.json", },
      "groups": { "devs": { "policies": ["S3Read"], "inlinePolicies": { "extra": { "Version": "2012-10-17", "Statement": [{ "Sid": "Inline", "Effect": "Allow", "Action": "sqs:*", "Resource": "*" }] } } } },
      "users": {
        "alice": { "path": "/eng/", "groups": ["devs"], "policies": ["arn:aws:iam::111111111111:policy/S3Read", "${READ_ONLY_ARN}"],
                   "permissionsBoundary": "Guard", "tags": { "team": "red", "level": 3 } },
        "bob": { "permissionsBoundary": null }
      },
      "roles": {
        "AWSServiceRoleForECS": { "path": "/aws-service-role/ecs.amazonaws.com/" },
        "deployer": { "trustPolicy": "./policies/s3-read.json", "policies": ["S3Read"] }
      },
      "resources": { "arn:aws:s3:::reports": { "policy": "./policies/s3-read.json", "tags": { "classification": "internal" } } }
    }
  }
}`;

function host(text = MODEL) {
  return memoryHost(
    { '/w/account.iam-model.json': text, '/w/policies/s3-read.json': ALLOW_S3_READ, '/w/policies/deny.json': DENY_ALL },
    { [READ_ONLY_ARN]: ALLOW_S3_READ },
  );
}

test('a user gets its own policies (by name and by ARN), AWS managed ones and those of its groups, each with its source', () => {
  const { model, diagnostics } = loadModel('/w/account.iam-model.json', host());
  assert.deepEqual(diagnostics, []);
  const alice = model.principal('arn:aws:iam::111111111111:user/eng/alice');
  assert.ok(alice);
  assert.equal(alice.path, '/eng/');
  assert.deepEqual(
    alice.identityPolicies.map((p) => [p.source.name, p.source.attachedTo, p.source.file]),
    [
      ['S3Read', 'user alice', '/w/policies/s3-read.json'],
      ['ReadOnlyAccess', 'user alice', undefined],
      ['S3Read', 'group devs', '/w/policies/s3-read.json'],
      ['inline policy extra', 'group devs', '/w/account.iam-model.json'],
    ],
  );
  assert.equal(alice.identityPolicies[1]?.source.arn, READ_ONLY_ARN);
  assert.deepEqual(alice.groups, ['devs']);
  assert.equal(alice.permissionsBoundary?.source.name, 'Guard');
  assert.equal(alice.permissionsBoundary?.source.type, 'boundary');
  assert.deepEqual(alice.tags, { team: 'red', level: '3' });
  assert.match(alice.uniqueId, /^AIDA[A-Z2-7]{17}$/);
  assert.equal(model.principal('arn:aws:iam::111111111111:user/bob')?.permissionsBoundary, undefined);
});

test('an inline policy is parsed as its own text and its source span locates it in the model file', () => {
  const { model } = loadModel('/w/account.iam-model.json', host());
  const inline = model.principal('arn:aws:iam::111111111111:user/eng/alice')?.identityPolicies[3];
  assert.ok(inline?.source.span);
  const { offset, length } = inline.source.span;
  assert.equal(MODEL.slice(offset, offset + length), inline.parsed.text);
  const statement = inline.parsed.document?.statements[0];
  assert.ok(statement);
  // Statement spans are relative to the document; shifted by the source span they land on the statement in the file.
  assert.ok(MODEL.slice(offset + statement.span.offset).startsWith('{ "Sid": "Inline"'));
});

test('each policy file is read and parsed once per load, however often it is referenced', () => {
  const h = host();
  const { model } = loadModel('/w/account.iam-model.json', h);
  assert.equal(h.reads.filter((p) => p === '/w/policies/s3-read.json').length, 1);
  const alice = model.principal('arn:aws:iam::111111111111:user/eng/alice');
  const deployer = model.principal('arn:aws:iam::111111111111:role/deployer');
  assert.equal(alice?.identityPolicies[0]?.parsed, deployer?.identityPolicies[0]?.parsed);
  assert.equal(deployer?.trustPolicy?.source.type, 'trust');
  assert.deepEqual(
    model
      .files()
      .filter((f) => f.endsWith('.json'))
      .sort(),
    ['/w/account.iam-model.json', '/w/policies/deny.json', '/w/policies/s3-read.json'],
  );
});

test('roles under /aws-service-role/ are service-linked and their ARN includes the path', () => {
  const { model } = loadModel('/w/account.iam-model.json', host());
  const ecs = model.principal('arn:aws:iam::111111111111:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS');
  assert.equal(ecs?.serviceLinked, true);
  assert.equal(ecs?.name, 'AWSServiceRoleForECS');
  assert.equal(model.principal('arn:aws:iam::111111111111:role/deployer')?.serviceLinked, false);
});

test('lookups: role sessions find their role, S3 objects find their bucket entry', () => {
  const { model } = loadModel('/w/account.iam-model.json', host());
  assert.equal(model.principal('arn:aws:sts::111111111111:assumed-role/deployer/build-7')?.arn, 'arn:aws:iam::111111111111:role/deployer');
  assert.equal(model.principal('arn:aws:iam::111111111111:user/nobody'), undefined);
  const object = model.resource('arn:aws:s3:::reports/2026/q1.csv');
  assert.equal(object?.arn, 'arn:aws:s3:::reports');
  assert.equal(object?.accountId, '111111111111');
  assert.deepEqual(object?.tags, { classification: 'internal' });
  assert.equal(object?.policy?.source.type, 'resource');
  assert.equal(model.resource('arn:aws:s3:::other/x'), undefined);
});

/** Loads a variant of the model and returns its diagnostics with the text each points at. */
function problems(edit: (text: string) => string) {
  const text = edit(MODEL);
  const { diagnostics } = loadModel('/w/account.iam-model.json', host(text));
  return diagnostics.map((d) => ({ ...d, at: d.file === '/w/account.iam-model.json' ? text.slice(d.span.offset, d.span.offset + d.span.length) : '' }));
}

test('a dangling policy name is an error at the reference, naming the closest policies', () => {
  const [d, ...rest] = problems((t) => t.replace('"policies": ["S3Read"] }', '"policies": ["S3Raed"] }'));
  assert.equal(rest.length, 0);
  assert.equal(d?.code, 'danglingReference');
  assert.equal(d?.at, '"S3Raed"');
  assert.match(d?.message ?? '', /'S3Raed' of role deployer is not a policy of account 111111111111\. Did you mean 'S3Read'\?/);
});

test('a file cut short reports its syntax errors and one note, not each name it can no longer see defined', () => {
  // Cut inside the reference `"policies": ["S3Read"]` of the role: the name is cut off, not misspelt.
  const cut = MODEL.slice(0, MODEL.indexOf('"S3Read"] }') + '"S3Re'.length);
  const found = problems(() => cut);
  const notes = found.filter((d) => d.code === 'referencesNotChecked');
  assert.deepEqual(
    found.filter((d) => d.code !== 'referencesNotChecked').map((d) => d.code),
    found.slice(0, found.length - 1).map(() => 'syntax'),
  );
  assert.equal(notes.length, 1);
  assert.equal(notes[0]?.severity, 'info');
  assert.equal(notes[0]?.span.offset, found[0]?.span.offset);
  assert.match(notes[0]?.message ?? '', /checked once its syntax errors are fixed/);
  // Once the file is whole again, the references are checked as before.
  assert.deepEqual(
    problems((t) => t.replace('"policies": ["S3Read"] }', '"policies": ["S3Re"] }')).map((d) => d.code),
    ['danglingReference'],
  );
});

test('an export cut short names none of the thousands of managed policies it lost with its end', () => {
  const whole = largeExport(3000);
  const cut = whole.slice(0, whole.indexOf('"Policies"'));
  const { diagnostics } = loadModel('/w/cut.json', memoryHost({ '/w/cut.json': cut }));
  assert.deepEqual([...new Set(diagnostics.map((d) => d.code))], ['syntax', 'referencesNotChecked']);
  assert.ok(diagnostics.length <= 6, `${diagnostics.length} diagnostics`);
});

test('a dangling group, policy file, AWS managed ARN and foreign customer ARN are each reported where written', () => {
  const found = problems((t) =>
    t
      .replace('"groups": ["devs"]', '"groups": ["dev"]')
      .replace('"./policies/s3-read.json", "Guard"', '"./policies/s3-reed.json", "Guard"')
      .replace(READ_ONLY_ARN, 'arn:aws:iam::aws:policy/ReadOnlyAcess')
      .replace('"arn:aws:iam::111111111111:policy/S3Read"', '"arn:aws:iam::222222222222:policy/S3Read"'),
  );
  const byAt = new Map(found.map((d) => [d.at, d.message]));
  assert.match(byAt.get('"dev"') ?? '', /group 'dev', which account 111111111111 does not define\. Did you mean 'devs'\?/);
  assert.match(
    byAt.get('"./policies/s3-reed.json"') ?? '',
    /Cannot read Policy 'S3Read' '\.\/policies\/s3-reed\.json' \(\/w\/policies\/s3-reed\.json\): no such file/,
  );
  assert.match(
    byAt.get('"arn:aws:iam::aws:policy/ReadOnlyAcess"') ?? '',
    /not in the bundled snapshot.*Did you mean 'arn:aws:iam::aws:policy\/ReadOnlyAccess'/,
  );
  assert.match(byAt.get('"arn:aws:iam::222222222222:policy/S3Read"') ?? '', /belongs to account 222222222222/);
});

test('a policy whose file cannot be read is reported once, where it is defined, not again at every reference', () => {
  const found = problems((t) =>
    t.replace('"./policies/s3-read.json", "Guard"', '"./policies/s3-reed.json", "Guard"').replace('"policies": ["S3Read"] }', '"policies": ["S3Reed"] }'),
  );
  // The unreadable file, and the one reference that really is a typo; the references to S3Read are not repeated.
  assert.deepEqual(found.map((d) => d.code).sort(), ['danglingReference', 'unreadableFile']);
  // The unreadable policy's name still counts for "did you mean".
  assert.match(found.find((d) => d.code === 'danglingReference')?.message ?? '', /'S3Reed'.*Did you mean 'S3Read'\?/);
});

test('two policies naming the same unreadable file are each reported where they are defined', () => {
  const found = problems((t) =>
    t.replace('"./policies/s3-read.json", "Guard": "policies/deny.json"', '"./policies/gone.json", "Guard": "./policies/gone.json"'),
  );
  assert.deepEqual(
    found.filter((d) => d.code === 'unreadableFile').map((d) => d.at),
    ['"./policies/gone.json"', '"./policies/gone.json"'],
  );
});

test('unknown keys are errors that suggest the key meant', () => {
  const found = problems((t) => t.replace('"permissionsBoundary": "Guard"', '"permisionsBoundary": "Guard"').replace('"resources"', '"resource"'));
  assert.deepEqual(
    found.map((d) => [d.code, d.at]),
    [
      ['unknownKey', '"resource"'],
      ['unknownKey', '"permisionsBoundary"'],
    ].sort((a, b) => MODEL.indexOf(a[1] as string) - MODEL.indexOf(b[1] as string)),
  );
  assert.ok(found.every((d) => /Did you mean '(permissionsBoundary|resources)'\?/.test(d.message)));
});

test('broken input never throws: syntax errors, wrong types, bad account ids and a missing model are diagnostics', () => {
  assert.ok(problems((t) => t.slice(0, 200)).some((d) => d.code === 'syntax'));
  assert.ok(problems((t) => t.replace('"111111111111": {', '"1111": {')).some((d) => d.code === 'invalidAccountId' && d.at === '"1111"'));
  assert.ok(problems((t) => t.replace('"groups": ["devs"]', '"groups": 42')).some((d) => d.code === 'wrongType' && d.at === '42'));
  assert.ok(problems(() => '[1, 2]').some((d) => /must be an object/.test(d.message)));
  const missing = loadModel('/w/none.iam-model.json', host());
  assert.equal(missing.diagnostics[0]?.code, 'unreadableFile');
  assert.deepEqual(missing.model.principals(), []);
});

test('a name written where a list belongs is read as a list of one, with a warning saying how to write it', () => {
  const written = problems((t) => t.replace('"groups": ["devs"]', '"groups": "devs"'));
  assert.deepEqual(
    written.map((d) => [d.code, d.severity, d.at, d.message]),
    [['singleNameForList', 'warning', '"devs"', `Write the groups of user 'alice' as a list: ["devs"]. It is read as a list of one.`]],
  );
  const { model } = loadModel('/w/account.iam-model.json', host(MODEL.replace('"groups": ["devs"]', '"groups": "devs"')));
  assert.ok(model.principal('arn:aws:iam::111111111111:user/eng/alice')?.identityPolicies.some((p) => p.source.attachedTo === 'group devs'));
});

test('a policy file that is not valid JSON is reported in that file', () => {
  const h = memoryHost({ '/w/m.json': '{ "accounts": { "111111111111": { "policies": { "P": "./p.json" } } } }', '/w/p.json': '{ "Statement": [ }' });
  const { diagnostics } = loadModel('/w/m.json', h);
  assert.ok(diagnostics.some((d) => d.file === '/w/p.json' && d.code === 'invalidPolicy'));
});

test('a name listed again in one list is said at the repeat; the model reads as if listed once', () => {
  const read = '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" } ] }';
  const text = JSON.stringify({
    organization: { policies: { Guard: JSON.parse(read) }, root: { id: 'r-ab12', scps: ['FullAWSAccess', 'Guard', 'Guard'], accounts: ['111122223333'] } },
    accounts: {
      '111122223333': {
        policies: { Read: JSON.parse(read) },
        groups: { devs: { policies: ['Read', 'Read'] }, ops: {} },
        users: { alice: { groups: ['devs', 'ops', 'devs'] }, bob: { groups: ['devs', 'ops'] } },
      },
    },
  });
  const { model, diagnostics } = loadModel('/w/m.iam-model.json', memoryHost({ '/w/m.iam-model.json': text }));
  const duplicates = diagnostics.filter((d) => d.code === 'duplicateEntry');
  assert.deepEqual(
    duplicates.map((d) => [d.severity, d.message, text.slice(d.span.offset, d.span.offset + d.span.length)]),
    [
      ['warning', "'Guard' is already listed in the SCPs of r-ab12: listing it again adds nothing.", '"Guard"'],
      ['warning', "'Read' is already listed in the policies of group 'devs': listing it again adds nothing.", '"Read"'],
      ['warning', "'devs' is already listed in the groups of user 'alice': listing it again adds nothing.", '"devs"'],
    ],
  );
  // The second listing is the one pointed at.
  assert.equal(duplicates[2]?.span.offset, text.indexOf('"ops","devs"') + '"ops",'.length);
  // alice is in what bob is in, no more.
  const arn = (name: string) => `arn:aws:iam::111122223333:user/${name}`;
  const policies = (name: string) => model.principal(arn(name))?.identityPolicies.map((ref) => ref.source.name);
  assert.deepEqual(policies('alice'), policies('bob'));
});
