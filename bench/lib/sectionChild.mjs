// @ts-check
// Runs one benchmark section in a process of its own: `node sectionChild.mjs <module> <result.json> [--quick]`.
// bench/run.mjs starts one per section, so that what a section leaves behind (a large heap, a garbage collector still
// at work on the other core) cannot slow the next one down; the section's rows and details go to the result file.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [modulePath, resultFile, ...flags] = process.argv.slice(2);
const mod = await import(pathToFileURL(modulePath).href);
const result = await mod.run({ quick: flags.includes('--quick') });
writeFileSync(resultFile, JSON.stringify({ rows: result.rows ?? result, details: result.details }));
