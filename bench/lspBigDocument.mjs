// A 10 MB policy open in the language server and being edited, beside a small policy: how long a hover on the small
// one waits (p50, p95) while the big one is opened and edited, how long the big one's diagnostics take, and how large
// its document symbols and folding ranges are. `iam-policy-lab lsp --stdio` is spawned as an editor would spawn it,
// and edits are sent as an editor sends them (one character at a time, incremental sync).
//
// With IAM_BENCH_BASELINE=<another checkout, built> the same session also runs against that checkout's server, in
// the same run, so that before and after are measured side by side on the same machine at the same moment.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient } from '../scripts/lspClient.mjs';
import { median, missing, now, percentile, root, row } from './lib/measure.mjs';

const SECTION = 'lsp';
const BIG_URI = 'file:///tmp/iam-bench/big.iam.json';
const SMALL_URI = 'file:///tmp/iam-bench/small.iam.json';

/** About `bytes` of identity policy: statements with a Sid, two actions, a resource and a condition each. */
export function bigPolicy(bytes) {
  const actions = ['s3:GetObject', 's3:PutObject', 'dynamodb:Query', 'kms:Decrypt'];
  const parts = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const statement = JSON.stringify(
      {
        Sid: `S${i}`,
        Effect: 'Allow',
        Action: [actions[i % 4], actions[(i + 1) % 4]],
        Resource: [`arn:aws:s3:::bucket-${i}/*`],
        Condition: { StringEquals: { 'aws:PrincipalTag/team': `team-${i % 7}` } },
      },
      null,
      2,
    ).replace(/\n/g, '\n    ');
    parts.push(`    ${statement}`);
    size += statement.length + 6;
  }
  return `{\n  "Version": "2012-10-17",\n  "Statement": [\n${parts.join(',\n')}\n  ]\n}\n`;
}

const SMALL = JSON.stringify(
  { Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }] },
  null,
  2,
);
/** On `s3:GetObject` in SMALL. */
const SMALL_HOVER = { line: 6, character: 20 };

