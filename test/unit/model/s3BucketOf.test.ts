// A request on an S3 object finds the bucket's entry in the model (its policy, its account) through s3BucketOf.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { s3BucketOf } from '../../../server/src/iam/arn';

test('an S3 object ARN names its bucket; anything else names none', () => {
  const cases: [string, string | undefined][] = [
    ['arn:aws:s3:::reports/q1.csv', 'arn:aws:s3:::reports'],
    ['arn:aws:s3:::reports/2026/q1:final.csv', 'arn:aws:s3:::reports'],
    ['arn:aws-cn:s3:::reports/q1.csv', 'arn:aws-cn:s3:::reports'],
    // A region where S3 writes none is dropped from the bucket's ARN; an account makes it something else.
    ['arn:aws:s3:eu-west-1::reports/q1.csv', 'arn:aws:s3:::reports'],
    ['arn:aws:s3:eu-west-1:111111111111:accesspoint/reports', undefined],
    ['arn:aws:s3::111111111111:reports/q1.csv', undefined],
    ['arn:aws:s3:::reports', undefined],
    ['arn:aws:s3:::', undefined],
    ['arn:aws:s3', undefined],
    ['arn:aws:sqs:::reports/q1.csv', undefined],
    ['arn:aws:s3x:::reports/q1.csv', undefined],
    ['xarn:aws:s3:::reports/q1.csv', undefined],
    ['*', undefined],
    ['', undefined],
  ];
  for (const [arn, bucket] of cases) assert.equal(s3BucketOf(arn), bucket, arn);
});
