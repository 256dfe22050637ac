// @ts-check
// Language server benchmark (the LSP engineer's): the stdio server as an editor drives it.
//   time to first diagnostics after spawn, diagnostics and completion latency (median, p95) on a 10 KB policy,
//   resident memory once the catalog is loaded. Goals: first diagnostics < 200 ms (issue 14), diagnostics < 20 ms,
//   completion p95 < 10 ms, memory < 100 MB.
// Run alone with `node bench/lsp.mjs [--quick]` (after `node scripts/build.mjs`), or as the lsp section of
// `node bench/run.mjs`, which imports `run`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LspClient } from '../scripts/lspClient.mjs';
import { emptyProcess, median, missing, now, percentile, root, row } from './lib/measure.mjs';

const SECTION = 'lsp';
const URI = 'file:///tmp/iam-bench/policy.json';

/** About 10 KB of identity policy with realistic actions, ARNs and conditions. */
function policyText() {
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
    'iam:PassRole',
    's3:Get*',
  ];
  const statements = [];
  for (let i = 0; JSON.stringify({ Statement: statements }, null, 2).length < 9800; i++) {
    statements.push({
      Sid: `S${i}`,
      Effect: i % 6 === 5 ? 'Deny' : 'Allow',
      Action: [actions[i % actions.length], actions[(i * 5 + 3) % actions.length]],
      Resource: [`arn:aws:s3:::bucket-${i}/\${aws:username}/*`, `arn:aws:dynamodb:eu-west-1:111111111111:table/t${i}`],
      Condition: { StringEquals: { 'aws:PrincipalTag/team': `team-${i % 4}`, 'aws:RequestedRegion': 'eu-west-1' }, Bool: { 'aws:SecureTransport': 'true' } },
    });
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

function positionAt(text, offset) {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
}

async function session(pull) {
  const started = now();
  const client = new LspClient(process.execPath, [join(root, 'out/bundle/cli.js'), 'lsp', '--stdio'], { cwd: root });
  const init = await client.request('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      textDocument: { completion: { completionItem: { snippetSupport: true } }, ...(pull ? { diagnostic: {} } : {}) },
    },
  });
  client.notify('initialized', {});
  return { client, started, init };
}

export async function run({ quick = false } = {}) {
  if (!existsSync(join(root, 'out/bundle/cli.js'))) return [missing(SECTION, 'language server', 'out/bundle/cli.js is not built')];
  const samples = quick ? 20 : 100;
  const text = policyText();
  const rows = [];

  // Push session (Neovim, Helix): start to first diagnostics, then completion. A start is one sample of a noisy
  // moment (process creation alone varies by tens of milliseconds here), so the server is started several times and
  // the median is the figure; the last session goes on to the other measurements.
  const starts = [];
  /** @type {Awaited<ReturnType<typeof session>> | undefined} */
  let push;
  let published;
  for (let i = quick ? 1 : 5; i > 0; i--) {
    if (push) await push.client.shutdown();
    push = await session(false);
    const first = push.client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === URI, 15000);
    push.client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'iam-policy', version: 1, text } });
    published = await first;
    starts.push(now() - push.started);
  }
  // The loop runs at least once.
  push = /** @type {Awaited<ReturnType<typeof session>>} */ (push);
  try {
    rows.push(
      row(
        SECTION,
        'start to first diagnostics (spawn, initialize, open 10 KB), median',
        median(starts),
        'ms',
        { max: 200 },
        `${published.params.diagnostics.length} diagnostics, ${(text.length / 1024).toFixed(1)} KB; ${starts.length} starts: ${starts.map((t) => t.toFixed(0)).join(', ')} ms; ${emptyProcess()}`,
      ),
    );

    // Completion where people ask for it: an action, a condition key, a resource, a statement key.
    const offsets = [
      text.indexOf('"s3:GetObject"') + 5,
      text.indexOf('"aws:RequestedRegion"') + 6,
      text.indexOf('"arn:aws:dynamodb') + 10,
      text.indexOf('"Effect"') + 3,
    ];
    const times = [];
    let items = 0;
    for (let i = 0; i < samples + 10; i++) {
      const started = now();
      const result = await push.client.request('textDocument/completion', {
        textDocument: { uri: URI },
        position: positionAt(text, offsets[i % offsets.length]),
      });
      if (i >= 10) times.push(now() - started);
      if (i === 0) items = result?.items?.length ?? 0;
    }
    rows.push(row(SECTION, 'completion, median', median(times), 'ms', undefined, `${items} items for an s3 action`));
    rows.push(row(SECTION, 'completion, p95', percentile(times, 0.95), 'ms', { max: 10 }));
    rows.push(row(SECTION, 'resident memory, catalog loaded', push.client.rssMb(), 'MB', { max: 100 }));
  } catch (error) {
    rows.push(missing(SECTION, 'push session', `failed: ${error.message}; stderr: ${push.client.stderr.slice(0, 300)}`));
  } finally {
    await push.client.shutdown();
  }

  // Pull session (VS Code): diagnostics for each new version of the document.
  const pull = await session(true);
  try {
    let version = 1;
    pull.client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'iam-policy', version, text } });
    const times = [];
    for (let i = 0; i < samples + 10; i++) {
      pull.client.notify('textDocument/didChange', {
        textDocument: { uri: URI, version: ++version },
        contentChanges: [{ text: text.replace('"S0"', `"S0v${i}"`) }],
      });
      const started = now();
      await pull.client.request('textDocument/diagnostic', { textDocument: { uri: URI } });
      if (i >= 10) times.push(now() - started);
    }
    rows.push(row(SECTION, 'diagnostics after an edit, median', median(times), 'ms', { max: 20 }));
    rows.push(row(SECTION, 'diagnostics after an edit, p95', percentile(times, 0.95), 'ms'));
  } catch (error) {
    rows.push(missing(SECTION, 'pull session', `failed: ${error.message}`, { max: 20 }));
  } finally {
    await pull.client.shutdown();
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await run({ quick: process.argv.includes('--quick') });
  for (const r of rows) console.log(JSON.stringify(r));
}
