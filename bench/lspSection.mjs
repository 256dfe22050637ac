// @ts-check
// The language-server section: the LSP engineer's bench/lsp.mjs (start to first diagnostics, completion,
// diagnostics after an edit, memory), plus hover latency from bench/lspBench.mjs, which lsp.mjs does not measure,
// and a 10 MB policy open and edited beside a small one (bench/lspBigDocument.mjs).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { missing, root } from './lib/measure.mjs';
import { bigDocumentRows } from './lspBigDocument.mjs';
import { hoverRows } from './lspBench.mjs';

export async function run(options) {
  const rows = [];
  const theirs = join(root, 'bench/lsp.mjs');
  const mod = existsSync(theirs) ? await import(pathToFileURL(theirs).href) : undefined;
  if (typeof mod?.run === 'function') rows.push(...(await mod.run(options)));
  else rows.push(missing('lsp', 'first diagnostics, completion, memory', 'bench/lsp.mjs (exporting run) is missing'));
  if (!rows.some((r) => /hover/i.test(r.metric))) rows.push(...(await hoverRows(options)));
  rows.push(...(await bigDocumentRows(options)));
  return rows;
}
