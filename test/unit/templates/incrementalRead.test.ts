// Re-reading a YAML template after an edit (the editor passes the previous version's read): whatever the edit, the
// result is exactly the full read's (nodes, spans, problems, findings and their ranges and fixes), over every YAML
// template of the repository with seeded random edits; and an edit inside one resource does not parse the others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readTemplate, validateTemplate, type TemplateDocument } from '../../../server/src/iam/templates/index';
import { realCatalog } from '../helpers/realCatalog';
import { repoRoot } from '../helpers/repoRoot';
import { seededRandom } from '../../fuzz/prng';

function yamlFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

/** What an editor's keystrokes do, including those that break the YAML or open something that runs on. */
const INSERTS = [
  'x',
  ' ',
  '\n',
  '\n  ',
  '\n    ',
  '"',
  "'",
  '|',
  '|+',
  '>-',
  '[',
  ']',
  '{',
  '}',
  ':',
  ': ',
  '- ',
  '#',
  ' #',
  '&a ',
  '*a',
  '!Sub ',
  '!Ref ',
  '!!str ',
  '\t',
  '---\n',
  '...\n',
  '%YAML 1.2\n',
  '? ',
  '\r',
  '\r\n',
  '\n# a comment\n',
  '"a\n  b"',
  '\n  - x\n',
  '\n  Added: x\n',
  '\n  New:\n    Type: AWS::SNS::Topic\n',
];

/** Mostly inside `Resources`, where re-reading in parts applies; sometimes anywhere. */
function edit(text: string, written: string, next: () => number): string {
  const resources = written.indexOf('Resources:');
  let at = next() < 0.8 && resources >= 0 ? resources + Math.floor(next() * (text.length - resources + 1)) : Math.floor(next() * (text.length + 1));
  // Often at the start of a line, where a resource's text meets the one before it.
  if (next() < 0.2) at = text.lastIndexOf('\n', at - 1) + 1;
  const choice = next();
  if (choice < 0.25) return text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 4));
  if (choice < 0.35) {
    // A whole line removed: a key, a list item, a resource's first line, a comment.
    const start = text.lastIndexOf('\n', at - 1) + 1;
    const end = text.indexOf('\n', at);
    return text.slice(0, start) + (end < 0 ? '' : text.slice(end + 1));
  }
  return text.slice(0, at) + (INSERTS[Math.floor(next() * INSERTS.length)] as string) + text.slice(at);
}

function comparable(document: TemplateDocument | undefined): unknown {
  if (!document) return undefined;
  const validation = validateTemplate(document, { catalog: realCatalog() });
  return { document, findings: validation.findings, texts: validation.policies.map((checked) => checked.text?.text) };
}

const POLICY = (n: number) =>
  `  Policy${n}:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: !Sub "arn:aws:s3:::bucket-${n}/*"\n`;

const templates = [...yamlFiles(join(repoRoot(), 'test', 'corpus-templates')), ...yamlFiles(join(repoRoot(), 'test', 'fixtures'))]
  .map((path) => ({ path, text: readFileSync(path, 'utf8') }))
  .filter(({ text }) => readTemplate(text)?.syntax === 'yaml');
// And one larger than the blocks the two versions are compared in (rereadYamlTemplate compares 4 KB at a time).
templates.push({ path: 'generated', text: `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${Array.from({ length: 80 }, (_, n) => POLICY(n)).join('')}` });
// And one whose resources end in block scalars that keep their trailing blank lines (`|+`, `>+`): lines added before
// the next resource's key belong to them.
const KEEP = (n: number, indicator: string) => `  Topic${n}:\n    Type: AWS::SNS::Topic\n    Properties:\n      Description: ${indicator}\n        kept\n\n`;
templates.push({
  path: 'generated, block scalars',
  text: `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${['|+', '>+', '|2+', '|+2', '|', '>-'].map((indicator, n) => KEEP(n, indicator) + POLICY(n)).join('')}`,
});

test('the repository has YAML templates whose resources can be re-read one by one', () => {
  assert.ok(templates.length >= 21, `${templates.length} YAML templates found`);
  assert.ok(templates.filter(({ text }) => readTemplate(text)?.reuse !== undefined).length >= 15);
});

function resources(document: TemplateDocument | undefined): readonly unknown[] {
  const root = document?.root;
  const map = root?.kind === 'map' ? root.entries.find((entry) => entry.key === 'Resources')?.value : undefined;
  return map?.kind === 'map' ? map.entries.map((entry) => entry.value) : [];
}

