// Runs every table-driven validator case in test/cases/validator/<ruleId>/*.json against the real catalog.
//
// Case file format (the contract every rule author writes to):
//   { "description": "…", "type": "identity" | … | "auto",
//     "policy": <the document>            (validated as JSON.stringify(policy, null, 2)), or
//     "text": "<raw text>"                (when the document must be malformed),
//     "expect": [ { "code": "<ruleId>", "severity"?: "error", "awsCode"?: "…",
//                   "range"?: { "start": { "line": 0, "character": 0 }, "end": { … } } } ],
//     "expectNot"?: ["<ruleId>", …],
//     "expectType"?: "<the type auto must infer>",
//     "source"?: "<the AWS documentation page the case follows>" }
// An expectation may add `"messageIncludes": "…"` (words its message must contain) and `"fixed": <document>`: applying the finding's first fix to the text must give valid JSON
// (comments allowed) equal to that document, keeping every comment of the text (so a quick fix is checked by what the user gets, not by its offsets).
// Lines and characters are zero-based. Every expectation must be met by a distinct finding. Findings of the folder's
// own rule must all be expected (so a case that expects none of them is a near miss asserting the rule stays quiet).
// Findings of other rules are ignored unless they are listed in expect or expectNot. An internal error always fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { validatePolicy } from '../../../server/src/iam/validator/validatePolicy';
import { ALL_RULES } from '../../../server/src/iam/validator/rules/index';
import { LineIndex } from '../../../server/src/iam/span';
import { commentsIn } from '../../../server/src/iam/textLayout';
import type { Finding } from '../../../server/src/iam/findings';
import { isPolicyType } from '../../../server/src/iam/policyTypes';
import type { PolicyTypeOption } from '../../../server/src/iam/policyTypes';
import { repoRoot } from '../helpers/repoRoot';
import { realCatalog } from '../helpers/realCatalog';

interface Position {
  line: number;
  character: number;
}
interface Expectation {
  code: string;
  severity?: string;
  awsCode?: string;
  range?: { start: Position; end: Position };
  fixed?: unknown;
  /** Words the message must contain (for rules whose wording depends on the statement). */
  messageIncludes?: string;
}
interface Case {
  description: string;
  type: PolicyTypeOption;
  text: string;
  expect: Expectation[];
  expectNot: string[];
  expectType?: string;
}

const casesRoot = join(repoRoot(), 'test', 'cases', 'validator');
const folders = existsSync(casesRoot)
  ? readdirSync(casesRoot)
      .filter((name) => !name.startsWith('.'))
      .sort()
  : [];

function loadCase(file: string): Case {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const where = `${file}:`;
  assert.equal(typeof raw['description'], 'string', `${where} "description" must be a string`);
  const type = raw['type'];
  assert.ok(typeof type === 'string' && (type === 'auto' || isPolicyType(type)), `${where} "type" must be a policy type or "auto"`);
  assert.ok('policy' in raw !== 'text' in raw, `${where} give exactly one of "policy" and "text"`);
  const text = typeof raw['text'] === 'string' ? raw['text'] : JSON.stringify(raw['policy'], null, 2);
  assert.ok(Array.isArray(raw['expect']), `${where} "expect" must be an array`);
  const expectNot = raw['expectNot'] ?? [];
  assert.ok(Array.isArray(expectNot), `${where} "expectNot" must be an array`);
  return {
    description: raw['description'] as string,
    type: type as PolicyTypeOption,
    text,
    expect: raw['expect'] as Expectation[],
    expectNot: expectNot as string[],
    ...(typeof raw['expectType'] === 'string' ? { expectType: raw['expectType'] } : {}),
  };
}

function describe(finding: Finding, lines: LineIndex): string {
  const start = lines.position(finding.span.offset);
  const end = lines.position(finding.span.offset + finding.span.length);
  return `${finding.code} ${finding.severity} ${start.line}:${start.character}-${end.line}:${end.character} ${finding.message}`;
}

