/**
 * Policy files above the large-document limit (512 KB) are read statement by statement in time slices: the answers
 * stay bounded, other documents are answered meanwhile, a superseded version publishes nothing, and the findings are
 * the ones a whole parse gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LSPErrorCodes, type Diagnostic, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver';
import { validatePolicy, ALL_RULES } from '../../../server/src/iam/validator';
import { tinyCatalog } from '../helpers/tinyCatalog';
import { offsetAt, startHarness, waitFor } from './harness';
import { MAX_SYMBOLS } from '../../../server/src/lsp/features/symbols';
import { MAX_FOLDING_RANGES } from '../../../server/src/lsp/features/folding';
import { MAX_DIAGNOSTICS } from '../../../server/src/lsp/features/diagnostics';

const BIG = 'file:///work/big.iam.json';
const SMALL = 'file:///work/small.iam.json';
const SMALL_TEXT = '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }]\n}';

/** A policy of `count` statements, each on several lines; `statement(i)` may replace any of them. */
function bigPolicy(count: number, statement: (i: number) => string | undefined = () => undefined): string {
  const statements = Array.from(
    { length: count },
    (_, i) =>
      statement(i) ??
      `    {\n      "Sid": "S${i}",\n      "Effect": "Allow",\n      "Action": ["s3:GetObject", "s3:PutObject"],\n      "Resource": "arn:aws:s3:::bucket-${i}/*"\n    }`,
  );
  return `{\n  "Version": "2012-10-17",\n  "Statement": [\n${statements.join(',\n')}\n  ]\n}\n`;
}

const symbolsOf = (h: Awaited<ReturnType<typeof startHarness>>, uri: string): Promise<DocumentSymbol[]> =>
  h.client.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });

test('the symbols of a huge policy are a bounded summary: statements by Sid, and one last entry for the rest', async () => {
  const h = await startHarness();
  try {
    const text = bigPolicy(8000);
    assert.ok(text.length > 512 * 1024);
    await h.open(BIG, text, 'iam-policy');
    const symbols = await symbolsOf(h, BIG);
    assert.equal(symbols.length, MAX_SYMBOLS);
    assert.equal(symbols[0]?.name, 'S0 (Allow)');
    assert.equal(symbols[0]?.range.start.line, 3);
    assert.ok(
      symbols.every((s) => s.children === undefined || s.children.length === 0),
      'no elements in the summary',
    );
    assert.match(symbols.at(-1)?.name ?? '', /^… 6001 more not listed/);
    const folding: FoldingRange[] = await h.client.sendRequest('textDocument/foldingRange', { textDocument: { uri: BIG } });
    assert.equal(folding.length, MAX_FOLDING_RANGES);
    assert.deepEqual(folding[1], { startLine: 3, endLine: 7 });
  } finally {
    await h.close();
  }
});

test('a large policy gets the findings a whole parse gives, at the same places, and loses them once fixed', async () => {
  const h = await startHarness();
  try {
    // A syntax error inside one statement, a comment between two, a duplicate key inside one and one at the top.
    const broken = bigPolicy(6000, (i) =>
      i === 10
        ? '    { "Sid": "Broken", "Effect": "Allow" "Action": "s3:*", "Resource": "*" }'
        : i === 20
          ? '    // between statements\n    { "Sid": "Twice", "Sid": "Again", "Effect": "Allow", "Action": "s3:*", "Resource": "*" }'
          : undefined,
    ).replace('"Version": "2012-10-17",', '"Version": "2012-10-17", "Version": "2012-10-17",');
    await h.open(BIG, broken, 'iam-policy');
    const found = await h.diagnostics(BIG);
    const cheap = ALL_RULES.filter((r) => ['jsonSyntax', 'jsonComment', 'invalidCharacter', 'duplicateKey', 'policySize'].includes(r.id));
    const whole = validatePolicy(broken, { type: 'identity', catalog: tinyCatalog(), rules: cheap }).findings;
    const at = (d: Diagnostic) => `${String(d.code)} ${offsetAt(broken, d.range.start)}-${offsetAt(broken, d.range.end)}`;
    const expected = whole.map((f) => `${f.code} ${f.span.offset}-${f.span.offset + f.span.length}`).sort();
    assert.deepEqual(
      found
        .filter((d) => d.code !== 'largeDocument')
        .map(at)
        .sort(),
      expected,
    );
    assert.ok(expected.some((e) => e.startsWith('jsonSyntax')) && expected.some((e) => e.startsWith('jsonComment')));
    assert.equal(expected.filter((e) => e.startsWith('duplicateKey')).length, 2);

    // Fixed by one edit inside the broken statement: every other statement's result is reused, and the finding goes.
    await h.change(BIG, broken.replace('"Allow" "Action"', '"Allow", "Action"'));
    const after = await h.diagnostics(BIG);
    assert.ok(!after.some((d) => d.code === 'jsonSyntax'), after.map((d) => d.message).join('\n'));
    assert.equal(after.filter((d) => d.code === 'duplicateKey').length, 2);
  } finally {
    await h.close();
  }
});

