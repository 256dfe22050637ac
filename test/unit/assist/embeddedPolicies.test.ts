// How VS Code's client recognises an authorization-details export without parsing megabytes: it must agree with the
// server, which requires one of the detail lists at the top level.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTree } from 'jsonc-parser';
import { isAuthorizationDetails, looksLikeAuthorizationDetailsText } from '../../../server/src/iam/assist/embeddedPolicies';

const cases: [string, boolean][] = [
  ['{\n  "UserDetailList": [],\n  "Policies": []\n}', true],
  ['{ "Policies": [], "RoleDetailList": [ { "RoleName": "r" } ] }', true],
  ['{ "snapshot": { "RoleDetailList": [] } }', false],
  ['{ "note": "\\"RoleDetailList\\": [", "x": 1 }', false],
  ['[ { "UserDetailList": [] } ]', false],
  ['{ "Version": "2012-10-17", "Statement": [] }', false],
];

test('the text check agrees with the server on exports and look-alikes', () => {
  for (const [text, expected] of cases) {
    assert.equal(looksLikeAuthorizationDetailsText(text), expected, text);
    assert.equal(isAuthorizationDetails(parseTree(text)), expected, `server: ${text}`);
  }
});
