// Class 5 of the hostile inputs: protocol hygiene. The language server over real stdio meets broken frames; in
// memory it meets formatting options, initialize parameters and initialization options of the wrong type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { CLI, HARD_TIMEOUT_MS, HEAP_MB } from './bounded';
import { startHarness } from '../unit/lsp/harness';

function frame(body: unknown): string {
  const text = JSON.stringify(body);
  return `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`;
}

const INITIALIZE = frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });

function lastId(input: string): number {
  const ids = [...input.matchAll(/"id":(\d+)/g)].map((m) => Number(m[1]));
  return ids[ids.length - 1] ?? -1;
}

/** Starts `lsp --stdio`, writes `input`, and resolves with how the process ended (killed by the hard timer if never). */
function serve(input: string, then?: string): Promise<{ code: number | null; killed: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, CLI, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    let told = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      // Once the last request is answered the server is told to exit: a live server ends the test, a deaf one the timer.
      if (!told && then !== undefined && stdout.includes(`"id":${lastId(then)},`)) {
        told = true;
        child.stdin.write(frame({ jsonrpc: '2.0', method: 'exit' }));
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, HARD_TIMEOUT_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, killed, stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.write(input);
    if (then !== undefined) setTimeout(() => child.stdin.write(then), 200);
  });
}

for (const [what, broken] of [
  ['a Content-Length that is not a number', 'Content-Length: abc\r\n\r\n{}'],
  ['a header without Content-Length', 'Content-Type: application/json\r\n\r\n{}'],
] as const) {
  test(`${what} ends the server with a message instead of leaving it deaf`, async () => {
    const result = await serve(broken, INITIALIZE);
    assert.equal(result.killed, false, 'still running at the hard timeout');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /iam-policy-lab lsp: stopping: the input is not LSP framing/);
  });
}

test('a body that is not JSON is skipped: the next request is answered', async () => {
  const result = await serve('Content-Length: 5\r\n\r\n{"a":', INITIALIZE);
  assert.equal(result.killed, false);
  assert.match(result.stdout, /"id":1,"result":\{"capabilities"/);
});

test('formatting with a tabSize of 10^8 leaves the document alone instead of exhausting memory', async () => {
  const h = await startHarness();
  try {
    const uri = 'file:///work/p.json';
    await h.open(uri, '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}');
    for (const options of [
      { tabSize: 1e8, insertSpaces: true },
      { tabSize: -1, insertSpaces: true },
      { tabSize: 2.5, insertSpaces: true },
      { tabSize: 2, insertSpaces: 'yes' },
    ]) {
      const edits: unknown[] = await h.client.sendRequest('textDocument/formatting', { textDocument: { uri }, options });
      assert.deepEqual(edits, [], JSON.stringify(options));
    }
    const edits: unknown[] = await h.client.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } });
    assert.ok(edits.length > 0, 'valid options still format');
  } finally {
    await h.close();
  }
});

test('initialization options are type-checked: the string "false" does not make a workspace trusted', async () => {
  const model = '{ "accounts": {}, "bogus": 1 }';
  for (const trusted of ['false', 'true', 0, 1, null]) {
    const h = await startHarness({ initializationOptions: { trusted }, files: { '/work/a.iam-model.json': model } });
    try {
      await h.open('file:///work/a.iam-model.json', model);
      // An untrusted server does not load the model, so its unknown key is not reported.
      assert.deepEqual(await h.diagnostics('file:///work/a.iam-model.json'), [], `trusted: ${JSON.stringify(trusted)}`);
    } finally {
      await h.close();
    }
  }
});

test('a malformed initialize is answered through the same guard as every handler, and the server stays up', async () => {
  // A rootUri that is not a string makes the handler throw; the guard logs it with its context and answers.
  const bad = frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: 42, capabilities: {} } });
  const result = await serve(bad, INITIALIZE.replace('"id":1', '"id":2'));
  assert.equal(result.killed, false);
  assert.match(result.stdout, /IAM Policy Lab: initialize failed/);
  assert.match(result.stdout, /"id":1,"error"/);
  assert.match(result.stdout, /"id":2,"result":\{"capabilities"/);
});
