// The fast YAML reader (js-yaml) against the `yaml` reader: whatever it reads, it reads exactly as `yaml` does (the
// same nodes, values, spans and reuse data), over every YAML template of the repository, edited at random, and over
// each scalar style, short tag, comment place, line ending and astral character; what it leaves to `yaml` (errors,
// anchors, merge keys, directives, tabs, escaped line breaks, `|+` and `|2` block scalars, indented comments after the
// root's last scalar…) the public reader reads with `yaml`, its messages and ranges included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { readTemplate } from '../../../server/src/iam/templates/index';
import { readYamlTemplateFast } from '../../../server/src/iam/templates/fastYamlReader';
import { readYamlTemplate, SHORT_TAGS } from '../../../server/src/iam/templates/readYamlTemplate';
import { repoRoot } from '../helpers/repoRoot';
import { seededRandom } from '../../fuzz/prng';

function yamlFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.(?:ya?ml|template)$/.test(name) ? [path] : [];
  });
}

const root = repoRoot();
const corpus = ['test/corpus-templates', 'test/fixtures', 'examples']
  .flatMap((folder) => yamlFiles(join(root, folder)))
  .map((path) => ({ path, text: readFileSync(path, 'utf8') }))
  .filter(({ text }) => !/^\s*\{/.test(text));

/** Reads `text` with both readers; the fast one must read it, and exactly as `yaml` does. */
function assertSameRead(text: string, label: string): void {
  const fast = readYamlTemplateFast(text);
  assert.ok(fast, `${label}: the fast reader leaves it to yaml`);
  assert.deepStrictEqual(fast, readYamlTemplate(text), label);
}

/** Leaves `text` to `yaml`; the public reader then gives `yaml`'s reading. */
function assertLeftToYaml(text: string, label: string): ReturnType<typeof readYamlTemplate> {
  assert.equal(readYamlTemplateFast(text), undefined, `${label}: read by the fast reader`);
  const slow = readYamlTemplate(text);
  const document = readTemplate(text);
  if (document) {
    assert.deepStrictEqual(document.root, slow.root, label);
    assert.deepStrictEqual(document.problems, slow.problems, label);
    assert.deepStrictEqual(document.reuse, slow.reuse, label);
  }
  return slow;
}

test('every YAML template of the repository reads the same with js-yaml as with yaml, and most with js-yaml', () => {
  assert.ok(corpus.length >= 22, `${corpus.length} YAML templates found`);
  let fast = 0;
  for (const { path, text } of corpus) {
    const read = readYamlTemplateFast(text);
    if (!read) continue;
    fast++;
    assert.deepStrictEqual(read, readYamlTemplate(text), path);
  }
  assert.ok(fast >= corpus.length - 1, `${fast} of ${corpus.length} read by js-yaml`);
});

test('a large generated template (the benchmark’s shape) reads the same, its resources counted for re-reading', () => {
  const resources: Record<string, unknown> = {};
  for (let n = 0; n < 40; n++) {
    resources[`Policy${n}`] = {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        ManagedPolicyName: `policy-${n}`,
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['s3:GetObject', 's3:PutObject'],
              Resource: `arn:aws:s3:::b-${n}/*`,
              Condition: { Bool: { 'aws:SecureTransport': true } },
            },
          ],
        },
      },
    };
  }
  const text = stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }, { lineWidth: 0 });
  assertSameRead(text, 'generated');
  assert.equal(readYamlTemplateFast(text)?.reuse?.resourceNodes.length, 40);
});

const HEAD = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n';

