// The CloudTrail fixtures of test/activity (written for these tests from the documented record format) and the
// examples model they were recorded against.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel } from '../../../server/src/iam/model/loadModel';
import type { LoadedModel } from '../../../server/src/iam/model/modelTypes';
import { loadManagedPolicyStore } from '../../../server/src/node/managedPolicyFiles';
import { createNodeModelHost } from '../../../server/src/node/modelFiles';
import { repoRoot } from '../helpers/repoRoot';

export const ACTIVITY = join(repoRoot(), 'test', 'activity');
export const EXAMPLES_MODEL = join(repoRoot(), 'examples', 'organization.iam-model.json');

export function fixtureText(name: string): string {
  return readFileSync(join(ACTIVITY, name), 'utf8');
}

let examples: LoadedModel | undefined;

export function examplesModel(): LoadedModel {
  if (!examples) {
    const { model, diagnostics } = loadModel(EXAMPLES_MODEL, createNodeModelHost(loadManagedPolicyStore()));
    if (diagnostics.some((d) => d.severity === 'error')) throw new Error(diagnostics.map((d) => d.message).join('\n'));
    examples = model;
  }
  return examples;
}

/** One CloudTrail record with the fields every test repeats; `fields` overrides or adds. */
export function record(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    eventTime: '2026-11-02T09:00:00Z',
    awsRegion: 'eu-west-1',
    sourceIPAddress: '192.0.2.10',
    userAgent: 'aws-cli/2.17.0',
    eventType: 'AwsApiCall',
    recipientAccountId: '111111111111',
    tlsDetails: { tlsVersion: 'TLSv1.3' },
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/alice', accountId: '111111111111', userName: 'alice' },
    ...fields,
  };
}
