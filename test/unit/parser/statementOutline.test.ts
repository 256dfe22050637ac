import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePolicy, StatementOutliner, type StatementOutline } from '../../../server/src/iam/parser';

function outline(text: string, tokensPerStep = 3): StatementOutline {
  const outliner = new StatementOutliner(text);
  // Small steps: the scan must resume exactly where it stopped.
  while (!outliner.step(tokensPerStep));
  return outliner.outline();
}

/** The parser's statements, as spans: what the outline must agree with. */
function parsedSpans(text: string): { offset: number; length: number }[] {
  return (parsePolicy(text).document?.statements ?? []).map((s) => ({ offset: s.span.offset, length: s.span.length }));
}

const cases: Record<string, string> = {
  'a statement array': `{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:*","Resource":"*"},\n {"Effect":"Deny","NotAction":["iam:*"],"Resource":"*"}]}`,
  'a single statement object': `{"Statement":{"Sid":"One","Effect":"Allow","Action":"s3:GetObject","Resource":"*"},"Version":"2012-10-17"}`,
  'braces and quotes inside strings': `{"Statement":[{"Sid":"x{y}[z]\\"}","Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::b/{}"},{"Effect":"Allow","Action":"a:b","Resource":"*"}]}`,
  'comments with brackets': `{ // a comment with { and [\n "Statement": [ /* } ] */ {"Effect":"Allow","Action":"s3:*","Resource":"*"} ] }`,
  'nested values and a Sid that is not a string': `{"Statement":[{"Sid":1,"Effect":"Allow","Condition":{"StringEquals":{"k":["a","{"]}},"Action":"s3:*","Resource":"*"}]}`,
  'a later Statement replaces an earlier one': `{"Statement":[{"Sid":"Old","Effect":"Allow"}],"Version":"2012-10-17","Statement":[{"Sid":"New","Effect":"Deny"}]}`,
  'Statement keys deeper than the top level are not statements': `{"Id":{"Statement":[{"Sid":"no"}]},"Statement":[{"Sid":"yes","Effect":"Allow"}]}`,
  'items that are not objects': `{"Statement":["s3:*",{"Sid":"Only","Effect":"Allow"},42]}`,
};

for (const [name, text] of Object.entries(cases)) {
  test(`the outline finds the statements the parser finds: ${name}`, () => {
    assert.deepEqual(
      outline(text).statements.map((s) => s.span),
      parsedSpans(text),
    );
  });
}

test('the outline names each statement by its Sid and Effect when they are strings', () => {
  const found = outline(cases['a statement array'] as string).statements;
  assert.deepEqual(
    found.map((s) => [s.sid, s.effect]),
    [
      ['A', 'Allow'],
      [undefined, 'Deny'],
    ],
  );
  assert.equal(outline(cases['braces and quotes inside strings'] as string).statements[0]?.sid, 'x{y}[z]\\"}');
  assert.equal(outline(cases['nested values and a Sid that is not a string'] as string).statements[0]?.sid, undefined);
  assert.equal(outline(cases['a later Statement replaces an earlier one'] as string).statements[0]?.sid, 'New');
});

test('an unfinished statement is left out, and the root spans the whole object', () => {
  const text = '{"Statement":[{"Sid":"Done","Effect":"Allow"},{"Sid":"Typing","Effect":"Al';
  const found = outline(text);
  assert.deepEqual(
    found.statements.map((s) => s.sid),
    ['Done'],
  );
  assert.deepEqual(found.root, { offset: 0, length: text.length });
  assert.deepEqual(found.unclosed, { offset: text.indexOf('{"Sid":"Typing"'), length: 1 });
  assert.equal(outline(cases['a statement array'] as string).unclosed, undefined);
  assert.deepEqual(outline('[1, 2]').root, undefined);
});