/** Where the value of statement `index`'s Sid starts (inside the quotes). */
function sidPosition(text, index) {
  const offset = text.indexOf(`"Sid": "S${index}"`) + '"Sid": "'.length;
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Hovers on the small policy, one after another, until `done()`; returns each answer's time. */
async function hoverUntil(client, done, limitMs) {
  const times = [];
  const started = now();
  while (!done() && now() - started < limitMs) {
    const start = now();
    const answer = await client.request('textDocument/hover', { textDocument: { uri: SMALL_URI }, position: SMALL_HOVER }, 60000);
    if (!answer) throw new Error('the small policy got no hover');
    times.push(now() - start);
    // An editor's hovers come as the pointer moves: a few each second, not back to back.
    await pause(10);
  }
  return times;
}

/** One session against the server at `checkout`; `label` names it in the rows ('' for this checkout). */
async function session(checkout, label, text, edits) {
  const cli = join(checkout, 'out/bundle/cli.js');
  if (!existsSync(cli)) return [missing(SECTION, `${label}10 MB policy`, `${cli} is not built`)];
  const client = new LspClient(process.execPath, [...(process.env.PRELOAD ? ['-r', process.env.PRELOAD] : []), cli, 'lsp', '--stdio'], { cwd: checkout });
  const rows = [];
  try {
    await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: { textDocument: { hover: { contentFormat: ['markdown'] } } } });
    client.notify('initialized', {});
    const smallReady = client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === SMALL_URI, 30000);
    client.notify('textDocument/didOpen', { textDocument: { uri: SMALL_URI, languageId: 'iam-policy', version: 1, text: SMALL } });
    await smallReady;
    // The same hovers with nothing else open: on a shared machine, the figure the others compare with.
    let quiet = 0;
    const alone = await hoverUntil(client, () => ++quiet > 40, 60000);

    // Open: the big document's first diagnostics, with hovers on the small one meanwhile.
    /** @type {any} */
    let published;
    const firstBig = client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === BIG_URI, 180000).then((m) => (published = m));
    // A failed session must not leave this wait to reject unobserved once the session is over.
    firstBig.catch(() => undefined);
    const opened = now();
    client.notify('textDocument/didOpen', { textDocument: { uri: BIG_URI, languageId: 'iam-policy', version: 1, text } });
    const openHovers = await hoverUntil(client, () => published !== undefined, 180000);
    await firstBig;
    const openMs = now() - opened;

    // Edits: one character typed into a Sid and taken out again, each followed by hovers on the small document until
    // the big one's diagnostics for that version arrive.
    const editHovers = [];
    const editDiagnostics = [];
    let version = 1;
    for (let i = 0; i < edits; i++) {
      version++;
      // An insert, then the delete of what it inserted, in statements spread over the document.
      const at = sidPosition(text, Math.floor(i / 2) * 997);
      const change =
        i % 2 === 0 ? { range: { start: at, end: at }, text: 'x' } : { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' };
      let arrived;
      const wanted = version;
      const diagnostics = client
        .waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === BIG_URI && m.params.version === wanted, 180000)
        .then((m) => (arrived = m));
      diagnostics.catch(() => undefined);
      const edited = now();
      client.notify('textDocument/didChange', { textDocument: { uri: BIG_URI, version }, contentChanges: [change] });
      editHovers.push(...(await hoverUntil(client, () => arrived !== undefined, 180000)));
      await diagnostics;
      editDiagnostics.push(now() - edited);
    }

    const symbolsStart = now();
    const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri: BIG_URI } }, 180000);
    const symbolsMs = now() - symbolsStart;
    const folding = await client.request('textDocument/foldingRange', { textDocument: { uri: BIG_URI } }, 180000);
    const megabytes = (bytes) => bytes / (1024 * 1024);
    const size = `${megabytes(text.length).toFixed(1)} MB`;
    rows.push(
      row(
        SECTION,
        `${label}hover on a small policy, nothing else open, p95`,
        percentile(alone, 0.95),
        'ms',
        undefined,
        `p50 ${median(alone).toFixed(1)} ms over ${alone.length} hovers: the machine's own noise`,
      ),
      row(
        SECTION,
        `${label}hover on a small policy while a ${size} policy is edited, p50`,
        median(editHovers),
        'ms',
        undefined,
        `${editHovers.length} hovers over ${edits} one-character edits`,
      ),
      row(
        SECTION,
        `${label}hover on a small policy while a ${size} policy is edited, p95`,
        percentile(editHovers, 0.95),
        'ms',
        { max: 50 },
        `worst ${Math.max(...editHovers).toFixed(0)} ms`,
      ),
      row(
        SECTION,
        `${label}hover on a small policy while a ${size} policy opens, p95`,
        percentile(openHovers, 0.95),
        'ms',
        undefined,
        `${openHovers.length} hovers; worst ${Math.max(...openHovers).toFixed(0)} ms (the open message itself is one 10 MB JSON read)`,
      ),
      row(
        SECTION,
        `${label}${size} policy: open to first diagnostics`,
        openMs,
        'ms',
        undefined,
        `${published.params.diagnostics.length} diagnostics: ${[...new Set(published.params.diagnostics.map((d) => d.code))].join(', ')}`,
      ),
      row(SECTION, `${label}${size} policy: an edit to its diagnostics, median`, median(editDiagnostics), 'ms', undefined, 'including the 200 ms debounce'),
      row(
        SECTION,
        `${label}${size} policy: document symbols response`,
        megabytes(JSON.stringify(symbols).length),
        'MB',
        { max: 1 },
        `${symbols.length} symbols in ${symbolsMs.toFixed(0)} ms; folding ${folding.length} ranges, ${megabytes(JSON.stringify(folding).length).toFixed(2)} MB`,
      ),
      row(SECTION, `${label}${size} policy open: server resident memory`, client.rssMb(), 'MB'),
    );
  } catch (error) {
    rows.push(missing(SECTION, `${label}10 MB policy`, `failed: ${error.message}; stderr: ${client.stderr.slice(0, 300)}`));
  } finally {
    await client.shutdown();
  }
  return rows;
}

export async function bigDocumentRows({ quick = false } = {}) {
  const text = bigPolicy(10 * 1024 * 1024);
  const edits = quick ? 4 : 20;
  const rows = await session(root, '', text, edits);
  const baseline = process.env.IAM_BENCH_BASELINE;
  if (baseline) rows.push(...(await session(baseline, 'baseline: ', text, Math.min(edits, 6))));
  return rows;
}
