// The simulator panel's reducer: what the form holds, what a run does to it, what survives a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildContext, initialState, missingInput, reduce, revive, toTestCase, type PanelState } from '../../../client/src/webview/state';
import { ENTITIES, EVALUATE_REPLY, MODEL_URI } from '../../webview/fixtures';

const models = [{ uri: MODEL_URI, label: 'org.iam-model.json', configured: false }];

function ready(): PanelState {
  let s = reduce(initialState(), { type: 'init', trusted: true, models });
  s = reduce(s, { type: 'modelLoaded', entities: ENTITIES });
  return s;
}

test('init picks the model the host suggests, else the first, and keeps a choice that still exists', () => {
  assert.equal(reduce(initialState(), { type: 'init', trusted: true, models }).modelUri, MODEL_URI);
  const chosen = reduce(initialState(), { type: 'selectModel', uri: 'file:///other.iam-model.json' });
  const again = reduce(chosen, { type: 'init', trusted: true, models: [...models, { uri: 'file:///other.iam-model.json', label: 'o', configured: false }] });
  assert.equal(again.modelUri, 'file:///other.iam-model.json');
  assert.equal(reduce(initialState(), { type: 'init', trusted: true, models: [] }).modelUri, undefined);
});

test('the form says what is missing before it can run, and an untrusted workspace cannot run at all', () => {
  let s = ready();
  assert.equal(missingInput(s), 'Choose a principal.');
  s = reduce(s, { type: 'setField', field: 'principal', value: ENTITIES.principals[0]?.arn ?? '' });
  assert.match(missingInput(s) ?? '', /action/);
  s = reduce(s, { type: 'setField', field: 'action', value: 's3:GetObject' });
  s = reduce(s, { type: 'setField', field: 'resource', value: '*' });
  assert.equal(missingInput(s), undefined);
  assert.equal(reduce(s, { type: 'setMode', mode: 'whoCan' }).form.principal, s.form.principal, 'mode keeps the form');
  assert.match(missingInput(reduce(s, { type: 'init', trusted: false, models })) ?? '', /not trusted/);
});

test('context rows: keys are added once, multi-valued keys split on commas, empty keys are dropped', () => {
  let s = reduce(ready(), { type: 'addContext', keys: ['aws:SourceIp', 'aws:TagKeys'] });
  s = reduce(s, { type: 'addContext', keys: ['AWS:SOURCEIP'] });
  assert.deepEqual(
    s.form.context.map((r) => r.key),
    ['aws:SourceIp', 'aws:TagKeys'],
  );
  s = reduce(s, { type: 'addContext', keys: [] });
  s = reduce(s, { type: 'setContextValue', index: 0, value: ' 10.1.2.3 ' });
  s = reduce(s, { type: 'setContextValue', index: 1, value: 'a, b,,c' });
  assert.deepEqual(
    buildContext(s.form.context, (k) => k === 'aws:TagKeys'),
    { 'aws:SourceIp': '10.1.2.3', 'aws:TagKeys': ['a', 'b', 'c'] },
  );
  // A key left without a value (as "Simulate with this statement" prefills them) is absent from the request.
  s = reduce(s, { type: 'setContextValue', index: 0, value: '  ' });
  assert.deepEqual(
    buildContext(s.form.context, (k) => k === 'aws:TagKeys'),
    { 'aws:TagKeys': ['a', 'b', 'c'] },
  );
  s = reduce(s, { type: 'removeContext', index: 0 });
  assert.deepEqual(
    s.form.context.map((r) => r.key),
    ['aws:TagKeys', ''],
  );
});

test('a run is remembered in the history (newest first, no duplicates) and becomes a test with its decision', () => {
  let s = reduce(ready(), {
    type: 'prefill',
    prefill: { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:PutObject', resource: 'arn:aws:s3:::reports/q1.csv' },
  });
  s = reduce(s, { type: 'runStarted' });
  assert.equal(s.busy, true);
  s = reduce(s, { type: 'evaluated', reply: EVALUATE_REPLY });
  s = reduce(s, { type: 'runStarted' });
  s = reduce(s, { type: 'evaluated', reply: EVALUATE_REPLY });
  assert.equal(s.busy, false);
  assert.equal(s.history.length, 1);
  assert.equal(s.history[0]?.outcome, 'explicitDeny');
  assert.deepEqual(toTestCase(s, { 'aws:SourceIp': '10.1.2.3' }), {
    name: 'alice cannot s3:PutObject on arn:aws:s3:::reports/q1.csv',
    principal: 'arn:aws:iam::111122223333:user/alice',
    action: 's3:PutObject',
    resource: 'arn:aws:s3:::reports/q1.csv',
    expect: 'explicitDeny',
    context: { 'aws:SourceIp': '10.1.2.3' },
  });
  const failed = reduce(s, { type: 'runFailed', error: 'boom' });
  assert.equal(failed.result, undefined);
  assert.equal(toTestCase(failed, {}), undefined);
});

test('a saved state comes back, minus a run that was in flight; anything else starts afresh', () => {
  const s = reduce(reduce(ready(), { type: 'setField', field: 'action', value: 's3:GetObject' }), { type: 'runStarted' });
  const back = revive(JSON.parse(JSON.stringify(s)));
  assert.equal(back.form.action, 's3:GetObject');
  assert.equal(back.busy, false);
  assert.deepEqual(revive(undefined), initialState());
  assert.deepEqual(revive({ version: 99 }), initialState());
});