test('a YAML template re-read after random edits is exactly the template read whole', () => {
  const next = seededRandom(15);
  let reused = 0;
  for (const { path, text } of templates) {
    let previous = readTemplate(text);
    let current = text;
    // A run of edits, each read from the last: as an editor sends them, errors and recoveries included.
    for (let i = 0; i < 30; i++) {
      current = edit(current, text, next);
      const incremental = readTemplate(current, previous);
      assert.deepEqual(comparable(incremental), comparable(readTemplate(current)), `${path}, edit ${i}`);
      // A resource node shared with the previous read: only re-reading in parts does that.
      if (resources(incremental).some((node) => resources(previous).includes(node))) reused++;
      previous = incremental;
      // Often back to the text as written, so that most edits are made to a valid template.
      if (next() < 0.5) {
        previous = readTemplate(text, previous);
        current = text;
        assert.deepEqual(comparable(previous), comparable(readTemplate(text)), `${path}, back to the text as written after edit ${i}`);
      }
    }
  }
  assert.ok(reused > 100, `${reused} edits re-read in parts`);
});

test('an edit inside one resource re-reads that resource and keeps the others as they were', () => {
  const text = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${[0, 1, 2].map(POLICY).join('')}Outputs:\n  Name:\n    Value: !Ref Policy2\n`;
  const first = readTemplate(text);
  assert.ok(first?.reuse, 'a clean template can be re-read in parts');
  const edited = text.replace('bucket-1/*', 'bucket-one/*');
  const second = readTemplate(edited, first);
  assert.deepEqual(second, readTemplate(edited));
  assert.equal(resources(second)[0], resources(first)[0], 'the resource before the edit is the same object');
  assert.notEqual(resources(second)[1], resources(first)[1]);
  // A typo reported after the edit, at its place in the edited text.
  const typo = edited.replace(
    'Effect: Allow\n            Action: s3:GetObject\n            Resource: !Sub "arn:aws:s3:::bucket-2',
    'Effect: Alow\n            Action: s3:GetObject\n            Resource: !Sub "arn:aws:s3:::bucket-2',
  );
  const third = readTemplate(typo, second);
  assert.ok(third);
  const finding = validateTemplate(third, { catalog: realCatalog() }).findings.find(
    (found) => typo.slice(found.span.offset, found.span.offset + found.span.length) === 'Alow',
  );
  assert.ok(finding, 'the misspelt Effect is reported at its own range');
});

test('anchors, multi-document texts and syntax errors are always read whole', () => {
  const anchored = `Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties: &props\n      TopicName: a\n  B:\n    Type: AWS::SNS::Topic\n    Properties: *props\n`;
  assert.equal(readTemplate(anchored)?.reuse, undefined);
  assert.equal(readTemplate(`---\n${POLICY(0).replace(/^/, 'Resources:\n')}`)?.reuse, undefined);
  const broken = `Resources:\n${POLICY(0)}${POLICY(1).replace('Effect: Allow', 'Effect: "Allow')}`;
  assert.equal(readTemplate(broken)?.reuse, undefined);
});

test('edits that once made a part read alone differ from the whole are read whole', () => {
  const text = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${[0, 1, 2].map(POLICY).join('')}  # the last one\n${POLICY(3)}Outputs:\n  Name:\n    Value: !Ref Policy2\n`;
  const first = readTemplate(text);
  const keepText = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n${KEEP(0, '|+')}${POLICY(1)}`;
  const keepFirst = readTemplate(keepText);
  const cases = [
    // The line that ends one resource joined to the next one's key.
    text.replace('bucket-1/*"\n', 'bucket-1/*"'),
    // A carriage return alone, which ends a line for YAML.
    text.replace(
      'Action: s3:GetObject\n            Resource: !Sub "arn:aws:s3:::bucket-1',
      'Action: s3:GetObject\r%YAML 1.2\n            Resource: !Sub "arn:aws:s3:::bucket-1',
    ),
    // An explicit key, whose collection ends where the next resource begins.
    text.replace('  Policy1:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:', '  Policy1:\n    Type: AWS::IAM::ManagedPolicy\n    ? Properties:'),
    // An empty value last in a resource, followed by a comment.
    text.replace('Resource: !Sub "arn:aws:s3:::bucket-2/*"', 'Resource:'),
    // A comment before the first resource, which moves where `Resources` starts.
    text.replace('Resources:\n', 'Resources:\n  # policies\n'),
    // Blank lines and a comment added before a key that follows a block scalar keeping its trailing lines.
    ...['\n', '\n\n', '\n# c\n', '  # c\n'].map((added) => keepText.replace('  Policy1:\n', `${added}  Policy1:\n`)),
    // Comments indented deeper than the resources, after one's last value and before one's key.
    text.replace('bucket-1/*"\n', 'bucket-1/*"\n         # Method: POST\n'),
    text.replace('bucket-1/*"\n', 'bucket-1/*"\n\n      # the next one\n'),
  ];
  for (const [index, edited] of cases.entries()) {
    const before = edited.includes('kept') ? keepFirst : first;
    assert.notEqual(edited, edited.includes('kept') ? keepText : text, `case ${index} edits the text`);
    assert.deepEqual(comparable(readTemplate(edited, before)), comparable(readTemplate(edited)), `case ${index}`);
  }
});
