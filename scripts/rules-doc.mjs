// @ts-check
// `npm run rules-doc`: writes docs/rules.md from the rule registry and the other finding codes (built into out/js by
// `npm run build`).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const { EVERY_FINDING_RULE, renderFindingsReference } = require(join(root, 'out/js/server/src/iam/findingCodes.js'));
writeFileSync(join(root, 'docs/rules.md'), renderFindingsReference());
console.log(`docs/rules.md: ${EVERY_FINDING_RULE.length} rules and finding codes`);
