import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  dateValueKind,
  formatAddress,
  isBase64Value,
  isBoolValue,
  isNumericValue,
  isPrivateRange,
  networkAddress,
  parseIpRange,
} from '../../../server/src/iam/validator/conditionValues';

test('booleans and numbers', () => {
  assert.equal(isBoolValue('TRUE'), true);
  assert.equal(isBoolValue('yes'), false);
  assert.equal(isNumericValue('-2.5'), true);
  assert.equal(isNumericValue('10'), true);
  assert.equal(isNumericValue('1e3'), false);
  assert.equal(isNumericValue('ten'), false);
});

test('dates: ISO 8601 and epoch are valid, date-like text is loose', () => {
  assert.equal(dateValueKind('2026-01-31'), 'valid');
  assert.equal(dateValueKind('2026-01-31T12:00:00.5+01:00'), 'valid');
  assert.equal(dateValueKind('1767225600'), 'valid');
  assert.equal(dateValueKind('2026-13-01'), 'invalid');
  assert.equal(dateValueKind('2026/1/31'), 'loose');
  assert.equal(dateValueKind('tomorrow'), 'invalid');
});

test('base-64', () => {
  assert.equal(isBase64Value('aGVsbG8='), true);
  assert.equal(isBase64Value('aGVsbG8'), false);
  assert.equal(isBase64Value(''), false);
});

test('IP ranges: IPv4, IPv6, bare addresses, and malformed input', () => {
  assert.deepEqual([...(parseIpRange('203.0.113.0/24')?.bytes ?? [])], [203, 0, 113, 0]);
  assert.equal(parseIpRange('203.0.113.9')?.prefix, 32);
  assert.equal(parseIpRange('203.0.113.9')?.bare, true);
  assert.equal(parseIpRange('2001:db8::/32')?.v6, true);
  assert.equal(parseIpRange('::ffff:192.0.2.1')?.bytes[15], 1);
  for (const bad of ['203.0.113.300', '203.0.113.0/33', '1.2.3', '2001:db8:::1', 'a.b.c.d', '2001:db8::/129']) {
    assert.equal(parseIpRange(bad), undefined, bad);
  }
});

test('network address and formatting', () => {
  const r = parseIpRange('203.0.113.9/24');
  assert.ok(r);
  assert.equal(formatAddress(networkAddress(r), false), '203.0.113.0');
  const v6 = parseIpRange('2001:db8::1/32');
  assert.ok(v6);
  assert.equal(formatAddress(networkAddress(v6), true), '2001:db8::');
});

test('private ranges', () => {
  const range = (s: string) => {
    const r = parseIpRange(s);
    assert.ok(r, s);
    return r;
  };
  assert.equal(isPrivateRange(range('10.1.0.0/16')), true);
  assert.equal(isPrivateRange(range('172.31.255.255')), true);
  assert.equal(isPrivateRange(range('172.32.0.0/16')), false);
  assert.equal(isPrivateRange(range('0.0.0.0/0')), false);
  assert.equal(isPrivateRange(range('fd00::/8')), true);
  assert.equal(isPrivateRange(range('2001:db8::/32')), false);
});
