// @ts-check
// Makes out/bundle/cli-main.cache, the V8 code cache that out/bundle/cli.js (server/src/cli/startWithCodeCache.ts)
// runs the command line's bundle with. The cache holds what a process compiled, so it is written at the end of a
// short language-server session like an editor's first moments: initialize, open a policy, its diagnostics, a
// completion and a hover, shutdown. Any failure here only costs the speed-up: the cache is removed and the build goes on.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient } from './lspClient.mjs';

const URI = 'file:///code-cache/warm-up.iam.json';
const POLICY = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: ['arn:aws:s3:::example-bucket', 'arn:aws:s3:::example-bucket/*'] },
      { Sid: 'Tls', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      {
        Effect: 'Allow',
        Action: ['ec2:DescribeInstances', 'dynamodb:GetItem'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
      },
    ],
  },
  null,
  2,
);

export async function writeCliCodeCache(bundleDirectory) {
  const entry = join(bundleDirectory, 'cli.js');
  const cache = join(bundleDirectory, 'cli-main.cache');
  rmSync(cache, { force: true });
  if (!existsSync(entry)) return;
  const client = new LspClient(process.execPath, [entry, 'lsp', '--stdio'], { env: { ...process.env, IAM_POLICY_LAB_WRITE_CODE_CACHE: '1' } });
  try {
    await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} }, 20000);
    client.notify('initialized', {});
    const diagnostics = client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === URI, 20000);
    client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'iam-policy', version: 1, text: POLICY } });
    await diagnostics;
    const at = (text) => {
      const offset = POLICY.indexOf(text) + 3;
      const before = POLICY.slice(0, offset);
      return { line: before.split('\n').length - 1, character: offset - before.lastIndexOf('\n') - 1 };
    };
    await client.request('textDocument/completion', { textDocument: { uri: URI }, position: at('"s3:GetObject"') }, 20000);
    await client.request('textDocument/hover', { textDocument: { uri: URI }, position: at('"s3:ListBucket"') }, 20000);
  } catch (error) {
    console.warn(`build: no code cache for the command line (${error.message}); it starts without one`);
  } finally {
    await client.shutdown();
  }
  // The entry writes the cache as its process exits; a cache from a failed session is not kept.
  if (existsSync(cache) && readFileSync(cache).length < 1024) rmSync(cache, { force: true });
}
