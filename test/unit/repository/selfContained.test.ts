// A user's clone is all there is: no comment, doc or test may send a reader to a file outside the repository (a
// specification kept elsewhere, a developer's home folder), since nobody who clones the project can open it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/repoRoot';

// Built from parts so that this file does not match itself. The in-memory test harness's made-up paths
// (`/work/policy.json`) are not machine paths; a real checkout's folders are.
const OUTSIDE: readonly RegExp[] = [
  ['\\.\\./shared/'],
  ['/work/', '(shared|main)\\b'],
  ['evaluation-', 'logic\\.md'],
  ['contracts', '\\.md'],
  ['validation-', 'checks\\.md'],
  ['ARCHITECTURE', '\\.md'],
  // A home folder at the start of a path (not the `home/` prefix of an S3 key in an ARN).
  ['(^|[\\s\'"(`])/(home|Users)', '/'],
].map((parts) => new RegExp(parts.join('')));

test('no tracked file points at a file outside the repository or at a path of a developer machine', () => {
  const root = repoRoot();
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file !== '' && !/\.(png|jpg|gz|vsix)$/.test(file));
  assert.ok(files.length > 100, `expected the repository's files, got ${files.length}`);
  const found: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(join(root, file), 'utf8');
    } catch {
      continue; // deleted in the working tree but still in the index
    }
    text.split('\n').forEach((line, index) => {
      if (OUTSIDE.some((pattern) => pattern.test(line))) found.push(`${file}:${index + 1}: ${line.trim().slice(0, 120)}`);
    });
  }
  assert.deepEqual(found, []);
});
