/**
 * The language server's handlers, in memory (the LSP engineer's test harness: `startServer` over a JSON-RPC stream
 * pair), fed mutated documents and a random sequence of editor requests at random positions. The server promises
 * that a handler never fails: its guard logs the error and answers a neutral value. So a crash here is an error
 * response, or an error the guard logged ("… failed: <stack>"), or a server that stops answering.
 */
import type { Position } from 'vscode-languageserver';
import { startHarness, type Harness } from '../unit/lsp/harness';
import type { Prng } from './prng';
import { InvariantError, policyInput, type FuzzCorpus, type FuzzTarget } from './targets';
import { mutateText } from './mutators';

export type LspOperation =
  | { readonly kind: 'completion' | 'hover' | 'codeActions'; readonly offset: number }
  | { readonly kind: 'diagnostics' | 'symbols' | 'folding' | 'formatting' }
  | { readonly kind: 'change'; readonly text: string };

export interface LspInput {
  readonly uri: string;
  readonly languageId: string;
  readonly text: string;
  readonly operations: readonly LspOperation[];
}

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, Math.max(0, offset));
  const line = before.split('\n').length - 1;
  const character = offset - (before.lastIndexOf('\n') + 1);
  // Past the end on purpose now and then: editors send stale positions after quick edits.
  return offset > text.length ? { line: line + (offset - text.length), character } : { line, character };
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

let harness: Promise<Harness> | undefined;

export const lspTarget: FuzzTarget<LspInput> & { dispose(): Promise<void> } = {
  name: 'lsp',
  generate(rng: Prng, corpus: FuzzCorpus): LspInput {
    const models = Object.keys(corpus.examples).filter((p) => p.endsWith('.iam-model.json') || p.endsWith('.iam-test.json'));
    const asModel = models.length > 0 && rng.chance(0.15);
    const source = asModel ? rng.pick(models) : undefined;
    const text = source !== undefined ? mutateText(corpus.examples[source] ?? '', rng).text : policyInput(rng, corpus).text;
    const uri = source !== undefined ? `file://${source}` : `file:///fuzz/doc${rng.int(0, 3)}${rng.pick(['.iam.json', '.policy.json', '.json'])}`;
    const operations: LspOperation[] = [];
    let current = text;
    for (let i = rng.int(1, 8); i > 0; i--) {
      const kind = rng.pick([
        'completion',
        'completion',
        'hover',
        'hover',
        'codeActions',
        'diagnostics',
        'symbols',
        'folding',
        'formatting',
        'change',
      ] as const);
      if (kind === 'change') {
        current = mutateText(current, rng).text;
        operations.push({ kind, text: current });
      } else if (kind === 'completion' || kind === 'hover' || kind === 'codeActions') {
        operations.push({ kind, offset: rng.chance(0.95) ? rng.int(0, current.length) : current.length + rng.int(1, 5) });
      } else {
        operations.push({ kind });
      }
    }
    return { uri, languageId: rng.pick(['iam-policy', 'json', 'jsonc']), text, operations };
  },
  async run(input, corpus) {
    harness ??= startHarness({ catalog: corpus.catalog, files: corpus.examples as Record<string, string> });
    const h = await harness;
    const logsBefore = h.logs.length;
    // URIs repeat across inputs (opened, used, closed): the server must not carry state from one life to the next.
    const uri = input.uri;
    let text = input.text;
    await h.open(uri, text, input.languageId);
    try {
      for (const operation of input.operations) {
        switch (operation.kind) {
          case 'completion':
            await h.completion(uri, positionAt(text, operation.offset));
            break;
          case 'hover':
            await h.hover(uri, positionAt(text, operation.offset));
            break;
          case 'codeActions': {
            // As VS Code does: the range at the caret, with the diagnostics that touch it.
            const position = positionAt(text, operation.offset);
            const all = h.initializeResult.capabilities.diagnosticProvider ? await h.diagnostics(uri) : [];
            const touching = all.filter((d) => before(d.range.start, position) && before(position, d.range.end));
            await h.codeActions(uri, { start: position, end: position }, touching);
            break;
          }
          case 'diagnostics':
            if (h.initializeResult.capabilities.diagnosticProvider) await h.diagnostics(uri);
            break;
          case 'symbols':
            await h.client.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
            break;
          case 'folding':
            await h.client.sendRequest('textDocument/foldingRange', { textDocument: { uri } });
            break;
          case 'formatting':
            await h.client.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
            break;
          case 'change':
            text = operation.text;
            await h.change(uri, text);
            break;
        }
      }
    } finally {
      await h.client.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
    const logged = h.logs.slice(logsBefore).filter((l) => l.includes('failed'));
    if (logged.length > 0) throw new InvariantError(`the server's guard caught a handler failure:\n${logged[0]}`);
  },
  async dispose() {
    const h = harness;
    harness = undefined;
    if (h) await (await h).close();
  },
};
