// Who-can is one use case of the core: every face (the command line, the panel) gets the same outcomes, each with the
// statement that decided it, and a request's own problems once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../../server/src/iam/model/loadModel';
import { whoCan } from '../../../server/src/iam/simulate';
import { memoryHost } from '../model/memoryHost';
import { realCatalog } from '../helpers/realCatalog';

const MODEL = JSON.stringify({
  accounts: {
    '111111111111': {
      users: {
        alice: {
          inlinePolicies: {
            Read: { Version: '2012-10-17', Statement: [{ Sid: 'ReadReports', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }] },
          },
        },
        bob: {
          inlinePolicies: {
            Mixed: {
              Version: '2012-10-17',
              Statement: [
                { Sid: 'ReadAll', Effect: 'Allow', Action: 's3:*', Resource: '*' },
                { Sid: 'NoReports', Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' },
              ],
            },
          },
        },
        carol: {},
      },
    },
  },
});

const { model } = loadModel('/w/m.iam-model.json', memoryHost({ '/w/m.iam-model.json': MODEL }));
const catalog = realCatalog();

test('who-can names each allowed principal with its granting statement, and each denied one with the Deny, if any', () => {
  const answer = whoCan(model, { action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1.csv' }, { catalog });
  const allowed = Object.fromEntries(answer.allowed.map((o) => [o.requester.name, o]));
  assert.deepEqual(Object.keys(allowed).sort(), ['alice', 'root']);
  assert.equal(allowed['alice']?.statement?.sid, 'ReadReports');
  // The account root user is allowed by no statement: the answer says why instead.
  assert.equal(allowed['root']?.statement, undefined);
  assert.match(allowed['root']?.note ?? '', /root/i);
  const denied = Object.fromEntries(answer.denied.map((o) => [o.requester.name, o]));
  assert.equal(denied['bob']?.result.decision, 'explicitDeny');
  assert.equal(denied['bob']?.statement?.sid, 'NoReports');
  assert.equal(denied['carol']?.result.decision, 'implicitDeny');
  assert.equal(denied['carol']?.statement, undefined);
  assert.deepEqual(answer.problems, []);
  assert.equal(answer.cancelled, false);
});

test('who-can reports the problems of the request itself once, and stops when cancelled', () => {
  const typo = whoCan(model, { action: 's3:GetObjekt', resource: 'arn:aws:s3:::reports/q1.csv' }, { catalog });
  assert.equal(typo.problems.length, 1);
  assert.match(typo.problems[0]?.message ?? '', /s3:GetObject/);
  let asked = 0;
  const stopped = whoCan(model, { action: 's3:GetObject', resource: 'arn:aws:s3:::reports/q1.csv' }, { catalog, isCancelled: () => ++asked > 2 });
  assert.equal(stopped.cancelled, true);
  assert.equal(stopped.allowed.length + stopped.denied.length, 2);
});

test('who-can on a resource whose policy grants to "*" says anyone can, not only the principals listed; a condition that holds outsiders back keeps it quiet', () => {
  const policy = (sid: string, bucket: string, condition?: object) => ({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: sid,
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::${bucket}/*`,
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  });
  const text = JSON.stringify({
    accounts: {
      '111111111111': {
        users: { alice: {} },
        resources: {
          'arn:aws:s3:::public-site': { policy: policy('PublicRead', 'public-site') },
          'arn:aws:s3:::org-only': { policy: policy('OrgRead', 'org-only', { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } }) },
          // Everyone but one user: open to anyone just the same, through a NotPrincipal.
          'arn:aws:s3:::all-but-bob': {
            policy: {
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'AllButBob',
                  Effect: 'Allow',
                  NotPrincipal: { AWS: 'arn:aws:iam::111111111111:user/bob' },
                  Action: 's3:GetObject',
                  Resource: 'arn:aws:s3:::all-but-bob/*',
                },
              ],
            },
          },
        },
      },
    },
  });
  const loaded = loadModel('/w/p.iam-model.json', memoryHost({ '/w/p.iam-model.json': text })).model;
  const ask = (bucket: string) =>
    whoCan(loaded, { action: 's3:GetObject', resource: `arn:aws:s3:::${bucket}/index.html`, context: { 'aws:SecureTransport': 'true' } }, { catalog });
  const open = ask('public-site').problems.find((p) => p.code === 'openToAnyone');
  assert.match(open?.message ?? '', /^Statement PublicRead of .*public-site allows this request for any principal \(its Principal is "\*", or "AWS": "\*"\)/);
  assert.match(open?.message ?? '', /every other AWS account.*anonymous/);
  const allButBob = ask('all-but-bob').problems.find((p) => p.code === 'openToAnyone');
  assert.match(
    allButBob?.message ?? '',
    /^Statement AllButBob of .*all-but-bob allows this request for any principal \(its NotPrincipal leaves out only the principals it lists\)/,
  );
  assert.equal(
    ask('org-only').problems.find((p) => p.code === 'openToAnyone'),
    undefined,
  );
});

test('a resource open to "*" but closed to principals outside the organization by an RCP is not said to be open to anyone', () => {
  const text = JSON.stringify({
    organization: {
      id: 'o-abcdefghij',
      managementAccount: '999999999999',
      policies: {
        OrgOnly: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: '*',
              Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abcdefghij' } },
            },
          ],
        },
      },
      root: { id: 'r-root', rcps: ['RCPFullAWSAccess', 'OrgOnly'], accounts: ['111111111111', '999999999999'] },
    },
    accounts: {
      '111111111111': {
        users: { alice: {} },
        resources: {
          'arn:aws:s3:::site': {
            policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*' }] },
          },
        },
      },
      '999999999999': {},
    },
  });
  const loaded = loadModel('/w/o.iam-model.json', memoryHost({ '/w/o.iam-model.json': text })).model;
  const answer = whoCan(loaded, { action: 's3:GetObject', resource: 'arn:aws:s3:::site/a', context: { 'aws:SecureTransport': 'true' } }, { catalog });
  assert.ok(
    answer.allowed.some((o) => o.requester.arn === 'arn:aws:iam::111111111111:user/alice'),
    "the organization's own principal is allowed",
  );
  assert.equal(
    answer.problems.find((p) => p.code === 'openToAnyone'),
    undefined,
  );
});

/** A role trust policy of one statement letting `principal` assume the role, with an external ID when one is given. */
function trustPolicy(sid: string, principal: string, externalId?: string) {
  const condition = externalId === undefined ? {} : { Condition: { StringEquals: { 'sts:ExternalId': externalId } } };
  return { Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...condition }] };
}

test('who-can on a role that trusts an account the model leaves out says that account can get in; its root user is not listed', () => {
  const trusting = JSON.stringify({
    accounts: {
      '111111111111': {
        roles: {
          partner: { trustPolicy: trustPolicy('PartnerAccount', 'arn:aws:iam::444444444444:root') },
          local: { trustPolicy: trustPolicy('ThisAccount', '111111111111') },
          vendor: {
            trustPolicy: {
              Version: '2012-10-17',
              Statement: [
                ...trustPolicy('VendorWithExternalId', 'arn:aws:iam::333333333333:root', 'abc').Statement,
                // Another partition: no role of aws can be assumed from aws-cn.
                ...trustPolicy('OtherPartition', 'arn:aws-cn:iam::444444444444:root').Statement,
              ],
            },
          },
        },
      },
    },
  });
  const trustModel = loadModel('/w/t.iam-model.json', memoryHost({ '/w/t.iam-model.json': trusting })).model;
  const partner = whoCan(trustModel, { action: 'sts:AssumeRole', resource: 'arn:aws:iam::111111111111:role/partner' }, { catalog });
  assert.match(
    partner.problems.find((p) => p.code === 'trustedAccount')?.message ?? '',
    /Statement PartnerAccount .* trusts account 444444444444: its IAM users and roles/,
  );
  // The model's own account root is the root user, which AWS never lets assume a role, whatever the trust says.
  const local = whoCan(trustModel, { action: 'sts:AssumeRole', resource: 'arn:aws:iam::111111111111:role/local' }, { catalog });
  assert.deepEqual(
    local.allowed.map((o) => o.requester.arn),
    [],
  );
  assert.equal(
    local.problems.find((p) => p.code === 'trustedAccount'),
    undefined,
    'an account the model describes lists its own principals',
  );
  // The usual third-party pattern: let in when the external ID holds, which the caller decides.
  const vendor = whoCan(trustModel, { action: 'sts:AssumeRole', resource: 'arn:aws:iam::111111111111:role/vendor' }, { catalog });
  const notices = vendor.problems.filter((p) => p.code === 'trustedAccount').map((p) => p.message);
  assert.equal(notices.length, 1, notices.join('\n'));
  assert.match(notices[0] ?? '', /VendorWithExternalId .* trusts account 333333333333: .* and the statement's conditions hold/);
});

test('who-can on a bucket shared with accounts the model leaves out names each account and principal its policy lets in', () => {
  const shared = JSON.stringify({
    accounts: {
      '111111111111': {
        users: { alice: { inlinePolicies: { p: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } } } },
        resources: {
          'arn:aws:s3:::shared-data': {
            policy: {
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'PartnerRead',
                  Effect: 'Allow',
                  Principal: {
                    AWS: [
                      'arn:aws:iam::444444444444:root',
                      'arn:aws:iam::555555555555:role/etl',
                      'arn:aws:iam::111111111111:user/alice',
                      // A session and a federated user of accounts the model leaves out: each makes requests as itself.
                      'arn:aws:sts::555555555555:assumed-role/etl/nightly',
                      'arn:aws:sts::666666666666:federated-user/carol',
                      // A pattern is no caller of its own.
                      'arn:aws:sts::555555555555:assumed-role/etl/*',
                    ],
                  },
                  Action: 's3:GetObject',
                  Resource: 'arn:aws:s3:::shared-data/*',
                },
                {
                  Sid: 'VendorWhenTagged',
                  Effect: 'Allow',
                  Principal: { AWS: '666666666666' },
                  Action: 's3:*',
                  Resource: 'arn:aws:s3:::shared-data/*',
                  Condition: { StringEquals: { 'aws:PrincipalTag/vendor': 'yes' } },
                },
                // Not let in: a Deny, another partition, a different action.
                { Sid: 'KeepOut', Effect: 'Deny', Principal: { AWS: '777777777777' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared-data/*' },
                { Sid: 'China', Effect: 'Allow', Principal: { AWS: 'arn:aws-cn:iam::888888888888:root' }, Action: 's3:GetObject', Resource: '*' },
                { Sid: 'WriteOnly', Effect: 'Allow', Principal: { AWS: '999999999999' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::shared-data/*' },
              ],
            },
          },
        },
      },
    },
  });
  const sharedModel = loadModel('/w/s.iam-model.json', memoryHost({ '/w/s.iam-model.json': shared })).model;
  const answer = whoCan(sharedModel, { action: 's3:GetObject', resource: 'arn:aws:s3:::shared-data/x.csv' }, { catalog });
  const notices = answer.problems.filter((p) => p.code === 'outsideAccount').map((p) => p.message);
  assert.equal(notices.length, 5, notices.join('\n'));
  assert.match(
    notices[0] ?? '',
    /^Statement PartnerRead .* lets account 444444444444 in: its root user, and its IAM users and roles whose own policies allow it, can make this request;/,
  );
  assert.match(
    notices[1] ?? '',
    /^Statement PartnerRead .* lets arn:aws:iam::555555555555:role\/etl in: it can make this request when its own policies allow it;/,
  );
  assert.match(notices[2] ?? '', /^Statement PartnerRead .* lets arn:aws:sts::555555555555:assumed-role\/etl\/nightly in: it can make this request when/);
  assert.match(notices[3] ?? '', /^Statement VendorWhenTagged .* lets account 666666666666 in: .* when the statement's conditions hold;/);
  assert.match(notices[4] ?? '', /^Statement PartnerRead .* lets arn:aws:sts::666666666666:federated-user\/carol in: it can make this request when/);
  // The model's own principals are listed, not noticed.
  assert.deepEqual(
    answer.allowed.map((o) => o.requester.arn),
    ['arn:aws:iam::111111111111:root', 'arn:aws:iam::111111111111:user/alice'],
  );
});

test('who-can credits an outside account to the statement that names it, not to one open to all, and never to a Deny', () => {
  const bucket = (statements: unknown[]) => ({ policy: { Version: '2012-10-17', Statement: statements } });
  const open = { Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::pub/*' };
  const model = JSON.stringify({
    accounts: {
      '111111111111': {
        resources: {
          'arn:aws:s3:::pub': bucket([
            open,
            { Sid: 'Partner', Effect: 'Allow', Principal: { AWS: '333333333333' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::pub/*' },
          ]),
          'arn:aws:s3:::denyonly': bucket([
            { ...open, Resource: 'arn:aws:s3:::denyonly/*' },
            {
              Sid: 'NotFromPartner',
              Effect: 'Deny',
              Principal: { AWS: '333333333333' },
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::denyonly/*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ]),
          'arn:aws:s3:::many': bucket([
            {
              Sid: 'Partners',
              Effect: 'Allow',
              Principal: { AWS: Array.from({ length: 23 }, (_, i) => String(400000000000 + i)) },
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::many/*',
            },
          ]),
        },
      },
    },
  });
  const outsideModel = loadModel('/w/o.iam-model.json', memoryHost({ '/w/o.iam-model.json': model })).model;
  const notices = (resource: string) =>
    whoCan(outsideModel, { action: 's3:GetObject', resource }, { catalog })
      .problems.filter((p) => p.code === 'outsideAccount')
      .map((p) => p.message);
  const pub = notices('arn:aws:s3:::pub/k');
  assert.equal(pub.length, 1, pub.join('\n'));
  assert.match(pub[0] ?? '', /^Statement Partner .* lets account 333333333333 in/);
  assert.deepEqual(notices('arn:aws:s3:::denyonly/k'), [], 'an account a Deny names is not let in by it');
  const many = notices('arn:aws:s3:::many/k');
  assert.equal(many.length, 21);
  assert.match(many[20] ?? '', /^The policy names 3 more accounts or principals outside the model/);
});

test('who-can on a role that trusts one role of an account the model leaves out names that role', () => {
  const trusting = JSON.stringify({
    accounts: { '111111111111': { roles: { deploy: { trustPolicy: trustPolicy('CiRole', 'arn:aws:iam::222222222222:role/ci-runner') } } } },
  });
  const trustModel = loadModel('/w/r.iam-model.json', memoryHost({ '/w/r.iam-model.json': trusting })).model;
  const answer = whoCan(trustModel, { action: 'sts:AssumeRole', resource: 'arn:aws:iam::111111111111:role/deploy' }, { catalog });
  assert.deepEqual(
    answer.problems.filter((p) => p.code === 'trustedAccount').map((p) => p.message),
    [
      'Statement CiRole of trust policy of role deploy lets arn:aws:iam::222222222222:role/ci-runner in: it can make this request when its own policies allow it; the model does not describe account 222222222222, so it is not listed (ask with it as --principal).',
    ],
  );
});

test('who-can says when denied principals lack only a key their caller sets (an external ID), and stays quiet once it is given', () => {
  const withExternalId = JSON.stringify({
    accounts: {
      '111111111111': {
        users: { ci: { inlinePolicies: { assume: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } } } },
        roles: {
          DeployRole: { trustPolicy: trustPolicy('CiWithExternalId', 'arn:aws:iam::111111111111:user/ci', 'ci-7f3a') },
        },
      },
    },
  });
  const externalModel = loadModel('/w/e.iam-model.json', memoryHost({ '/w/e.iam-model.json': withExternalId })).model;
  const request = { action: 'sts:AssumeRole', resource: 'arn:aws:iam::111111111111:role/DeployRole' };
  const without = whoCan(externalModel, request, { catalog });
  assert.deepEqual(without.allowed, []);
  assert.match(
    without.problems.find((p) => p.code === 'absentCallerKey')?.message ?? '',
    /^One principal denied lacks only sts:ExternalId .* Ask again with --context sts:ExternalId=VALUE/,
  );
  const given = whoCan(externalModel, { ...request, context: { 'sts:ExternalId': 'ci-7f3a' } }, { catalog });
  assert.deepEqual(
    given.allowed.map((o) => o.requester.name),
    ['ci'],
  );
  assert.equal(
    given.problems.find((p) => p.code === 'absentCallerKey'),
    undefined,
  );
});

const JOBS = 'arn:aws:sqs:eu-west-1:111111111111:jobs';
const EVENTS = 'arn:aws:sns:eu-west-1:111111111111:events';

/** A statement of the jobs queue's policy about SNS sending to it. */
const fromSns = (Condition: unknown, Effect = 'Allow') => ({
  Effect,
  Principal: { Service: 'sns.amazonaws.com' },
  Action: 'sqs:SendMessage',
  Resource: JOBS,
  Condition,
});

/** A model of one account whose jobs queue has a policy of these statements. */
function queueModel(...statements: unknown[]) {
  const text = JSON.stringify({ accounts: { '111111111111': { resources: { [JOBS]: { policy: { Version: '2012-10-17', Statement: statements } } } } } });
  return loadModel('/w/q.iam-model.json', memoryHost({ '/w/q.iam-model.json': text })).model;
}

test('a service a queue lets in only for its topic is named, with the key its own request carries and how to ask with it', () => {
  const jobs = queueModel({ Sid: 'FromEvents', ...fromSns({ ArnEquals: { 'aws:SourceArn': EVENTS } }) });
  const without = whoCan(jobs, { action: 'sqs:SendMessage', resource: JOBS }, { catalog });
  assert.equal(
    without.allowed.some((o) => o.requester.arn === 'sns.amazonaws.com'),
    false,
  );
  assert.equal(
    without.problems.find((p) => p.code === 'absentServiceKey')?.message,
    `sns.amazonaws.com is denied only because the request gives no aws:SourceArn, which the service's own request carries: statement FromEvents of policy of ${JOBS} allows it when its condition ArnEquals aws:SourceArn ${EVENTS} holds. Ask again with --context aws:SourceArn=${EVENTS} to see it allowed.`,
  );
  // Asked as the sentence says, the service is allowed, and nothing more is said.
  const given = whoCan(jobs, { action: 'sqs:SendMessage', resource: JOBS, context: { 'aws:SourceArn': EVENTS } }, { catalog });
  assert.ok(given.allowed.some((o) => o.requester.arn === 'sns.amazonaws.com'));
  assert.equal(
    given.problems.find((p) => p.code === 'absentServiceKey'),
    undefined,
  );
});

test('a service is said to be denied only for want of its key when that is so: one value per key, Null left out, a Deny heeded', () => {
  const said = (...statements: unknown[]): string | undefined =>
    whoCan(queueModel(...statements), { action: 'sqs:SendMessage', resource: JOBS }, { catalog }).problems.find((p) => p.code === 'absentServiceKey')?.message;
  // The same key tested twice: asked once, with the value that is no pattern, and found allowed.
  const twice = said(fromSns({ ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*' }, ArnEquals: { 'aws:SourceArn': EVENTS } }));
  assert.match(
    twice ?? '',
    /gives no aws:SourceArn, .* its conditions ArnLike aws:SourceArn arn:aws:sns:\* and ArnEquals aws:SourceArn \S+ hold\. Ask again with --context aws:SourceArn=\S+ to see it allowed\.$/,
  );
  // Null wants the key present, any value: no value to name.
  assert.equal(said(fromSns({ Null: { 'aws:SourceArn': 'false' } })), undefined);
  // A Deny of that very topic: given the key, the service is still denied, so the key is not all it lacks.
  assert.equal(said(fromSns({ ArnEquals: { 'aws:SourceArn': EVENTS } }), fromSns({ ArnEquals: { 'aws:SourceArn': EVENTS } }, 'Deny')), undefined);
  // Only a pattern: the value is the user's to write, and what then happens is not claimed.
  assert.match(
    said(fromSns({ ArnLike: { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:111111111111:*' } })) ?? '',
    /is denied, and the request gives no aws:SourceArn, .* would allow it .* Ask again with --context aws:SourceArn=VALUE \(a value it matches\) to see whether it is then allowed\.$/,
  );
});

test('who-can says that an answer rests on a key AWS always sets when a Deny on it missed an allowed principal, as simulate says', () => {
  const bucket = 'arn:aws:s3:::data';
  const text = JSON.stringify({
    accounts: {
      '111122223333': {
        users: { alice: { inlinePolicies: { read: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } } } },
        resources: {
          [bucket]: {
            policy: {
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'DenyHttp',
                  Effect: 'Deny',
                  Principal: '*',
                  Action: 's3:*',
                  Resource: [bucket, `${bucket}/*`],
                  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
                },
              ],
            },
          },
        },
      },
    },
  });
  const httpsOnly = loadModel('/w/h.iam-model.json', memoryHost({ '/w/h.iam-model.json': text })).model;
  const request = { action: 's3:GetObject', resource: `${bucket}/q1.csv` };
  const without = whoCan(httpsOnly, request, { catalog });
  assert.ok(without.allowed.some((o) => o.requester.name === 'alice'));
  assert.match(without.problems.find((p) => p.code === 'absentKeyAwsAlwaysSets')?.message ?? '', /^aws:SecureTransport is absent from this request/);
  // Given, nothing is said: over HTTPS she is allowed.
  const given = whoCan(httpsOnly, { ...request, context: { 'aws:SecureTransport': 'true' } }, { catalog });
  assert.equal(
    given.problems.find((p) => p.code === 'absentKeyAwsAlwaysSets'),
    undefined,
  );
});

test("an object's tags are the object's, not the caller's: who-can says the resource has the key, and how to ask with it", () => {
  const tagged = JSON.stringify({
    accounts: {
      '111111111111': {
        users: {
          analyst: {
            inlinePolicies: {
              read: {
                Version: '2012-10-17',
                Statement: [
                  {
                    Effect: 'Allow',
                    Action: 's3:GetObject',
                    Resource: 'arn:aws:s3:::data/*',
                    Condition: { StringEquals: { 's3:ExistingObjectTag/classification': 'internal' } },
                  },
                ],
              },
            },
          },
        },
      },
    },
  });
  const model = loadModel('/w/t.iam-model.json', memoryHost({ '/w/t.iam-model.json': tagged })).model;
  const answer = whoCan(model, { action: 's3:GetObject', resource: 'arn:aws:s3:::data/q1.csv' }, { catalog });
  const message = answer.problems.find((p) => p.code === 'absentCallerKey')?.message ?? '';
  assert.match(message, /lacks only s3:ExistingObjectTag\/classification .* the resource has it \(the model holds no value for it\)/);
  assert.doesNotMatch(message, /a caller sets/);
});

test('a principal counts as lacking only a key when the key is all it lacks: a trust policy wanting MFA of the whole account', () => {
  // The trust policy lets the account in with MFA; only alice's own policy lets her call sts:AssumeRole at all.
  const mfa = JSON.stringify({
    accounts: {
      '111111111111': {
        users: {
          alice: { inlinePolicies: { assume: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } } },
          bob: {},
          carol: {},
        },
        roles: {
          deploy: {
            trustPolicy: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { AWS: 'arn:aws:iam::111111111111:root' },
                  Action: 'sts:AssumeRole',
                  Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
                },
              ],
            },
          },
        },
      },
    },
  });
  const model = loadModel('/w/mfa.iam-model.json', memoryHost({ '/w/mfa.iam-model.json': mfa })).model;
  const answer = whoCan(model, { action: 'sts:AssumeRole', resource: 'arn:aws:iam::111111111111:role/deploy' }, { catalog });
  assert.match(answer.problems.find((p) => p.code === 'absentCallerKey')?.message ?? '', /^One principal denied lacks only aws:MultiFactorAuthPresent /);
  // A bound is not a value that meets it: NumericLessThan 3600 is asked again with a number under it.
  const recent = mfa.replace('"Bool":{"aws:MultiFactorAuthPresent":"true"}', '"NumericLessThan":{"aws:MultiFactorAuthAge":"3600"}');
  assert.notEqual(recent, mfa);
  const ageModel = loadModel('/w/age.iam-model.json', memoryHost({ '/w/age.iam-model.json': recent })).model;
  const aged = whoCan(ageModel, { action: 'sts:AssumeRole', resource: 'arn:aws:iam::111111111111:role/deploy' }, { catalog });
  assert.match(aged.problems.find((p) => p.code === 'absentCallerKey')?.message ?? '', /^One principal denied lacks only aws:MultiFactorAuthAge /);
});

test('a queue open to "*" only when aws:SourceArn is a topic is not open to anyone: only a service\'s request carries that key', () => {
  const queue = 'arn:aws:sqs:eu-west-1:111111111111:orders';
  const topic = 'arn:aws:sns:eu-west-1:111111111111:events';
  const statement = (sid: string, principal: unknown) => ({
    Sid: sid,
    Effect: 'Allow',
    Principal: principal,
    Action: 'sqs:SendMessage',
    Resource: queue,
    Condition: { ArnEquals: { 'aws:SourceArn': topic } },
  });
  const text = JSON.stringify({
    accounts: {
      '111111111111': {
        users: { alice: {} },
        resources: {
          [queue]: { policy: { Version: '2012-10-17', Statement: [statement('FromTopic', '*'), statement('FromSns', { Service: 'sns.amazonaws.com' })] } },
        },
      },
    },
  });
  const loaded = loadModel('/w/q.iam-model.json', memoryHost({ '/w/q.iam-model.json': text })).model;
  const answer = whoCan(loaded, { action: 'sqs:SendMessage', resource: queue, context: { 'aws:SourceArn': topic } }, { catalog });
  // The account's root user needs no policy in its own account; otherwise only the service, for the topic.
  assert.deepEqual(
    answer.allowed.map((o) => o.requester.arn),
    ['arn:aws:iam::111111111111:root', 'sns.amazonaws.com'],
  );
  // Not open to anyone; the answer says the key was given to service principals only.
  assert.deepEqual(
    answer.problems.map((p) => p.code),
    ['serviceOnlyKey'],
  );
  assert.match(answer.problems[0]?.message ?? '', /^aws:SourceArn is set only on a request a service makes/);
  // Asked for the service, each statement lets it in; a user asking never carries the key, so neither lets alice in.
  const alice = answer.denied.find((o) => o.requester.name === 'alice');
  assert.equal(alice?.decision, 'implicitDeny');
});

test('who-can over a role assumed with a web identity says the provider lets in whoever it issues a token to, and which claims decide', () => {
  const provider = 'arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com';
  const trust = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'GitHubDeploys',
        Effect: 'Allow',
        Principal: { Federated: provider },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
          StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:*' },
        },
      },
    ],
  };
  const text = JSON.stringify({ accounts: { '111111111111': { roles: { deploy: { trustPolicy: trust } } } } });
  const model = loadModel('/w/o.iam-model.json', memoryHost({ '/w/o.iam-model.json': text })).model;
  const answer = whoCan(model, { action: 'sts:AssumeRoleWithWebIdentity', resource: 'arn:aws:iam::111111111111:role/deploy' }, { catalog });
  const notice = answer.problems.find((p) => p.code === 'trustedProvider')?.message ?? '';
  assert.match(
    notice,
    /Statement GitHubDeploys of trust policy of role deploy trusts the identity provider arn:aws:iam::111111111111:oidc-provider\/token\.actions\.githubusercontent\.com/,
  );
  assert.match(notice, /token\.actions\.githubusercontent\.com:aud and token\.actions\.githubusercontent\.com:sub meet the statement's conditions/);
  // Another action on the role says nothing of the provider.
  const other = whoCan(model, { action: 'sts:AssumeRole', resource: 'arn:aws:iam::111111111111:role/deploy' }, { catalog });
  assert.equal(
    other.problems.find((p) => p.code === 'trustedProvider'),
    undefined,
  );
});
