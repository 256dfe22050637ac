import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover } from 'vscode-languageserver';
import { tinyCatalog } from '../helpers/tinyCatalog';
import { caret, startHarness, type Harness, type HarnessOptions } from './harness';

async function hoverAt(h: Harness, marked: string, uri = 'file:///work/policy.json'): Promise<{ markdown: string; hovered: string }> {
  const { text, position } = caret(marked);
  await h.open(uri, text, 'iam-policy');
  const result: Hover | null = await h.hover(uri, position);
  assert.ok(result, `no hover at ${marked}`);
  const contents = result.contents as { value: string };
  const range = result.range;
  assert.ok(range);
  const lines = text.split('\n');
  const hovered = range.start.line === range.end.line ? (lines[range.start.line] ?? '').slice(range.start.character, range.end.character) : '';
  return { markdown: contents.value, hovered };
}

async function withServer(run: (h: Harness) => Promise<void>, options: HarnessOptions = {}): Promise<void> {
  const h = await startHarness(options);
  try {
    await run(h);
  } finally {
    await h.close();
  }
}

test('hover on an action: description, access level, resource types with ARN formats, condition keys, AWS link', () =>
  withServer(async (h) => {
    const { markdown, hovered } = await hoverAt(h, '{"Statement":[{"Action":"s3:Get|Object"}]}');
    assert.equal(hovered, 's3:GetObject');
    assert.match(markdown, /\*\*s3:GetObject\*\* — Read/);
    assert.match(markdown, /arn:\$\{Partition\}:s3:::\$\{BucketName\}\/\$\{ObjectName\}/);
    assert.match(markdown, /Condition keys: .*s3:/);
    assert.match(markdown, /https:\/\/docs\.aws\.amazon\.com\/service-authorization\/latest\/reference\/list_amazons3\.html/);
    // s3:PutObject has about thirty keys: a few are named, the rest counted.
    const put = (await hoverAt(h, '{"Statement":[{"Action":"s3:Put|Object"}]}')).markdown;
    const keysLine = /Condition keys: (.*)/.exec(put)?.[1] ?? '';
    assert.equal(keysLine.match(/`[^`]+`/g)?.length, 8, keysLine);
    assert.match(keysLine, /, and \d+ more \(completion in a Condition lists them all\)$/);
  }));

test('hover on a wildcard action says how many and which actions it matches', () =>
  withServer(async (h) => {
    const expected = tinyCatalog().actionsMatching('s3:Get*');
    const { markdown } = await hoverAt(h, '{"Statement":[{"Action":"s3:G|et*"}]}');
    assert.match(markdown, new RegExp(`matches ${expected.length} actions`));
    for (const action of expected) assert.ok(markdown.includes(`s3:${action.name}`), action.name);
    assert.ok(!markdown.includes('s3:PutObject'));
  }));

test('hover on a misspelt action or key says the catalog lists no such thing and names the one meant; a key of a service the catalog lacks is left alone', () =>
  withServer(async (h) => {
    const action = await hoverAt(h, '{"Statement":[{"Action":"s3:GetObj|ets"}]}');
    assert.equal(action.hovered, 's3:GetObjets');
    assert.match(action.markdown, /the bundled catalog lists no such action of .*\. Did you mean `s3:GetObject`\?/);
    const service = await hoverAt(h, '{"Statement":[{"Action":"s4:Get|Object"}]}');
    assert.match(service.markdown, /the bundled catalog knows no service `s4`/);
    const key = await hoverAt(h, '{"Statement":[{"Condition":{"Bool":{"aws:SecureTran|sprt":"true"}}}]}');
    assert.match(key.markdown, /the bundled catalog lists no such condition key\. Did you mean `aws:SecureTransport`\?/);
    const { text, position } = caret('{"Statement":[{"Condition":{"StringEquals":{"newsvc:Thi|ng":"x"}}}]}');
    await h.open('file:///work/idp.json', text, 'iam-policy');
    assert.equal(await h.hover('file:///work/idp.json', position), null);
  }));

test('hover on a condition key and on an operator', () =>
  withServer(async (h) => {
    const key = await hoverAt(h, '{"Statement":[{"Condition":{"IpAddress":{"aws:Sour|ceIp":"10.0.0.0/8"}}}]}');
    assert.match(key.markdown, /Type: `IPAddress`\. Single-valued/);
    const tags = await hoverAt(h, '{"Statement":[{"Condition":{"ForAnyValue:StringEquals":{"aws:Tag|Keys":["a"]}}}]}');
    assert.match(tags.markdown, /Multi-valued/);
    const operator = await hoverAt(h, '{"Statement":[{"Condition":{"ForAllValues:String|Like":{"aws:TagKeys":["a"]}}}]}');
    assert.match(operator.markdown, /\*\*ForAllValues:StringLike\*\*/);
    assert.match(operator.markdown, /also true when the key is missing/);
    const negated = await hoverAt(h, '{"Statement":[{"Condition":{"StringNot|Equals":{"aws:username":"a"}}}]}');
    assert.match(negated.markdown, /missing from the request, a negated operator evaluates to \*\*true\*\*/);
  }));

test('hover on an ARN shows its parts and resource type; on a policy variable, what it is replaced by', () =>
  withServer(async (h) => {
    const arn = await hoverAt(h, '{"Statement":[{"Resource":"arn:aws:s3:::reports/q1|.csv"}]}');
    assert.match(arn.markdown, /\| service \| `s3`/);
    assert.match(arn.markdown, /\| resource \| `reports\/q1\.csv` \|/);
    assert.match(arn.markdown, /Resource type: `object`/);
    const variable = await hoverAt(h, '{"Statement":[{"Resource":"arn:aws:s3:::home/${aws:user|name}/*"}]}');
    assert.equal(variable.hovered, '${aws:username}');
    assert.match(variable.markdown, /Policy variable `\$\{aws:username\}`/);
  }));

test('the size meter on the document counts characters against the quota of its policy type', () =>
  withServer(async (h) => {
    const text = '{"Ver|sion":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
    const { markdown } = await hoverAt(h, text);
    const counted = text.replace('|', '').replace(/\s/g, '').length;
    assert.match(markdown, /role trust policy/);
    assert.ok(markdown.includes(`${counted} / 2,048 characters`), markdown);
  }));

test('hover on an AWS managed policy ARN in an account model summarises what it grants', () =>
  withServer(
    async (h) => {
      const marked = '{"accounts":{"111111111111":{"users":{"alice":{"policies":["arn:aws:iam::aws:policy/Amazon|S3ReadOnlyAccess"]}}}}}';
      const { markdown } = await hoverAt(h, marked, 'file:///work/a.iam-model.json');
      assert.match(markdown, /\*\*AmazonS3ReadOnlyAccess\*\* — AWS managed policy/);
      assert.match(markdown, /\*\*Allow\*\* `s3` \(Read, List\)|\*\*Allow\*\* `s3` \(List, Read\)/);
      assert.match(markdown, /Default version v3, updated 2023-08-10/);
    },
    {
      managedPolicies: {
        byArn: (arn: string) =>
          arn === 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'
            ? { name: 'AmazonS3ReadOnlyAccess', arn, path: '/', versionId: 'v3', updated: '2023-08-10', summary: 's3: Read, List' }
            : undefined,
        text: (arn: string) =>
          arn === 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'
            ? '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"*"}]}'
            : undefined,
      },
    },
  ));
