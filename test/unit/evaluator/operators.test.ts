// Unit tests for the evaluator's typed-value parsing and matching helpers: the parts the JSON cases exercise only
// through whole requests. Each asserts a behaviour a user would notice in a decision.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cidrContains, parseCidr, parseIp } from '../../../server/src/iam/evaluator/operators/IpAddress';
import { parseDate } from '../../../server/src/iam/evaluator/operators/DateCompare';
import { decodeBase64 } from '../../../server/src/iam/evaluator/operators/BinaryEquals';
import { compileArnPattern } from '../../../server/src/iam/evaluator/operators/ArnLike';
import { parseNumber } from '../../../server/src/iam/evaluator/operators/NumericCompare';
import { parseTemplate, resolveTemplate } from '../../../server/src/iam/evaluator/variables';

function inRange(cidr: string, ip: string): boolean {
  const range = parseCidr(cidr);
  const address = parseIp(ip);
  assert.ok(range, `range ${cidr}`);
  assert.ok(address, `address ${ip}`);
  return cidrContains(range, address);
}

test('IPv4 CIDR containment at prefix boundaries', () => {
  assert.equal(inRange('10.0.0.0/8', '10.255.255.255'), true);
  assert.equal(inRange('10.0.0.0/8', '11.0.0.0'), false);
  assert.equal(inRange('192.0.2.128/25', '192.0.2.127'), false);
  assert.equal(inRange('192.0.2.128/25', '192.0.2.200'), true);
  assert.equal(inRange('0.0.0.0/0', '203.0.113.9'), true);
  assert.equal(inRange('203.0.113.5', '203.0.113.5'), true);
  assert.equal(inRange('203.0.113.5', '203.0.113.6'), false);
});

test('IPv6 forms: compressed, full, loopback, v4-mapped; families never mix', () => {
  assert.equal(inRange('2001:db8::/32', '2001:0db8:ffff:0000:0000:0000:0000:0001'), true);
  assert.equal(inRange('2001:db8::/32', '2001:db9::1'), false);
  assert.equal(inRange('::1/128', '::1'), true);
  assert.equal(inRange('::/0', 'fe80::1'), true);
  assert.equal(inRange('::ffff:192.0.2.0/120', '::ffff:192.0.2.99'), true);
  assert.equal(inRange('2001:db8:abcd:12::/64', '2001:db8:abcd:12:ffff::1'), true);
  assert.equal(inRange('2001:db8:abcd:12::/64', '2001:db8:abcd:13::1'), false);
  assert.equal(inRange('0.0.0.0/0', '::1'), false);
  assert.equal(inRange('::/0', '10.0.0.1'), false);
});

test('malformed addresses and ranges are rejected, not guessed', () => {
  for (const bad of ['1.2.3.256', '1.2.3', '1.2.3.4.5', 'abc', '2001:db8:::1', '1:2:3:4:5:6:7:8:9', '', 'fe80::1%eth0']) {
    assert.equal(parseIp(bad), undefined, bad);
  }
  for (const bad of ['10.0.0.0/33', '2001:db8::/129', '10.0.0.0/x', '10.0.0.0/']) assert.equal(parseCidr(bad), undefined, bad);
});

test('dates: ISO 8601 forms and epoch seconds denote the same instants', () => {
  const t = Date.UTC(2026, 0, 31, 12, 0, 0);
  assert.equal(parseDate('2026-01-31T12:00:00Z'), t);
  assert.equal(parseDate('2026-01-31T12:00:00'), t, 'no zone means UTC');
  assert.equal(parseDate('2026-01-31T14:00:00+02:00'), t);
  assert.equal(parseDate('2026-01-31T12:00:00.000Z'), t);
  assert.equal(parseDate(String(t / 1000)), t);
  assert.equal(parseDate('2026-01-31'), Date.UTC(2026, 0, 31));
  assert.equal(parseDate('yesterday'), undefined);
  assert.equal(parseDate('2026-13-45'), undefined);
});

test('numbers: integers, decimals, signs, exponents; not words or hex', () => {
  assert.equal(parseNumber('10'), 10);
  assert.equal(parseNumber('-2.5'), -2.5);
  assert.equal(parseNumber('.5'), 0.5);
  assert.equal(parseNumber('1e3'), 1000);
  assert.equal(parseNumber('0x10'), undefined);
  assert.equal(parseNumber(''), undefined);
  assert.equal(parseNumber('ten'), undefined);
});

test('base-64 decoding compares bytes, tolerating padding and URL-safe letters', () => {
  assert.equal(decodeBase64('QmluYXJ5VmFsdWU='), decodeBase64('QmluYXJ5VmFsdWU'));
  assert.equal(decodeBase64('aGk='), '6869');
  assert.equal(decodeBase64('-_8='), decodeBase64('+/8='));
  assert.equal(decodeBase64('not base64!'), undefined);
  assert.equal(decodeBase64('a'), undefined);
});

test('ARN patterns match component by component', () => {
  const m = compileArnPattern('arn:aws:s3:::bucket/*');
  assert.equal(m('arn:aws:s3:::bucket/a/b:c'), true, '* in the resource part crosses / and :');
  assert.equal(m('arn:aws:s3:us-east-1::bucket/a'), false, 'region must be empty');
  assert.equal(compileArnPattern('*')('arn:aws:iam::111111111111:role/x'), true, 'a bare * matches any ARN');
  assert.equal(compileArnPattern('arn:aws:iam::*:role/x')('arn:aws:iam::1:2:role/x'), false);
  assert.equal(compileArnPattern('arn:aws:iam::111111111111:role/X')('arn:aws:iam::111111111111:role/x'), false, 'case-sensitive');
});

test('policy variable templates: defaults, quotes, special literals, malformed text', () => {
  const lookup = (k: string): string | undefined => ({ 'aws:username': 'alice' })[k];
  const resolve = (text: string): string => {
    const r = resolveTemplate(parseTemplate(text), lookup, false);
    return r.ok ? r.value : `missing:${r.missing}`;
  };
  assert.equal(resolve('home/${aws:username}/x'), 'home/alice/x');
  assert.equal(resolve('${ AWS:UserName }'), 'alice');
  assert.equal(resolve("${aws:PrincipalTag/team, 'it''s'}"), "it's");
  assert.equal(resolve('${aws:PrincipalTag/team}'), 'missing:aws:PrincipalTag/team');
  assert.equal(resolve('${*}${?}${$}'), '*?$');
  assert.equal(resolve('${unclosed'), '${unclosed');
  assert.equal(resolve('${two words}'), '${two words}');
  assert.equal(resolve("${k, 'x', 'y'}"), "${k, 'x', 'y'}", 'a malformed default leaves the text literal');
});
