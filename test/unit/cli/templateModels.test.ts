// Templates as account models: a test file naming a template (through a model file that says
// where it is deployed, or directly), principals by name, simulate and who-can on what the template will deploy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from '../helpers/repoRoot';
import { runCli } from './cliRun';

const fixtures = join(repoRoot(), 'test', 'fixtures', 'templates');

test('a test file whose model is a template deployed in a named account and region', () => {
  const run = runCli(['test', 'sam-app.iam-test.json'], fixtures);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /4 tests passed, 0 failed/);
  assert.equal(run.stderr, '', 'names that are unique in the model are not reported as unknown principals');
});

test('simulate on a template named directly: the default account, a principal by name', () => {
  const run = runCli(['simulate', '--model', 'sam-app.yaml', '--principal', 'app-reader', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::app-data-prod/a.txt', '--format', 'json'], fixtures);
  assert.equal(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout) as { decision: string; explanation: { principal: string } };
  // The inline policy misspells s3:GetObject (GetObjects), so the role will not read objects once deployed.
  assert.equal(out.decision, 'implicitDeny');
  assert.equal(out.explanation.principal, 'arn:aws:iam::123456789012:role/app-reader');
});

test('a name that is not in the model is bad usage, with the reason', () => {
  const run = runCli(['simulate', '--model', 'sam-app.yaml', '--principal', 'nobody', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::b/a'], fixtures);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /no user or role of the model is named 'nobody'/);
});

test('who-can on a template: the SAM function role through its policy template, the queue policy of a JSON template', () => {
  const sam = runCli(['who-can', '--model', 'sam-app.yaml', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::app-data-prod/a.txt'], fixtures);
  assert.equal(sam.code, 0, sam.stderr);
  assert.match(sam.stdout, /role\/FnRole/);
  assert.doesNotMatch(sam.stdout, /role\/app-reader/);
  const queue = runCli(['simulate', '--model', 'role.template.json', '--principal', 'arn:aws:iam::123456789012:root', '--action', 'sqs:SendMessage', '--resource', 'arn:aws:sqs:us-east-1:123456789012:jobs-dev'], fixtures);
  assert.equal(queue.code, 0, queue.stderr);
  // The queue policy sits on the ARN derived from the queue's name (Fn::Sub over a parameter default).
  assert.match(queue.stdout, /resource-based policy of arn:aws:sqs:us-east-1:123456789012:jobs-dev: no statement allows sqs:SendMessage/);
});

test('a Terraform folder as a model: the role from aws_iam_role, its policy attached through aws_iam_role_policy', () => {
  const terraform = join(fixtures, 'terraform');
  const allowed = runCli(['simulate', '--model', '.', '--principal', 'app-reader', '--action', 's3:ListBucket', '--resource', 'arn:aws:s3:::acme-reports', '--format', 'json'], terraform);
  assert.equal(allowed.code, 0, allowed.stderr);
  assert.equal((JSON.parse(allowed.stdout) as { decision: string }).decision, 'allowed');
  // The policy misspells s3:GetObject, so reading objects stays denied once deployed.
  const denied = runCli(['simulate', '--model', 'main.tf', '--principal', 'app-reader', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::acme-reports/a.csv', '--format', 'json'], terraform);
  assert.equal((JSON.parse(denied.stdout) as { decision: string }).decision, 'implicitDeny');
});

test('a model file that deploys a Terraform folder in a named account', () => {
  const dir = join(fixtures, 'terraform');
  const run = runCli(['test', join('..', 'terraform-account.iam-test.json')], dir);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /2 tests passed, 0 failed/);
});

test('a service principal on a template-built model: the queue policy lets SNS send from the template\'s topic', () => {
  const args = ['simulate', '--model', 'role.template.json', '--principal', 'sns.amazonaws.com', '--action', 'sqs:SendMessage', '--resource', 'arn:aws:sqs:us-east-1:123456789012:jobs-dev', '--format', 'json'];
  // The topic has no name in the template: the model names it by its logical id, and so does its ARN.
  const fromTopic = runCli([...args, '--context', 'aws:SourceArn=arn:aws:sns:us-east-1:123456789012:Topic'], fixtures);
  assert.equal(fromTopic.code, 0, fromTopic.stderr);
  assert.equal((JSON.parse(fromTopic.stdout) as { decision: string }).decision, 'allowed');
  const fromElsewhere = runCli([...args, '--context', 'aws:SourceArn=arn:aws:sns:us-east-1:999999999999:other'], fixtures);
  assert.notEqual((JSON.parse(fromElsewhere.stdout) as { decision: string }).decision, 'allowed');
});
