import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import type { Diagnostic } from 'vscode-languageserver';
import { repoRoot } from '../helpers/repoRoot';

test('`iam-policy-lab lsp --stdio` speaks LSP as a separate process: initialize, didOpen, diagnostics, shutdown, exit', async () => {
  const child = spawn(process.execPath, [join(repoRoot(), 'out/bundle/cli.js'), 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const client = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const diagnostics = new Promise<Diagnostic[]>((resolve) => {
    client.onNotification('textDocument/publishDiagnostics', (params: { diagnostics: Diagnostic[] }) => resolve(params.diagnostics));
  });
  client.listen();
  try {
    const init: { capabilities: Record<string, unknown>; serverInfo?: { name: string } } = await client.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
    });
    assert.equal(init.serverInfo?.name, 'iam-policy-lab');
    assert.ok(init.capabilities['completionProvider']);
    await client.sendNotification('initialized', {});
    await client.sendNotification('textDocument/didOpen', {
      textDocument: {
        uri: 'file:///tmp/policy.json',
        languageId: 'iam-policy',
        version: 1,
        text: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObjekt","Resource":"*"}]}',
      },
    });
    const items = await diagnostics;
    assert.ok(
      items.some((d) => d.code === 'unknownAction'),
      JSON.stringify(items),
    );
    await client.sendRequest('shutdown');
    await client.sendNotification('exit');
    assert.equal(await exited, 0, stderr);
  } finally {
    client.dispose();
    child.kill();
  }
});