test('each scalar style reads the same: plain, quoted, block with each chomping, numbers and the like', () => {
  const values = [
    'plain text',
    'plain\n        continued\n\n        after a blank line',
    '"double \\"quoted\\" \\u00e9 \\t"',
    '"double\n        folded"',
    "'single ''quoted'''",
    "'single\n        folded'",
    ...['|', '|-', '>', '>-', '| # a comment'].map((header) => `${header}\n          line one\n            more indented\n          line two\n\n`),
    '|\n          text\n  \n',
    '>\n          text\n           \n',
    '012345678901',
    '1.50',
    '42',
    '-3.5e2',
    '0x1F',
    '0o17',
    '.inf',
    'true',
    'False',
    '~',
    'null',
    '"123"',
    'arn:aws:s3:::bucket/*',
    '[a, "b", 1, true, {k: v}, [nested]]',
    '{ "Fn::GetAtt": [Role, Arn], Ref: x }',
    '',
  ];
  for (const value of values) {
    assertSameRead(`${HEAD}      Value: ${value}\n      After: x\n`, `value ${JSON.stringify(value)}`);
    assertSameRead(`${HEAD}      Value: ${value}\n`, `value ${JSON.stringify(value)} last`);
  }
  // Keys that YAML reads as numbers, booleans or null, as the `yaml` reader writes them.
  assertSameRead(`Mappings:\n  Accounts:\n    123456789012: {Name: a}\n    1.50: x\n    true: y\n    ~: z\n    0x10: w\n${HEAD}      A: b\n`, 'keys');
});

test('each short tag reads the same in each form: scalar, flow and block sequence, map, empty, on the next line', () => {
  for (const tag of Object.keys(SHORT_TAGS)) {
    const forms = [
      `${tag} Name`,
      `${tag} "quoted \${AWS::Region}"`,
      `${tag} [a, !Ref b, [c, d]]`,
      `${tag}\n        - a\n        - !GetAtt Role.Arn\n        - - nested\n`,
      `${tag}\n        Key: value\n        Other: !Ref x\n`,
      `${tag} {Key: value}`,
      `${tag}\n        text on the next line`,
      `${tag}`,
      `${tag} |\n        block\n`,
    ];
    for (const form of forms) {
      assertSameRead(`${HEAD}      Value: ${form}\n      After: x\n`, `${tag}: ${JSON.stringify(form)}`);
      assertSameRead(
        `${HEAD}      Items:\n        - ${form.replace(/\n {8}/g, '\n          ')}\n        - x\n`,
        `${tag} in a sequence: ${JSON.stringify(form)}`,
      );
    }
  }
  assertSameRead(`${HEAD}      Value: !GetAtt Role.Arn\n      List: !GetAtt [Role, Arn]\n`, '!GetAtt forms');
});

test('comments, CRLF line endings and astral characters read the same; spans are UTF-16 offsets', () => {
  const commented = `# a template\nAWSTemplateFormatVersion: "2010-09-09" # version\n\nResources: # all of them\n  # the topic\n  Topic:\n    Type: AWS::SNS::Topic   # type\n    Properties:\n      # name\n      TopicName: a # b\n      List:\n        # first\n        - x # c\n\n        - y\n  Other:\n    Type: AWS::SNS::Topic\nOutputs:\n  Out:\n    Value: !Ref Topic # the arn\n`;
  assertSameRead(commented, 'comments');
  assertSameRead(`${commented}# the end\n\n # indented\n`, 'comments after the last line of content');
  assertSameRead(`${HEAD}      A: b\nDescription: text\n# c\n`, "a comment in the first column after the root's last scalar");
  assertSameRead(`${HEAD}      A: b\nDescription: |\n  text\n # c\n`, "an indented comment after the root's last block scalar");
  assertSameRead(`\n\n# blank lines first\n\n${commented}`, 'blank lines and a comment before the first line of content');
  assertSameRead(commented.replace(/\n/g, '\r\n'), 'CRLF');
  assertSameRead(`${HEAD}      Value: |\n        a\n        b\n\n      Other: x\n`.replace(/\n/g, '\r\n'), 'CRLF block scalar');
  const astral = `${HEAD}      DisplayName: "😀 emoji 𝒳"\n      Plain: 😀 plain 𝒳\n      Key😀: after\n      Block: |\n        😀\n      Last: x\n`;
  assertSameRead(astral, 'astral characters');
  const read = readYamlTemplateFast(astral);
  const topic = read?.root?.kind === 'map' ? read.root.entries[1]?.value : undefined;
  const properties = topic?.kind === 'map' ? topic.entries[0]?.value : undefined;
  const entries = properties?.kind === 'map' ? properties.entries.find((entry) => entry.key === 'Properties')?.value : undefined;
  const last = entries?.kind === 'map' ? entries.entries.find((entry) => entry.key === 'Last') : undefined;
  // The editor counts UTF-16 code units, as JavaScript strings do: each emoji is two.
  assert.equal(last?.keySpan.offset, astral.indexOf('Last:'));
});

