// @ts-check
// Hostile inputs (the classes of test/hostile/): the worst case of each class the tests generate, at the sizes that
// took seconds to minutes (or hundreds of MB) before the fixes, each through the built CLI or language server in a
// fresh process with a 256 MB heap. The goal of each row is the budget the class must stay within; the tests only
// check that the work ends (they time nothing).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient } from '../scripts/lspClient.mjs';
import { missing, now, row, root } from './lib/measure.mjs';

const SECTION = 'hostile';
const CLI = join(root, 'out/bundle/cli.js');
const POLICY = (statement) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 1);
const ALICE = 'arn:aws:iam::111111111111:user/alice';

function cli(args, cwd) {
  const start = now();
  const result = spawnSync(process.execPath, ['--max-old-space-size=256', CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { ms: now() - start, code: result.status, signal: result.signal, stderr: result.stderr ?? '' };
}

function files(dir, entries) {
  for (const [name, text] of Object.entries(entries)) writeFileSync(join(dir, name), text);
}

/** One case: its CLI run, reported as wall time (process start included) against the class's budget. */
function measure(metric, budgetMs, args, cwd, expectCodes) {
  const r = cli(args, cwd);
  const ok = r.signal === null && expectCodes.includes(r.code);
  return row(
    SECTION,
    metric,
    ok ? r.ms : null,
    'ms',
    { max: budgetMs },
    ok ? `exit ${r.code}` : `exit ${r.code} ${r.signal ?? ''}: ${r.stderr.split('\n')[0]?.slice(0, 200)}`,
  );
}

async function lspKeystroke(dir) {
  // A policy just under 512 KB of wildcard lists (under the 512 KB cut-off, so every rule runs) and a small one: after an edit
  // of the big one, how long does a hover on the small one wait?
  const big = POLICY({
    Effect: 'Allow',
    Action: Array.from({ length: 7000 }, (_, i) => `s3:Get?${'?'.repeat(i % 9)}Obj*${i}*`),
    Resource: Array.from({ length: 5000 }, (_, i) => `arn:aws:s3:::b/*a${'?'.repeat(i % 40)}b*`),
  });
  const small = POLICY({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
  const client = new LspClient(process.execPath, ['--max-old-space-size=256', CLI, 'lsp', '--stdio']);
  try {
    await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} }, 30000);
    client.notify('initialized', {});
    const smallUri = `file://${dir}/small.iam.json`;
    const bigUri = `file://${dir}/big.iam.json`;
    client.notify('textDocument/didOpen', { textDocument: { uri: smallUri, languageId: 'iam-policy', version: 1, text: small } });
    const first = client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === bigUri, 60000);
    client.notify('textDocument/didOpen', { textDocument: { uri: bigUri, languageId: 'iam-policy', version: 1, text: big } });
    await first;
    const worst = [];
    for (let round = 0; round < 3; round++) {
      client.notify('textDocument/didChange', {
        textDocument: { uri: bigUri, version: round + 2 },
        contentChanges: [{ text: big.replace('"Allow"', round % 2 ? '"Allow"' : '"Allow" ') }],
      });
      // The server debounces diagnostics; the hover is sent when the validation has just started.
      await new Promise((resolve) => setTimeout(resolve, 220));
      const start = now();
      await client.request('textDocument/hover', { textDocument: { uri: smallUri }, position: { line: 5, character: 15 } }, 60000);
      worst.push(now() - start);
    }
    return row(
      SECTION,
      'lsp: a request on a small document while a 500 KB one is re-validated (worst of 3)',
      Math.max(...worst),
      'ms',
      { max: 700 },
      `per-document budget 500 ms; ${big.length} characters`,
    );
  } catch (error) {
    return missing(SECTION, 'lsp: a request on a small document while a huge one is re-validated', String(error?.message ?? error), { max: 700 });
  } finally {
    await client.shutdown();
  }
}

