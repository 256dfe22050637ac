/** Canned host answers for the panel tests: one explicit deny with a deciding statement and a near miss, one who-can. */
import type { EvaluateReply, Explanation, ModelEntities, SourceLocation, StatementTrace, WhoCanResult, WireFix } from '../../client/src/protocol/messages';

export const MODEL_URI = 'file:///ws/org.iam-model.json';
export const OTHER_MODEL_URI = 'file:///ws/other.iam-model.json';
export const POLICY_URI = 'file:///ws/org/deny-outside.policy.json';
export const ALICE = 'arn:aws:iam::111122223333:user/alice';
export const BOB = 'arn:aws:iam::111122223333:role/deployer';

export const POLICY_TEXT = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyOutsideOffice",
      "Effect": "Deny",
      "Action": "s3:*",
      "Resource": "*",
      "Condition": {
        "NotIpAddress": { "aws:SourceIp": "203.0.113.0/24" }
      }
    },
    {
      "Sid": "ReadReports",
      "Effect": "Allow",
      "Action": "s3:PutObject",
      "Resource": "arn:aws:s3:::archive/*"
    }
  ]
}
`;

/** The LSP range of the first occurrence of `needle` (after `from`) in the policy text. */
export function rangeOf(needle: string, from = 0): SourceLocation {
  const start = POLICY_TEXT.indexOf(needle, from);
  if (start < 0) throw new Error(`fixture: ${needle} not found`);
  const pos = (offset: number): { line: number; character: number } => {
    const before = POLICY_TEXT.slice(0, offset).split('\n');
    return { line: before.length - 1, character: (before[before.length - 1] ?? '').length };
  };
  return { uri: POLICY_URI, range: { start: pos(start), end: pos(start + needle.length) } };
}

function statementLocation(sid: string): SourceLocation {
  const sidAt = POLICY_TEXT.indexOf(`"Sid": "${sid}"`);
  const open = POLICY_TEXT.lastIndexOf('{', sidAt);
  let depth = 0;
  let close = open;
  for (let i = open; i < POLICY_TEXT.length; i++) {
    if (POLICY_TEXT[i] === '{') depth++;
    if (POLICY_TEXT[i] === '}' && --depth === 0) {
      close = i + 1;
      break;
    }
  }
  return rangeOf(POLICY_TEXT.slice(open, close));
}

function snippet(location: SourceLocation): { text: string; start: { line: number; character: number } } {
  const lines = POLICY_TEXT.split('\n');
  return {
    text: lines.slice(location.range.start.line, location.range.end.line + 1).join('\n'),
    start: { line: location.range.start.line, character: 0 },
  };
}

export const ENTITIES: ModelEntities = {
  modelUri: MODEL_URI,
  accounts: ['111122223333'],
  principals: [
    { arn: ALICE, kind: 'user', name: 'alice', accountId: '111122223333', label: 'alice (user, 111122223333)' },
    { arn: BOB, kind: 'role', name: 'deployer', accountId: '111122223333', label: 'deployer (role, 111122223333)' },
  ],
  resources: ['arn:aws:s3:::reports'],
  actions: ['s3:GetObject', 's3:PutObject'],
  contextKeys: [
    { key: 'aws:SourceIp', type: 'IPAddress', multiValued: false },
    { key: 'aws:SecureTransport', type: 'Bool', multiValued: false },
    { key: 'aws:TagKeys', type: 'ArrayOfString', multiValued: true },
  ],
};

const source = { name: 'DenyOutsideOffice', type: 'scp' as const, file: '/ws/org/deny-outside.policy.json', attachedTo: 'ou-prod' };
const denyLocation = statementLocation('DenyOutsideOffice');
const missLocation = statementLocation('ReadReports');

const deny: StatementTrace = {
  source,
  statementIndex: 0,
  sid: 'DenyOutsideOffice',
  effect: 'Deny',
  applies: true,
  elements: [
    { element: 'Action', matched: true, reason: 'matched', value: 's3:*' },
    { element: 'Resource', matched: true, reason: 'matched', value: '*' },
  ],
  conditions: [
    {
      operator: 'NotIpAddress',
      key: 'aws:SourceIp',
      matched: true,
      reason: 'matched',
      requestValues: ['10.1.2.3'],
      policyValues: ['203.0.113.0/24'],
      detail: '10.1.2.3 is outside 203.0.113.0/24',
    },
  ],
};

const miss: StatementTrace = {
  source: { ...source, name: 'Reports', type: 'identity' },
  statementIndex: 1,
  sid: 'ReadReports',
  effect: 'Allow',
  applies: false,
  elements: [
    { element: 'Action', matched: true, reason: 'matched', value: 's3:PutObject' },
    { element: 'Resource', matched: false, reason: 'resourceNotListed' },
  ],
  conditions: [],
};

const SUMMARY =
  'User: arn:aws:iam::111122223333:user/alice is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::reports/q1.csv with an explicit deny in a service control policy';
export const REASON =
  'Statement DenyOutsideOffice of DenyOutsideOffice (attached to ou-prod) denies s3:PutObject: aws:SourceIp 10.1.2.3 is outside 203.0.113.0/24 (NotIpAddress holds)';

/** One fix of each kind: a context value for the Deny's condition, an edit that adds the ARN to the near miss. */
export const FIXES: WireFix[] = [
  {
    title: 'Set aws:SourceIp to 203.0.113.0 in the request context → allowed',
    kind: 'context',
    edits: [],
    context: { 'aws:SourceIp': '203.0.113.0' },
    decision: 'allowed',
  },
  {
    title: 'Add arn:aws:s3:::reports/q1.csv to the Resource of statement ReadReports of Reports → allowed',
    kind: 'edit',
    edits: [{ uri: POLICY_URI, range: rangeOf('"arn:aws:s3:::archive/*"').range, newText: '["arn:aws:s3:::archive/*", "arn:aws:s3:::reports/q1.csv"]' }],
    context: {},
    decision: 'allowed',
  },
];

const DETAILS: Explanation = {
  decision: 'explicitDeny',
  summary: SUMMARY,
  reason: REASON,
  principal: ALICE,
  action: 's3:PutObject',
  resource: 'arn:aws:s3:::reports/q1.csv',
  layers: [],
  deciding: [
    {
      policy: { name: 'DenyOutsideOffice', type: 'scp', file: '/ws/org/deny-outside.policy.json', attachedTo: 'ou-prod' },
      effect: 'Deny',
      statementIndex: 0,
      sid: 'DenyOutsideOffice',
      headline: 'Statement DenyOutsideOffice of DenyOutsideOffice (attached to ou-prod) denies s3:PutObject',
      inlineText: '✖ denies s3:PutObject for alice: aws:SourceIp 10.1.2.3 is outside 203.0.113.0/24 (NotIpAddress holds)',
      reasons: [
        { element: 'Action', matched: true, sentence: "Action 's3:*' matches s3:PutObject", note: "Action 's3:*' matches s3:PutObject" },
        {
          element: 'Resource',
          matched: true,
          sentence: "Resource '*' matches arn:aws:s3:::reports/q1.csv",
          note: "Resource '*' matches arn:aws:s3:::reports/q1.csv",
        },
        {
          element: 'Condition',
          matched: true,
          sentence: 'aws:SourceIp 10.1.2.3 is outside 203.0.113.0/24 (NotIpAddress holds)',
          note: '10.1.2.3 is outside 203.0.113.0/24',
          operator: 'NotIpAddress',
          key: 'aws:SourceIp',
        },
      ],
    },
  ],
  nearMisses: [
    {
      policy: { name: 'Reports', type: 'identity', file: '/ws/org/deny-outside.policy.json' },
      effect: 'Allow',
      statementIndex: 1,
      sid: 'ReadReports',
      headline:
        "Statement ReadReports of Reports would allow s3:PutObject, but Resource does not match arn:aws:s3:::reports/q1.csv: it lists 'arn:aws:s3:::archive/*'",
      inlineText: '○ would allow s3:PutObject for alice, but Resource does not match arn:aws:s3:::reports/q1.csv',
      reasons: [
        {
          element: 'Resource',
          matched: false,
          sentence: "Resource does not match arn:aws:s3:::reports/q1.csv: it lists 'arn:aws:s3:::archive/*'",
          note: 'Resource does not match arn:aws:s3:::reports/q1.csv',
        },
      ],
    },
  ],
  errors: [],
  crossAccount: false,
};

export const EVALUATE_REPLY: EvaluateReply = {
  modelUri: MODEL_URI,
  result: {
    decision: 'explicitDeny',
    request: { principal: ALICE, action: 's3:PutObject', resource: 'arn:aws:s3:::reports/q1.csv' },
    context: { 'aws:SourceIp': '10.1.2.3' },
    // Deliberately not in AWS's order: the panel sorts them.
    layers: [
      { kind: 'identity', label: 'identity policies of alice', outcome: 'allows', policies: [] },
      { kind: 'session', label: 'session policies', outcome: 'notApplicable', policies: [] },
      { kind: 'scp', label: 'SCPs at r-root', level: 'r-root', outcome: 'allows', policies: [] },
      { kind: 'scp', label: 'SCPs at ou-prod', level: 'ou-prod', outcome: 'denies', policies: [] },
      { kind: 'boundary', label: 'permissions boundary', outcome: 'notApplicable', policies: [] },
      { kind: 'resource', label: 'resource policy of arn:aws:s3:::reports', outcome: 'notApplicable', policies: [] },
      { kind: 'rcp', label: 'RCPs', outcome: 'allows', policies: [] },
    ],
    decidingStatements: [deny],
    nearMisses: [miss],
    errors: [],
    crossAccount: false,
  },
  explanation: {
    summary: SUMMARY,
    reason: REASON,
    reasonLocation: rangeOf('"aws:SourceIp": "203.0.113.0/24"'),
    fixes: FIXES,
    locations: {
      'deciding/0': denyLocation,
      'deciding/0/reasons/2': rangeOf('"aws:SourceIp": "203.0.113.0/24"'),
      'nearMisses/0': missLocation,
      'nearMisses/0/reasons/0': rangeOf('"Resource": "arn:aws:s3:::archive/*"'),
    },
    snippets: { 'deciding/0': snippet(denyLocation), 'nearMisses/0': snippet(missLocation) },
    details: DETAILS,
    lines: [
      { text: 'Denied by DenyOutsideOffice', depth: 0, location: denyLocation },
      { text: 'NotIpAddress aws:SourceIp: 10.1.2.3 is outside 203.0.113.0/24', depth: 1 },
    ],
    markdown: '**Denied** by `DenyOutsideOffice`',
  },
  locations: {
    'decidingStatements/0': denyLocation,
    'decidingStatements/0/conditions/0': rangeOf('"aws:SourceIp": "203.0.113.0/24"'),
    'nearMisses/0': missLocation,
    'nearMisses/0/elements/1': rangeOf('"Resource": "arn:aws:s3:::archive/*"'),
  },
};

const PARTNER_NOTICE = 'Statement Partner of policy of arn:aws:s3:::reports lets account 444455556666 in: its root user, and its IAM users and roles …';

export const WHO_CAN_REPLY: WhoCanResult = {
  modelUri: MODEL_URI,
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::reports/q1.csv',
  allowed: [
    {
      principal: { arn: BOB, kind: 'role', name: 'deployer', accountId: '111122223333', label: 'deployer (role, 111122223333)' },
      decision: 'allowed',
      via: 'Deploy statement 0',
      viaLocation: rangeOf('"Sid": "ReadReports"'),
    },
  ],
  denied: [
    { principal: { arn: ALICE, kind: 'user', name: 'alice', accountId: '111122223333', label: 'alice (user, 111122223333)' }, decision: 'implicitDeny' },
  ],
  deniedCount: 1,
  // As the server sends them: `problems` holds `othersWhoCan`'s too.
  problems: ["The context key 'aws:SourceIp' holds an IP address or CIDR range: '10.1' is not one.", PARTNER_NOTICE],
  othersWhoCan: [PARTNER_NOTICE],
};
