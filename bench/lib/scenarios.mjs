// @ts-check
// Generated evaluation scenarios, each expressed twice from one description: as our account model
// (*.iam-model.json text, docs/formats.md, section 2) plus request, and as an @cloud-copilot/iam-simulate `Simulation`.
// Only features both engines claim to support are generated (identity policies, permissions boundaries, SCP paths,
// resource policies, same- and cross-account, global condition keys), and every context key a policy reads is passed
// explicitly to both, so a disagreement is a real difference in evaluation, not in defaults.
import { Prng } from './prng.mjs';

const ACCOUNT = '111111111111';
const OTHER = '222222222222';
const ORG_ID = 'o-bench12345';

/** Requests with a resource of the right type for the action, so iam-simulate's input validation accepts them. */
const ACTIONS = [
  { action: 's3:GetObject', resource: (b, _a) => `arn:aws:s3:::${b}/reports/q1.csv`, family: 's3', rp: true },
  { action: 's3:PutObject', resource: (b, _a) => `arn:aws:s3:::${b}/uploads/x.bin`, family: 's3', rp: true },
  { action: 's3:ListBucket', resource: (b, _a) => `arn:aws:s3:::${b}`, family: 's3', rp: true },
  { action: 'sqs:SendMessage', resource: (b, a) => `arn:aws:sqs:eu-west-1:${a}:${b}`, family: 'sqs', rp: true },
  { action: 'dynamodb:GetItem', resource: (b, a) => `arn:aws:dynamodb:eu-west-1:${a}:table/${b}`, family: 'dynamodb', rp: false },
  { action: 'lambda:InvokeFunction', resource: (b, a) => `arn:aws:lambda:eu-west-1:${a}:function:${b}`, family: 'lambda', rp: true },
  { action: 'ec2:DescribeInstances', resource: () => '*', family: 'ec2', rp: false },
];

const FAMILY_PATTERNS = {
  s3: ['s3:*', 's3:Get*', 's3:*Object', 's3:List*', 's3:Put*', 's3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:?etObject'],
  sqs: ['sqs:*', 'sqs:Send*', 'sqs:SendMessage', 'sqs:ReceiveMessage'],
  dynamodb: ['dynamodb:*', 'dynamodb:Get*', 'dynamodb:GetItem', 'dynamodb:Query'],
  lambda: ['lambda:*', 'lambda:Invoke*', 'lambda:InvokeFunction', 'lambda:GetFunction'],
  ec2: ['ec2:*', 'ec2:Describe*', 'ec2:DescribeInstances', 'ec2:RunInstances'],
};

const TEAMS = ['red', 'blue', 'green'];
const REGIONS = ['eu-west-1', 'us-east-1'];
const IPS = ['10.1.2.3', '203.0.113.9', '198.51.100.7'];

function resourcePatterns(rng, target) {
  const options = ['*', target];
  if (target.startsWith('arn:aws:s3:::')) {
    const bucket = target.slice(13).split('/')[0];
    options.push(
      `arn:aws:s3:::${bucket}/*`,
      `arn:aws:s3:::${bucket}*`,
      'arn:aws:s3:::other-bucket/*',
      `arn:aws:s3:::${bucket}/\${aws:username}/*`,
      `arn:aws:s3:::${bucket}/reports/*`,
    );
  } else if (target !== '*') {
    const cut = target.lastIndexOf(target.includes('table/') ? '/' : ':');
    options.push(`${target.slice(0, cut + 1)}*`, target.replace(ACCOUNT, '*').replace(OTHER, '*'), `${target.slice(0, cut + 1)}other`);
  }
  const items = rng.sample(options, rng.int(1, 2));
  return items.length === 1 && rng.chance(0.5) ? items[0] : items;
}

function actionPatterns(rng, family) {
  const own = FAMILY_PATTERNS[family];
  const other = FAMILY_PATTERNS[rng.pick(Object.keys(FAMILY_PATTERNS))];
  const items = [];
  for (let i = rng.int(1, 3); i > 0; i--) items.push(rng.chance(0.75) ? rng.pick(own) : rng.chance(0.2) ? '*' : rng.pick(other));
  const unique = [...new Set(items)];
  return unique.length === 1 ? unique[0] : unique;
}