test('what the fast reader leaves to yaml is read by yaml, its messages and ranges included', () => {
  const cases: Record<string, string> = {
    anchor: `${HEAD}      A: &x value\n      B: *x\n`,
    'merge key': `${HEAD}      Base: {a: 1}\n      Merged:\n        <<: {a: 1}\n        b: 2\n`,
    directive: `%YAML 1.2\n---\n${HEAD}      A: b\n`,
    'two documents': `${HEAD}      A: b\n---\n${HEAD}      A: c\n`,
    'duplicate key': `${HEAD}      A: b\n      A: c\n`,
    tab: `${HEAD}      A: "a\tb"\n`,
    'carriage return alone': `${HEAD}      A: b\r      C: d\n`,
    'byte-order mark': `\ufeff${HEAD}      A: b\n`,
    'explicit key': `${HEAD}      ? A\n      : b\n`,
    'unknown tag': `${HEAD}      A: !Foo b\n`,
    'core tag': `${HEAD}      A: !!str 123\n`,
    'comment after the last value': `${HEAD}      A: b\n      # B: c\n`,
    // yaml counts indented comment lines after the root's last entry into the root when that entry's value is a
    // scalar or a flow collection.
    "indented comment after the root's last scalar": `${HEAD}      A: b\nDescription: text\n # c\n`,
    "indented comments after the root's last flow sequence": `${HEAD}      A: b\nDescription: [a, b] # d\n\n  # c\n\n   # e\n`,
    "indented comment after the root's last tagged scalar": `${HEAD}      A: b\nOutputs: !Ref\n  Topic\n # c\n`,
    'comment after an empty value': `${HEAD}      A: # nothing\n      B: c\n`,
    'comment right after a closing quote': `${HEAD}      A: "b"#c\n`,
    'unclosed quote': `${HEAD}      A: "b\n      C: d\n`,
    'bad indentation': `${HEAD}      A: b\n     C: d\n`,
    'unclosed flow sequence': `${HEAD}      A: [b, c\n`,
    // js-yaml reads the lines of spaces of these block scalars otherwise than yaml does.
    ...Object.fromEntries(
      ['|+', '>+', '|2', '>1-', '|-2', '>+1'].map((header) => [`${header} block scalar`, `${HEAD}      A: ${header}\n          x\n\n         \n      B: c\n`]),
    ),
    'indentation indicator then a line of spaces': `${HEAD}      A: |2\n          x\n         \n      B: c\n`,
    'keep chomping then lines of spaces and a comment': `${HEAD}      A: >+\n            \n         \n\n         # c\n`,
    // js-yaml drops the blank line after an escaped line break, `yaml` folds it: "s3:GetObject" against "s3:Get Object".
    'escaped line break then a blank line': `${HEAD}      Action: "s3:Get\\\n\n        Object"\n`,
    'escaped line break': `${HEAD}      A: "a\\\n        b"\n`,
    'escaped CRLF line break': `${HEAD}      A: "a\\\r\n\r\n        b"\r\n`,
    // yaml reads the value as a key that runs over two lines (an error), js-yaml as A's value.
    'comment left of a value below it': `${HEAD}      A:\n\n# note\n        value\n      B: c\n`,
    'comment left of a sequence item below it': `${HEAD}      A:\n        - \n\n# note\n          value\n        - c\n`,
  };
  for (const [label, text] of Object.entries(cases)) assertLeftToYaml(text, label);
  // A syntax error is worded by yaml, at yaml's range: no js-yaml message reaches the user.
  const broken = assertLeftToYaml(`${HEAD}      A: "b\n      C: d\n`, 'unclosed quote');
  assert.ok(broken.problems.length > 0 && broken.problems.every((problem) => problem.message.startsWith('YAML syntax error: ')));
});

