// @ts-check
// `npm run rules-doc`: writes docs/rules.md from the rule registry (built into out/js by `npm run build`).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const { ALL_RULES } = require(join(root, 'out/js/server/src/iam/validator/rules/index.js'));
const { renderRulesReference } = require(join(root, 'out/js/server/src/iam/validator/rulesReference.js'));
writeFileSync(join(root, 'docs/rules.md'), renderRulesReference(ALL_RULES));
console.log(`docs/rules.md: ${ALL_RULES.length} rules`);
