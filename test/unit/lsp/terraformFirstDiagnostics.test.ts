// A Terraform file's first diagnostics wait for the HCL grammar, which loads when the first .tf file opens: they went
// out empty first, which an editor shows as a file without problems until the findings came. In a file of its own, so
// that the grammar is not loaded already when the file opens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadHclParser } from '../../../server/src/node/hclParser';
import { realCatalog } from '../helpers/realCatalog';
import { startHarness } from './harness';

test("a Terraform file's first diagnostics already hold its findings", async () => {
  const h = await startHarness({ catalog: realCatalog(), hclParser: loadHclParser });
  const text =
    'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "s3:GetObjekt", Resource = "*" }]\n  })\n}\n';
  try {
    await h.open('file:///project/main.tf', text, 'terraform');
    const first = await h.diagnostics('file:///project/main.tf');
    assert.deepEqual(
      first.map((d) => d.code),
      ['unknownAction'],
    );
  } finally {
    await h.close();
  }
});