test('a request on another document is answered before a large policy finishes validating', async () => {
  const h = await startHarness();
  try {
    await h.open(SMALL, SMALL_TEXT, 'iam-policy');
    await h.diagnostics(SMALL);
    await h.open(BIG, bigPolicy(12000), 'iam-policy');
    const order: string[] = [];
    const big = h.diagnostics(BIG).then(() => order.push('big diagnostics'));
    const hover = h.hover(SMALL, { line: 2, character: 50 }).then((answer) => order.push(answer === null ? 'no hover' : 'small hover'));
    await Promise.all([big, hover]);
    assert.deepEqual(order, ['small hover', 'big diagnostics']);
  } finally {
    await h.close();
  }
});

test('a validation superseded by a newer version publishes nothing; the newer one publishes its own findings', async () => {
  const h = await startHarness({ pull: false });
  try {
    const broken = bigPolicy(8000, (i) => (i === 5 ? '    { "Sid": "Broken", "Effect": "Allow" "Action": "s3:*", "Resource": "*" }' : undefined));
    await h.open(BIG, broken, 'iam-policy');
    // Sent at once: version 1 is still being read when version 2 arrives.
    await h.change(BIG, bigPolicy(8000));
    await waitFor(() => h.published.some((p) => p.uri === BIG && p.version === 2), 30000);
    const forBig = h.published.filter((p) => p.uri === BIG);
    assert.deepEqual(
      forBig.map((p) => p.version),
      [2],
    );
    assert.ok(!forBig[0]?.diagnostics.some((d) => d.code === 'jsonSyntax'));
  } finally {
    await h.close();
  }
});

test('diagnostics are capped, and a last one says how many more there are', async () => {
  const h = await startHarness();
  try {
    const text = bigPolicy(6000, (i) => `    { "Sid": "S${i}", "Sid": "again", "Effect": "Allow", "Action": "s3:*", "Resource": "*" }`);
    await h.open(BIG, text, 'iam-policy');
    const diagnostics = await h.diagnostics(BIG);
    assert.equal(diagnostics.length, MAX_DIAGNOSTICS);
    assert.equal(diagnostics.at(-1)?.code, 'moreFindings');
    // 6,000 duplicate keys, the size quota and the large-document notice: 6,002 in all, MAX_DIAGNOSTICS - 1 shown.
    assert.match(String(diagnostics.at(-1)?.message), new RegExp(`^${6002 - (MAX_DIAGNOSTICS - 1)} more findings`));
  } finally {
    await h.close();
  }
});

test('a pull for a version that changes meanwhile is cancelled by the server with a request to ask again', async () => {
  const h = await startHarness();
  try {
    await h.open(BIG, bigPolicy(8000), 'iam-policy');
    const pull = h.diagnostics(BIG).then(
      () => 'answered',
      (error: unknown) => error as { code: number; data: unknown },
    );
    // Sent at once: the pull's version is still being read when the change arrives.
    await h.change(
      BIG,
      bigPolicy(8000, (i) => (i === 3 ? '    { "Sid": "S3", "Effect": "Allow" "Action": "s3:*", "Resource": "*" }' : undefined)),
    );
    const outcome = await pull;
    assert.notEqual(outcome, 'answered');
    assert.equal((outcome as { code: number }).code, LSPErrorCodes.ServerCancelled);
    assert.deepEqual((outcome as { data: unknown }).data, { retriggerRequest: true });
    // Asked again, it answers for the new version.
    assert.ok((await h.diagnostics(BIG)).some((d) => d.code === 'jsonSyntax'));
  } finally {
    await h.close();
  }
});

