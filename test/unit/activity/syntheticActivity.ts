// A made-up account of many principals and a CloudTrail log of what each did, built from a seed: for the
// generate proof at scale. Calls are drawn from what each principal's policies allow (they succeed in the log); each
// principal also has one call AWS denied, outside its policies.
import { loadModel } from '../../../server/src/iam/model/loadModel';
import type { LoadedModel } from '../../../server/src/iam/model/modelTypes';
import { memoryHost } from '../model/memoryHost';
import { seededRandom } from '../../fuzz/prng';

export const ACCOUNT = '123456789012';

/** The calls a principal may make: event source, event name, how to name the resource in the record. */
interface CallKind {
  readonly source: string;
  readonly name: string;
  readonly service: string;
  readonly params: (r: () => number, principal: number) => Record<string, unknown>;
}

const BUCKETS = ['data-0', 'data-1', 'data-2', 'reports'];
const TABLES = ['Orders', 'Items', 'Users'];
const QUEUES = ['jobs', 'events', 'dead-letters'];
const FUNCTIONS = ['resize', 'notify', 'ingest'];
const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;

const KINDS: readonly CallKind[] = [
  {
    source: 's3.amazonaws.com',
    name: 'GetObject',
    service: 's3',
    params: (r, p) => ({ bucketName: pick(r, BUCKETS), key: `team-${p % 7}/file-${Math.floor(r() * 6)}.csv` }),
  },
  {
    source: 's3.amazonaws.com',
    name: 'PutObject',
    service: 's3',
    params: (r, p) => ({ bucketName: pick(r, BUCKETS), key: `team-${p % 7}/out-${Math.floor(r() * 3)}.json` }),
  },
  { source: 's3.amazonaws.com', name: 'ListObjectsV2', service: 's3', params: (r) => ({ bucketName: pick(r, BUCKETS), prefix: 'team-' }) },
  { source: 's3.amazonaws.com', name: 'HeadObject', service: 's3', params: (r, p) => ({ bucketName: pick(r, BUCKETS), key: `team-${p % 7}/file-0.csv` }) },
  { source: 'dynamodb.amazonaws.com', name: 'GetItem', service: 'dynamodb', params: (r) => ({ tableName: pick(r, TABLES), key: { id: { S: '1' } } }) },
  { source: 'dynamodb.amazonaws.com', name: 'Query', service: 'dynamodb', params: (r) => ({ tableName: pick(r, TABLES) }) },
  { source: 'dynamodb.amazonaws.com', name: 'PutItem', service: 'dynamodb', params: (r) => ({ tableName: pick(r, TABLES) }) },
  {
    source: 'sqs.amazonaws.com',
    name: 'SendMessage',
    service: 'sqs',
    params: (r) => ({ queueUrl: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/${pick(r, QUEUES)}` }),
  },
  {
    source: 'sqs.amazonaws.com',
    name: 'ReceiveMessage',
    service: 'sqs',
    params: (r) => ({ queueUrl: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/${pick(r, QUEUES)}` }),
  },
  {
    source: 'lambda.amazonaws.com',
    name: 'Invoke',
    service: 'lambda',
    params: (r) => ({ functionName: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:${pick(r, FUNCTIONS)}` }),
  },
  { source: 'lambda.amazonaws.com', name: 'GetFunction20150331v2', service: 'lambda', params: (r) => ({ functionName: pick(r, FUNCTIONS) }) },
  { source: 'monitoring.amazonaws.com', name: 'PutMetricData', service: 'cloudwatch', params: () => ({ namespace: 'App' }) },
  { source: 'sts.amazonaws.com', name: 'GetCallerIdentity', service: 'sts', params: () => ({}) },
];

/** Managed policies: each grants some services on "*"; principals get one or two. */
const POLICIES: Record<string, readonly string[]> = {
  Storage: ['s3:*', 'dynamodb:*'],
  Messaging: ['sqs:*', 'lambda:*', 'cloudwatch:PutMetricData'],
  Everything: ['*'],
  ReadMostly: ['s3:Get*', 's3:List*', 's3:PutObject', 'dynamodb:GetItem', 'dynamodb:Query', 'sqs:ReceiveMessage'],
};

export interface Synthetic {
  readonly model: LoadedModel;
  /** The log, as CloudTrail delivers it. */
  readonly log: string;
  /** The user and role ARNs, in order. */
  readonly principals: readonly string[];
}

export function syntheticActivity(count: number, seed = 7): Synthetic {
  const r = seededRandom(seed);
  const users: Record<string, unknown> = {};
  const roles: Record<string, unknown> = {};
  const principals: string[] = [];
  const granted: string[][] = [];
  const names = Object.keys(POLICIES);
  for (let i = 0; i < count; i++) {
    const policies = [pick(r, names)];
    if (r() < 0.3) policies.push(pick(r, names));
    granted.push(policies.flatMap((p) => POLICIES[p] as string[]));
    if (i % 2 === 0) {
      users[`user-${i}`] = { policies };
      principals.push(`arn:aws:iam::${ACCOUNT}:user/user-${i}`);
    } else {
      roles[`role-${i}`] = {
        path: i % 3 === 0 ? '/app/' : '/',
        policies,
        trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] },
      };
      principals.push(`arn:aws:iam::${ACCOUNT}:role${i % 3 === 0 ? '/app/' : '/'}role-${i}`);
    }
  }
  const policyDocs = Object.fromEntries(names.map((n) => [n, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: POLICIES[n], Resource: '*' }] }]));
  const model = { accounts: { [ACCOUNT]: { policies: policyDocs, users, roles } } };
  const loaded = loadModel('/synthetic/model.iam-model.json', memoryHost({ '/synthetic/model.iam-model.json': JSON.stringify(model) }));
  if (loaded.diagnostics.some((d) => d.severity === 'error')) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));

  const records: unknown[] = [];
  let time = Date.UTC(2026, 10, 2, 8);
  for (let i = 0; i < count; i++) {
    const arn = principals[i] as string;
    const isRole = arn.includes(':role/');
    const mfa = isRole && i % 5 === 1 ? 'true' : 'false';
    const identity = isRole
      ? {
          type: 'AssumedRole',
          arn: `arn:aws:sts::${ACCOUNT}:assumed-role/role-${i}/session-${i}`,
          accountId: ACCOUNT,
          sessionContext: { sessionIssuer: { type: 'Role', arn, accountId: ACCOUNT }, attributes: { mfaAuthenticated: mfa } },
        }
      : { type: 'IAMUser', arn, accountId: ACCOUNT, userName: `user-${i}` };
    const allowedKinds = KINDS.filter(
      (k) => k.service === 'sts' || (granted[i] as string[]).some((g) => g === '*' || actionMatches(g, `${k.service}:${actionName(k)}`)),
    );
    const calls = 10 + Math.floor(r() * 30);
    for (let c = 0; c < calls; c++) {
      const kind = pick(r, allowedKinds);
      records.push(cloudTrailRecord(identity, kind.source, kind.name, kind.params(r, i), (time += 1000)));
    }
    // One call outside the principal's policies, which AWS denied.
    records.push({
      ...cloudTrailRecord(identity, 's3.amazonaws.com', 'DeleteBucket', { bucketName: 'reports' }, (time += 1000)),
      errorCode: 'AccessDenied',
      errorMessage: 'Access Denied',
    });
  }
  return { model: loaded.model, log: JSON.stringify({ Records: records }), principals };
}

function cloudTrailRecord(userIdentity: unknown, eventSource: string, eventName: string, requestParameters: unknown, time: number): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity,
    eventTime: new Date(time).toISOString(),
    eventSource,
    eventName,
    awsRegion: 'eu-west-1',
    sourceIPAddress: '198.51.100.20',
    userAgent: 'aws-sdk-js/3',
    requestParameters,
    eventType: 'AwsApiCall',
    recipientAccountId: ACCOUNT,
    tlsDetails: { tlsVersion: 'TLSv1.3' },
  };
}

/** The IAM action of a call kind, as the event table maps it (only the names this generator uses). */
function actionName(kind: CallKind): string {
  const names: Record<string, string> = {
    ListObjectsV2: 'ListBucket',
    HeadObject: 'GetObject',
    Invoke: 'InvokeFunction',
    GetFunction20150331v2: 'GetFunction',
  };
  return names[kind.name] ?? kind.name;
}

function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
  return regex.test(action);
}