/** A condition over keys the request always carries (explicitly), matching or not at random. */
function condition(rng, context) {
  const conditions = {};
  for (let i = rng.int(1, 2); i > 0; i--) {
    switch (rng.int(0, 9)) {
      case 0:
        (conditions.StringEquals ??= {})['aws:PrincipalTag/team'] = rng.chance(0.5) ? context['aws:PrincipalTag/team'] : rng.sample(TEAMS, 2);
        break;
      case 1:
        (conditions.StringLike ??= {})['aws:PrincipalTag/team'] = rng.pick(['r*', 'b?ue', '*', 'gr*n']);
        break;
      case 2:
        (conditions.IpAddress ??= {})['aws:SourceIp'] = rng.pick(['10.0.0.0/8', '203.0.113.0/24', ['198.51.100.0/24', '10.1.0.0/16']]);
        break;
      case 3:
        (conditions.NotIpAddress ??= {})['aws:SourceIp'] = rng.pick(['10.0.0.0/8', '192.0.2.0/24']);
        break;
      case 4:
        (conditions.Bool ??= {})['aws:SecureTransport'] = rng.pick(['true', 'false']);
        break;
      case 5:
        (conditions.StringNotEquals ??= {})['aws:RequestedRegion'] = rng.sample(REGIONS, rng.int(1, 2));
        break;
      case 6:
        (conditions.BoolIfExists ??= {})['aws:MultiFactorAuthPresent'] = rng.pick(['true', 'false']);
        break;
      case 7:
        (conditions.DateGreaterThan ??= {})['aws:CurrentTime'] = rng.pick(['2020-01-01T00:00:00Z', '2030-01-01T00:00:00Z']);
        break;
      case 8:
        (conditions.StringEquals ??= {})['aws:PrincipalOrgID'] = rng.pick([ORG_ID, 'o-other000000']);
        break;
      default:
        (conditions.Null ??= {})['aws:MultiFactorAuthAge'] = rng.pick(['true', 'false']);
    }
  }
  return conditions;
}

function statement(rng, { family, target, context, principal }) {
  const s = { Effect: rng.chance(0.85) ? 'Allow' : 'Deny' };
  if (rng.chance(0.1)) s.NotAction = actionPatterns(rng, rng.pick(Object.keys(FAMILY_PATTERNS)));
  else s.Action = actionPatterns(rng, family);
  if (rng.chance(0.08)) s.NotResource = resourcePatterns(rng, target);
  else s.Resource = resourcePatterns(rng, target);
  if (principal !== undefined) s.Principal = principal;
  if (rng.chance(0.45)) s.Condition = condition(rng, context);
  return s;
}

function policy(rng, facts, count) {
  return { Version: '2012-10-17', Statement: Array.from({ length: count }, () => statement(rng, facts)) };
}

function allowOnly(doc) {
  for (const s of doc.Statement) s.Effect = 'Allow';
  return doc;
}