export async function run({ quick = false } = {}) {
  if (!existsSync(CLI)) return [missing(SECTION, 'hostile inputs', 'out/bundle/cli.js is not built')];
  const dir = mkdtempSync(join(tmpdir(), 'iam-bench-hostile-'));
  try {
    const rows = [];
    // 1. Bounded work.
    files(dir, {
      'actions.json': POLICY({ Effect: 'Allow', Action: Array.from({ length: 2000 }, (_, i) => `s3:Get${'?'.repeat(i % 7)}Obj*ect${i}*`), Resource: '*' }),
      'resources.json': POLICY({
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: Array.from({ length: 600 }, (_, i) => `arn:aws:s3:::b/*a${'?'.repeat(i)}b*`),
      }),
      'arns.json': POLICY({
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: [`arn:aws:s3:::b/${'?*'.repeat(30000)}`, `arn:aws:s3:::b/${'a*'.repeat(30000)}`],
      }),
      'm.iam-model.json': JSON.stringify({
        accounts: {
          111111111111: {
            users: {
              alice: {
                inlinePolicies: {
                  p: {
                    Version: '2012-10-17',
                    Statement: [
                      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringLike: { 'aws:userid': `*${'a?'.repeat(50000)}b*` } } },
                    ],
                  },
                },
              },
            },
          },
        },
      }),
      't.iam-test.json': JSON.stringify({
        model: './m.iam-model.json',
        tests: [
          {
            name: 'x',
            principal: ALICE,
            action: 's3:GetObject',
            resource: 'arn:aws:s3:::b/k',
            context: { 'aws:userid': 'a'.repeat(200000) },
            expect: 'implicitDeny',
          },
        ],
      }),
    });
    rows.push(measure('bounded work: check, 2,000 wildcard actions (60 KB; took 36 s and 945 MB)', 3000, ['check', 'actions.json'], dir, [0, 1]));
    rows.push(measure('bounded work: check, 600 incomparable wildcard ARNs under one prefix', 3000, ['check', 'resources.json'], dir, [0, 1]));
    rows.push(measure('bounded work: check, two 60,000-character wildcard ARNs', 3000, ['check', 'arns.json'], dir, [0, 1]));
    rows.push(measure('bounded work: test, a 100,000-character `?` pattern on a 200,000-character value', 5000, ['test', 't.iam-test.json'], dir, [0]));
    const groups = {};
    for (let i = 0; i < 200; i++) groups[`${'g'.repeat(20000)}${i}`] = {};
    let open = '';
    let close = '';
    for (let i = 1; i <= 5000; i++) {
      open += `{"id":"ou-${i}","children":[`;
      close += ']}';
    }
    files(dir, {
      'names.iam-model.json': JSON.stringify({ accounts: { 111111111111: { groups, users: { alice: { groups: ['h'.repeat(20000)] } } } } }),
      'deep.iam-model.json': `{"organization":{"id":"o-1","managementAccount":"111111111111","root":{"id":"r-1","children":[${open}{"id":"leaf","accounts":["111111111111"]}${close}]}},"accounts":{"111111111111":{}}}`,
    });
    rows.push(
      measure(
        'bounded work: who-can, did-you-mean over 200 names of 20,000 characters',
        3000,
        ['who-can', '--model', 'names.iam-model.json', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::b/k'],
        dir,
        [2],
      ),
    );
    rows.push(
      measure(
        'bounded work: who-can, an organization 5,000 levels deep',
        2000,
        ['who-can', '--model', 'deep.iam-model.json', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::b/k'],
        dir,
        [2],
      ),
    );
    if (!quick) rows.push(await lspKeystroke(dir));
    // 2. The file system.
    if (process.platform !== 'win32') {
      const tree = join(dir, 'tree');
      mkdirSync(join(tree, 'a', 'b'), { recursive: true });
      files(join(tree, 'a'), { 'p.json': POLICY({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) });
      symlinkSync('../..', join(tree, 'a', 'b', 'up'));
      symlinkSync('..', join(tree, 'a', 'b', 'parent'));
      symlinkSync('../a', join(tree, 'a', 'again'));
      rows.push(measure('file system: check, a folder with three symbolic-link loops', 2000, ['check', tree], dir, [0]));
      execFileSync('mkfifo', [join(dir, 'pipe.json')]);
      rows.push(measure('file system: test, simulate, who-can and check on a FIFO (worst)', 2000, ['test', 'pipe.json'], dir, [2]));
      rows.push(
        measure(
          'file system: simulate with the model /dev/zero',
          2000,
          ['simulate', '--model', '/dev/zero', '--principal', ALICE, '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::b/k'],
          dir,
          [2],
        ),
      );
    }
    return { rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