function matches(finding: Finding, expectation: Expectation, lines: LineIndex): boolean {
  if (finding.code !== expectation.code) return false;
  if (expectation.severity !== undefined && finding.severity !== expectation.severity) return false;
  if (expectation.awsCode !== undefined && finding.awsCode !== expectation.awsCode) return false;
  if (expectation.messageIncludes !== undefined && !finding.message.includes(expectation.messageIncludes)) return false;
  if (expectation.range) {
    const start = lines.position(finding.span.offset);
    const end = lines.position(finding.span.offset + finding.span.length);
    const want = expectation.range;
    if (start.line !== want.start.line || start.character !== want.start.character) return false;
    if (end.line !== want.end.line || end.character !== want.end.character) return false;
  }
  return true;
}

const catalog = realCatalog();

/** The text with the edits applied (they do not overlap; applied from the end so offsets stay valid). */
function applyEdits(text: string, edits: readonly { span: { offset: number; length: number }; newText: string }[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.span.offset - a.span.offset)) {
    result = result.slice(0, edit.span.offset) + edit.newText + result.slice(edit.span.offset + edit.span.length);
  }
  return result;
}

for (const folder of folders) {
  const dir = join(casesRoot, folder);
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const file = join(dir, name);
    test(`${folder}/${name}`, () => {
      const c = loadCase(file);
      const result = validatePolicy(c.text, { type: c.type, catalog });
      const lines = new LineIndex(c.text);
      const all = result.findings.map((f) => describe(f, lines)).join('\n  ');
      const context = `${c.description}\nfindings:\n  ${all || '(none)'}`;
      if (c.expectType !== undefined) assert.equal(result.type, c.expectType, `inferred type\n${context}`);
      assert.ok(!result.findings.some((f) => f.code === 'internalError'), `a rule threw\n${context}`);
      const unmatched = new Set(result.findings);
      for (const expectation of c.expect) {
        const hit = [...unmatched].find((f) => matches(f, expectation, lines));
        assert.ok(hit, `expected ${JSON.stringify(expectation)}\n${context}`);
        unmatched.delete(hit);
        if (expectation.fixed !== undefined) {
          const fix = hit.fixes?.[0];
          assert.ok(fix, `expected a fix on ${describe(hit, lines)}`);
          const after = applyEdits(c.text, fix.edits);
          const errors: ParseError[] = [];
          const fixed: unknown = parse(after, errors);
          assert.deepEqual(
            errors.map((e) => `${printParseErrorCode(e.error)} at ${e.offset}`),
            [],
            `the fix '${fix.title}' gives invalid JSON:\n${after}`,
          );
          assert.deepEqual(fixed, expectation.fixed, `the fix '${fix.title}' gives:\n${after}`);
          assert.deepEqual(commentsIn(after), commentsIn(c.text), `the fix '${fix.title}' loses a comment:\n${after}`);
          // A fix writes lines the way the file already does.
          if (c.text.includes('\r\n')) assert.ok(!/[^\r]\n/.test(after), `the fix '${fix.title}' mixes line endings:\n${JSON.stringify(after)}`);
        }
      }
      const unexpected = [...unmatched].filter((f) => f.code === folder || c.expectNot.includes(f.code));
      assert.deepEqual(
        unexpected.map((f) => describe(f, lines)),
        [],
        `unexpected findings\n${context}`,
      );
    });
  }
}

test('every rule in ALL_RULES has a case folder with a triggering case and a near miss', () => {
  const missing: string[] = [];
  for (const rule of ALL_RULES) {
    const dir = join(casesRoot, rule.id);
    const cases = existsSync(dir)
      ? readdirSync(dir)
          .filter((n) => n.endsWith('.json'))
          .map((n) => loadCase(join(dir, n)))
      : [];
    const triggers = cases.some((c) => c.expect.some((e) => e.code === rule.id));
    const nearMiss = cases.some((c) => !c.expect.some((e) => e.code === rule.id));
    if (!triggers || !nearMiss) {
      missing.push(`${rule.id}: ${triggers ? '' : 'no triggering case '}${nearMiss ? '' : 'no near miss'}`.trim());
    }
  }
  assert.deepEqual(missing, [], 'rules without complete case folders');
});

test('every case folder names a rule in ALL_RULES', () => {
  const ids = new Set(ALL_RULES.map((rule) => rule.id));
  assert.deepEqual(
    folders.filter((folder) => !ids.has(folder)),
    [],
  );
});
