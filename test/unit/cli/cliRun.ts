// Runs the built CLI bundle as a child process, as users and CI run it (shared by the simulate/test/who-can tests).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/repoRoot';

export const CLI = join(repoRoot(), 'out', 'bundle', 'cli.js');
export const EXAMPLES = join(repoRoot(), 'examples');
export const EXAMPLE_MODEL = 'organization.iam-model.json';

export function runCli(args: string[], cwd: string = EXAMPLES): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function tempWorkspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

export type Position = { line: number; character: number };
/** An edit as `--format json` writes it: the file, a zero-based range and the text that replaces it. */
export type RangeEdit = { file: string; range: { start: Position; end: Position }; newText: string };

/** The edits applied to the file's text, last first so that earlier ranges stay where they are. */
export function appliedEdits(text: string, edits: readonly RangeEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: Position) => (lineStarts[p.line] ?? text.length) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}