test('a large policy whose statement lost its closing brace names that statement instead of parsing the rest whole', async () => {
  const h = await startHarness();
  try {
    const text = bigPolicy(8000, (i) => (i === 5 ? '    { "Sid": "Open", "Effect": "Allow", "Action": "s3:*", "Resource": "*"' : undefined));
    await h.open(BIG, text, 'iam-policy');
    const syntax = (await h.diagnostics(BIG)).filter((d) => d.code === 'jsonSyntax');
    const named = syntax.find((d) => offsetAt(text, d.range.start) === text.indexOf('{ "Sid": "Open"'));
    assert.match(String(named?.message), /a '\}' is probably missing in it/);
    // The rest is not parsed as one statement: no finding inside the statements that follow it.
    assert.ok(
      syntax.every((d) => d === named || offsetAt(text, d.range.start) > text.lastIndexOf('"Sid"')),
      syntax.map((d) => d.message).join('\n'),
    );
  } finally {
    await h.close();
  }
});

/** A model above the large-document limit: `users` users, each with an inline policy; `policy(i)` may replace one. */
function bigModel(users: number, policy: (i: number) => string | undefined = () => undefined): string {
  const entries = Array.from(
    { length: users },
    (_, i) =>
      `"u${i}": { "inlinePolicies": { "p": ${policy(i) ?? `{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket-${i}/*" } ] }`} } }`,
  );
  return `{ "accounts": { "111111111111": { "users": {\n${entries.join(',\n')}\n} } } }\n`;
}

test('a request on another document is answered before a large model finishes validating the policies inside it', async () => {
  const h = await startHarness();
  try {
    await h.open(SMALL, SMALL_TEXT, 'iam-policy');
    await h.diagnostics(SMALL);
    const text = bigModel(8000);
    assert.ok(text.length > 1024 * 1024);
    await h.open('file:///work/big.iam-model.json', text);
    const order: string[] = [];
    const big = h.diagnostics('file:///work/big.iam-model.json').then(() => order.push('big diagnostics'));
    const hover = h.hover(SMALL, { line: 2, character: 50 }).then((answer) => order.push(answer === null ? 'no hover' : 'small hover'));
    await Promise.all([big, hover]);
    assert.deepEqual(order, ['small hover', 'big diagnostics']);
  } finally {
    await h.close();
  }
});

test('a large model read policy by policy finds what is wrong inside one, at its place, whatever is asked of it first', async () => {
  const duplicate = '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Action": "s3:PutObject", "Resource": "*" } ] }';
  // User u3 renamed "policy": an entity whatever its name, whose inline policy is read as one.
  const text = bigModel(8000, (i) => (i === 3 || i === 7000 ? duplicate : undefined)).replace('"u3": {', '"policy": {');
  for (const first of ['diagnostics', 'codeAction', 'hover'] as const) {
    const h = await startHarness();
    try {
      const uri = 'file:///work/big.iam-model.json';
      await h.open(uri, text);
      const position = { line: 7001, character: 60 };
      const asked =
        first === 'codeAction' ? h.codeActions(uri, { start: position, end: position }) : first === 'hover' ? h.hover(uri, position) : Promise.resolve();
      const [, diagnostics] = await Promise.all([asked, h.diagnostics(uri)]);
      const found = diagnostics.filter((d) => d.code === 'duplicateKey');
      assert.equal(found.length, 2, `${first} first: ${JSON.stringify(diagnostics.slice(0, 3))}`);
      for (const one of found) {
        const at = offsetAt(text, one.range.start);
        assert.equal(text.slice(at, at + '"Action": "s3:PutObject"'.length), '"Action": "s3:PutObject"', first);
      }
      assert.ok(!diagnostics.some((d) => d.code === 'timeBudget'), `${first} first`);
    } finally {
      await h.close();
    }
  }
});
