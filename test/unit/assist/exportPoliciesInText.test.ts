// `check` finds an export's policies in one pass over its text, with no tree (a 56 MB export's tree is about a
// gigabyte): it must find what the tree's reading finds, with the same labels and order, however the export is
// written, and leave broken text to the tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTree } from 'jsonc-parser';
import { authorizationDetailsPolicies, isAuthorizationDetails } from '../../../server/src/iam/assist/embeddedPolicies';
import { authorizationDetailsPoliciesInText } from '../../../server/src/iam/assist/exportPoliciesInText';
import { GAAD_EXPORT, largeExport } from '../model/gaadFixture';

function fromTree(text: string, encoded: boolean) {
  const tree = parseTree(text, [], { disallowComments: false, allowTrailingComma: true, allowEmptyContent: true });
  return isAuthorizationDetails(tree) ? authorizationDetailsPolicies(tree, { encoded }) : undefined;
}

function assertSame(text: string, what: string) {
  for (const encoded of [true, false]) {
    const expected = fromTree(text, encoded);
    assert.deepEqual(authorizationDetailsPoliciesInText(text, { encoded }), expected, what);
  }
}

/** The same value with every object's keys in the opposite order: names after documents, trust before inline. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reversedKeys(v)]),
  );
}

test('the policies of an export, written as the AWS CLI writes it, compact, or with every key order reversed', () => {
  const found = authorizationDetailsPoliciesInText(JSON.stringify(GAAD_EXPORT, null, 2), { encoded: true });
  assert.ok(found && found.length >= 6, 'the fixture has policies of every kind');
  assert.ok(found.some((p) => p.encoded !== undefined) && found.some((p) => p.type === 'trust'));
  assertSame(JSON.stringify(GAAD_EXPORT, null, 2), 'as printed');
  assertSame(JSON.stringify(GAAD_EXPORT), 'compact');
  assertSame(JSON.stringify(reversedKeys(GAAD_EXPORT), null, 1), 'keys reversed');
  assertSame(largeExport(40), 'many users');
});

test('an export of odd shapes: keys written twice, values of the wrong type, documents that are not objects', () => {
  const user = (name: string, extra: Record<string, unknown> = {}) => ({
    UserName: name,
    UserPolicyList: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: [] } }, 'not an entry', 7],
    ...extra,
  });
  const texts = [
    // The first of two lists with one key is the one read, as a tree's lookup reads it.
    `{ "UserDetailList": [${JSON.stringify(user('first'))}], "UserDetailList": [${JSON.stringify(user('second'))}] }`,
    // A name written twice, a name that is a number, no name at all.
    `{ "UserDetailList": [ { "UserName": "a", "UserName": "b", "UserPolicyList": [ { "PolicyName": 3, "PolicyDocument": {} } ] }, { "UserPolicyList": [ { "PolicyDocument": {} } ] } ] }`,
    // A trust policy on a user is not one; a role's is, as an object or URL-encoded; a document that is a list or a number.
    JSON.stringify({
      UserDetailList: [user('u', { AssumeRolePolicyDocument: {} })],
      RoleDetailList: [
        { RoleName: 'r', AssumeRolePolicyDocument: '%7B%22Version%22%3A%222012-10-17%22%7D', RolePolicyList: [{ PolicyName: 'x', PolicyDocument: [] }] },
        { RoleName: 's', AssumeRolePolicyDocument: 'plain text', RolePolicyList: { PolicyName: 'not a list' } },
      ],
      GroupDetailList: 'not a list',
    }),
    // Managed policies before the lists, versions without ids, a version list that is an object.
    JSON.stringify({
      Policies: [
        { PolicyName: 'm', PolicyVersionList: [{ Document: {}, VersionId: 'v2' }, { Document: '%7B%7D' }, {}] },
        { PolicyVersionList: { Document: {} } },
      ],
      RoleDetailList: [],
    }),
    // Only managed policies: still an export.
    '{ "Policies": [ { "PolicyName": "only", "PolicyVersionList": [ { "VersionId": "v1", "Document": { "Statement": [] } } ] } ] }',
  ];
  for (const text of texts) {
    assert.ok(fromTree(text, true), `an export: ${text}`);
    assertSame(text, text);
  }
});

test('text that is no export, or not JSON that reads without error, is left to the tree', () => {
  for (const text of ['{ "Version": "2012-10-17", "Statement": [] }', '[ { "UserDetailList": [] } ]', '{ "UserDetailList": {} }', '']) {
    assert.equal(authorizationDetailsPoliciesInText(text), undefined, text);
  }
  const cut = JSON.stringify(GAAD_EXPORT, null, 2).slice(0, 2000);
  assert.equal(authorizationDetailsPoliciesInText(cut), undefined);
  assert.ok(fromTree(cut, true), 'the tree still reads what it can of it');
});
