// Counts in messages read as toLocaleString('en-US') writes them, without paying ICU's start-up in the server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countText } from '../../../server/src/iam/countText';

test('counts are written with thousands separators exactly as en-US does', () => {
  for (const n of [0, 7, 999, 1000, 6144, 10240, 999999, 1000000, 1234567890, -5120, -999, 2.5]) {
    assert.equal(countText(n), n.toLocaleString('en-US', { maximumFractionDigits: 20 }), String(n));
  }
});
