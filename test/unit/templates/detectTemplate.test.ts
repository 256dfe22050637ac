// Which texts are read as templates: a model or an export that mentions template words (a description, a policy's
// condition value) stays a model, and a template is still found however it opens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mayBeTemplateText } from '../../../server/src/iam/templates/index';

const BUCKET = '"Resources": { "Bucket": { "Type": "AWS::S3::Bucket" } }';

test('a model or an export is never taken for a template, whatever words it holds', () => {
  assert.equal(mayBeTemplateText(`{"accounts": {}, "note": "AWSTemplateFormatVersion", ${BUCKET}}`), false);
  assert.equal(mayBeTemplateText(`\uFEFF\n  { "organization": {}, ${BUCKET}}`), false);
  assert.equal(mayBeTemplateText(`{"UserDetailList": [], ${BUCKET}}`), false);
  assert.equal(mayBeTemplateText(`{"RoleDetailList": [], "GroupDetailList": [], ${BUCKET}}`), false);
});

test('a template is found whatever its first key, and a key written with escapes is not trusted', () => {
  assert.equal(mayBeTemplateText(`{"$schema": "x", ${BUCKET}}`), true);
  assert.equal(mayBeTemplateText(`{"description": "d", ${BUCKET}}`), true);
  assert.equal(mayBeTemplateText(`{"AWSTemplateFormatVersion": "2010-09-09"}`), true);
  assert.equal(mayBeTemplateText(`{"acc\\u006funts": {}, ${BUCKET}}`), true);
  assert.equal(mayBeTemplateText(`accounts: {}\nResources:\n  B:\n    Type: AWS::S3::Bucket\n`), true);
  assert.equal(mayBeTemplateText(`{"format_version": "1.2", "planned_values": {}}`), true);
});

test('a text without template words is not a template', () => {
  assert.equal(mayBeTemplateText(`{"Version": "2012-10-17", "Statement": []}`), false);
});
