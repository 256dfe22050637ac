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
