// @ts-check
// Hover latency on a 10 KB policy, the one language-server figure bench/lsp.mjs (the language-server engineer's,
// which measures everything else) does not take. Spawns `iam-policy-lab lsp --stdio` as an editor would.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient } from '../scripts/lspClient.mjs';
import { median, percentile, row, missing, root, now } from './lib/measure.mjs';

const SECTION = 'lsp';
const URI = 'file:///tmp/iam-bench/hover.iam.json';

/** About 10 KB of policy with actions, ARNs, operators and condition keys to hover over. */
export function tenKilobytePolicy() {
  const actions = [
    's3:GetObject',
    's3:PutObject',
    's3:ListBucket',
    'dynamodb:GetItem',
    'dynamodb:Query',
    'sqs:SendMessage',
    'kms:Decrypt',
    'logs:PutLogEvents',
    'ec2:DescribeInstances',
    'lambda:InvokeFunction',
  ];
  const statements = [];
  for (let i = 0; JSON.stringify({ Statement: statements }, null, 2).length < 9800; i++) {
    statements.push({
      Sid: `Statement${i}`,
      Effect: i % 5 === 4 ? 'Deny' : 'Allow',
      Action: [actions[i % actions.length], actions[(i * 3 + 1) % actions.length]],
      Resource: [`arn:aws:s3:::bucket-${i}/*`, `arn:aws:dynamodb:eu-west-1:111111111111:table/t${i}`],
      Condition: { StringEquals: { 'aws:PrincipalTag/team': `team-${i % 4}` }, IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } },
    });
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

function position(text, offset) {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
}

export async function hoverRows({ quick = false } = {}) {
  if (!existsSync(join(root, 'out/bundle/cli.js'))) return [missing(SECTION, 'hover', 'out/bundle/cli.js is not built')];
  const text = tenKilobytePolicy();
  const samples = quick ? 20 : 100;
  const client = new LspClient(process.execPath, [join(root, 'out/bundle/cli.js'), 'lsp', '--stdio'], { cwd: root });
  try {
    await client.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } } },
    });
    client.notify('initialized', {});
    client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'iam-policy', version: 1, text } });
    // An action, a condition operator, a condition key and an ARN: the hovers people use.
    const at = [
      text.lastIndexOf('"s3:GetObject"') + 4,
      text.lastIndexOf('"StringEquals"') + 3,
      text.lastIndexOf('"aws:SourceIp"') + 5,
      text.lastIndexOf('"arn:aws:s3:::') + 8,
    ].map((o) => position(text, o));
    const times = [];
    let answered = 0;
    for (let i = 0; i < samples + 10; i++) {
      const started = now();
      const result = await client.request('textDocument/hover', { textDocument: { uri: URI }, position: at[i % at.length] });
      if (i >= 10) times.push(now() - started);
      if (i < at.length && result) answered++;
    }
    return [
      row(SECTION, 'hover, median', median(times), 'ms', undefined, `${answered} of ${at.length} positions answered (action, operator, key, ARN)`),
      row(SECTION, 'hover, p95', percentile(times, 0.95), 'ms'),
    ];
  } catch (error) {
    return [missing(SECTION, 'hover', `failed: ${error.message}; stderr: ${client.stderr.slice(0, 300)}`)];
  } finally {
    await client.shutdown();
  }
}