const FULL_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** One scenario: the model text, the request for our evaluator and the Simulation for iam-simulate. */
function scenario(rng, index) {
  const spec = rng.pick(ACTIONS);
  const isUser = rng.chance(0.6);
  const name = `${isUser ? 'user' : 'app'}${index}`;
  const principal = `arn:aws:iam::${ACCOUNT}:${isUser ? 'user' : 'role'}/${name}`;
  const crossAccount = spec.rp && rng.chance(0.3);
  const resourceAccount = crossAccount ? OTHER : ACCOUNT;
  const target = spec.resource(`res${rng.int(0, 3)}`, resourceAccount);
  const inOrg = rng.chance(0.6);

  const context = {
    'aws:PrincipalTag/team': rng.pick(TEAMS),
    'aws:SourceIp': rng.pick(IPS),
    'aws:SecureTransport': rng.pick(['true', 'false']),
    'aws:RequestedRegion': rng.pick(REGIONS),
    'aws:CurrentTime': '2026-06-01T12:00:00Z',
    'aws:PrincipalOrgID': inOrg ? ORG_ID : 'o-none0000000',
    ...(rng.chance(0.5) ? { 'aws:MultiFactorAuthPresent': rng.pick(['true', 'false']), 'aws:MultiFactorAuthAge': '300' } : {}),
    ...(isUser ? { 'aws:username': name } : {}),
  };
  const facts = { family: spec.family, target, context };
  const identity = Array.from({ length: rng.int(1, 3) }, () => policy(rng, facts, rng.int(1, 4)));
  const boundary = rng.chance(0.35) ? policy(rng, facts, rng.int(1, 2)) : undefined;
  let resourcePolicy;
  if (spec.rp && (crossAccount || rng.chance(0.5))) {
    const who = rng.pick([{ AWS: principal }, { AWS: `arn:aws:iam::${ACCOUNT}:root` }, { AWS: ACCOUNT }, '*', { AWS: `arn:aws:iam::${OTHER}:role/someone` }]);
    resourcePolicy = policy(rng, { ...facts, principal: who }, rng.int(1, 3));
    for (const s of resourcePolicy.Statement)
      if (s.NotResource) {
        s.Resource = target;
        delete s.NotResource;
      }
  }
  // SCP path root → OU → account: FullAWSAccess at every level unless replaced, plus the odd guard-rail Deny.
  let scpLevels = [];
  if (inOrg) {
    scpLevels = ['r-root', 'ou-bench', ACCOUNT].map((id) => {
      const policies = rng.chance(0.9) ? [{ name: 'FullAWSAccess', policy: FULL_ACCESS }] : [{ name: `Allow-${id}`, policy: allowOnly(policy(rng, facts, 1)) }];
      if (rng.chance(0.12)) {
        const guard = policy(rng, facts, 1);
        guard.Statement[0].Effect = 'Deny';
        policies.push({ name: `Guard-${id}`, policy: guard });
      }
      return { id, policies };
    });
  }

  const policyDefs = {};
  if (boundary) policyDefs.Boundary = boundary;
  const inline = Object.fromEntries(identity.map((doc, i) => [`p${i}`, doc]));
  /** @type {Record<string, unknown>} */
  const entity = { inlinePolicies: inline, ...(boundary ? { permissionsBoundary: 'Boundary' } : {}) };
  if (!isUser)
    entity.trustPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  const resourceEntry = {
    [target.startsWith('arn:aws:s3:::') ? `arn:aws:s3:::${target.slice(13).split('/')[0]}` : target]: resourcePolicy ? { policy: resourcePolicy } : {},
  };
  const accounts = {
    [ACCOUNT]: {
      policies: policyDefs,
      ...(isUser ? { users: { [name]: entity } } : { roles: { [name]: entity } }),
      ...(crossAccount || target === '*' ? {} : { resources: resourceEntry }),
    },
    ...(crossAccount ? { [OTHER]: { resources: resourceEntry } } : {}),
  };
  const model = { accounts };
  if (inOrg) {
    const orgPolicies = {};
    for (const level of scpLevels) for (const p of level.policies) orgPolicies[p.name] = p.policy;
    const [rootLevel, ouLevel, accountLevel] = scpLevels;
    model.organization = {
      id: ORG_ID,
      managementAccount: '999999999999',
      policies: orgPolicies,
      root: {
        id: rootLevel.id,
        scps: rootLevel.policies.map((p) => p.name),
        rcps: [],
        accounts: ['999999999999'],
        children: [
          {
            id: ouLevel.id,
            scps: ouLevel.policies.map((p) => p.name),
            rcps: [],
            children: [],
            accounts: [{ id: ACCOUNT, scps: accountLevel.policies.map((p) => p.name), rcps: [] }],
          },
        ],
      },
    };
  }

  const request = { principal, action: spec.action, resource: target, context };
  const simulation = {
    request: { principal, action: spec.action, resource: { resource: target, accountId: resourceAccount }, contextVariables: context },
    identityPolicies: identity.map((doc, i) => ({ name: `p${i}`, policy: doc })),
    serviceControlPolicies: scpLevels.map((level) => ({ orgIdentifier: level.id, policies: level.policies })),
    resourceControlPolicies: [],
    ...(resourcePolicy ? { resourcePolicy } : {}),
    ...(boundary ? { permissionBoundaryPolicies: [{ name: 'Boundary', policy: boundary }] } : {}),
  };
  return { index, modelText: JSON.stringify(model, null, 2), request, simulation };
}

/** `count` scenarios from a fixed seed: the same list on every run, so results compare across runs. */
export function generateScenarios(count, seed = 7) {
  const rng = new Prng(seed);
  return Array.from({ length: count }, (_, i) => scenario(rng.fork(), i));
}