/** What an editor's keystrokes do, including those that break the YAML. */
const INSERTS = [
  ...['x', ' ', '\n', '\n  ', '\n    ', '"', "'", '|', '|+', '>-', '[', ']', '{', '}', ':', ': ', '- ', '#', ' #', '&a ', '*a'],
  ...['!Sub ', '!Ref ', '!!str ', '\t', '---\n', '%YAML 1.2\n', '? ', '\r', '\r\n', '\n# a comment\n', '"a\n  b"', '\n  - x\n'],
  ...['1', '0x1F', 'true', '~', ' # c', '\n\n', '|2', '>+\n', '\\', "'it''s'", '{a: b}', '[a, b]', '!GetAtt ', '\n      # deep\n', '😀', ',', '<<: '],
];

function edit(text: string, next: () => number): string {
  let at = Math.floor(next() * (text.length + 1));
  if (next() < 0.3) at = text.lastIndexOf('\n', at - 1) + 1;
  const choice = next();
  if (choice < 0.2) return text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 4));
  if (choice < 0.3) {
    const start = text.lastIndexOf('\n', at - 1) + 1;
    const end = text.indexOf('\n', at);
    return text.slice(0, start) + (end < 0 ? '' : text.slice(end + 1));
  }
  return text.slice(0, at) + (INSERTS[Math.floor(next() * INSERTS.length)] as string) + text.slice(at);
}

test('a YAML template edited at random reads the same with js-yaml as with yaml, or is left to yaml', () => {
  const next = seededRandom(4);
  let compared = 0;
  for (const { path, text } of corpus) {
    let current = text;
    for (let i = 0; i < 40; i++) {
      current = edit(next() < 0.3 ? text : current, next);
      const fast = readYamlTemplateFast(current);
      if (!fast) continue;
      compared++;
      assert.deepStrictEqual(fast, readYamlTemplate(current), `${path}, edit ${i}: ${JSON.stringify(current)}`);
    }
  }
  assert.ok(compared > 150, `${compared} edited texts read by js-yaml`);
});

/** Random values whose strings need every scalar style: line breaks, leading and trailing spaces, indicators. */
const WORDS = ['a', 'arn:aws:s3:::b/*', 'x y', 'multi\nline', 'trail \n', '  lead', '#x', 'a # b', "it's", 'q"q', '0123', '1.50', 'true', 'null'];
const MORE_WORDS = ['', ' ', '😀', 'k: v', '- x', '[a]', '{b}', '\n\nblank\n\n', 'end\n\n\n', '\\', '!Ref x', '%x', '@x'];

function randomValue(next: () => number, depth: number): unknown {
  const choice = next();
  const word = [...WORDS, ...MORE_WORDS][Math.floor(next() * (WORDS.length + MORE_WORDS.length))] as string;
  if (depth > 4 || choice < 0.5) return next() < 0.1 ? Math.floor(next() * 1000) : word;
  if (choice < 0.75) return Array.from({ length: 1 + Math.floor(next() * 3) }, () => randomValue(next, depth + 1));
  return Object.fromEntries(Array.from({ length: 1 + Math.floor(next() * 3) }, (_, i) => [`${word}${i}`, randomValue(next, depth + 1)]));
}

test('templates written by yaml in each string style, collection style and indentation read the same', () => {
  const next = seededRandom(7);
  const styles = ['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'] as const;
  let compared = 0;
  for (let n = 0; n < 400; n++) {
    const template = {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: { A: { Type: 'AWS::SNS::Topic', Properties: randomValue(next, 0) }, B: randomValue(next, 1) },
    };
    const text = stringify(template, {
      defaultStringType: styles[Math.floor(next() * styles.length)] as (typeof styles)[number],
      collectionStyle: next() < 0.2 ? 'flow' : 'any',
      indent: 2 + Math.floor(next() * 3),
      indentSeq: next() < 0.5,
      lineWidth: next() < 0.5 ? 0 : 20 + Math.floor(next() * 40),
      minContentWidth: 0,
    });
    const fast = readYamlTemplateFast(text);
    if (!fast) continue;
    compared++;
    assert.deepStrictEqual(fast, readYamlTemplate(text), JSON.stringify(text));
  }
  assert.ok(compared > 250, `${compared} of 400 read by js-yaml`);
});
