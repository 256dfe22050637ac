// The `iam-policy-lab` entry (out/bundle/cli.js). It runs the command line's bundle (cli-main.js beside it) through
// V8's code cache when the build made one for this Node (scripts/build.mjs does, by running a short language-server
// session): a start then skips compiling what a start needs, which an editor waiting for `lsp --stdio` notices.
// Node 22 has module.enableCompileCache() for this; Node 20 has not. V8 refuses a cache made by another V8 or damaged,
// and only compares lengths with the source, so the cache also names the digest of the bundle it was made from: with
// any other bundle it is ignored, and the bundle compiles as usual. V8 checks the cache's own checksum only in debug
// builds, so a cache damaged on disk could be run as it is: the file also holds the digest of the cache data, and data
// that does not match it is ignored too. Layout: bundle digest (32 hex) · data digest (32 hex) · V8's data. A digest
// is the first 128 bits of SHA-256, which processors hash in hardware: hashing the 3.5 MB at each start took 7 ms
// with MD5 and takes under 3 ms with it.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire, wrap } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

type ModuleWrapper = (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;

const DIGEST_LENGTH = 32;
const bundle = join(__dirname, 'cli-main.js');
const cacheFile = join(__dirname, 'cli-main.cache');
const bytes = readFileSync(bundle);
const digestOf = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex').slice(0, DIGEST_LENGTH);
const digest = digestOf(bytes);
let cachedData: Buffer | undefined;
try {
  const cache = readFileSync(cacheFile);
  const data = cache.subarray(2 * DIGEST_LENGTH);
  const forThisBundle = cache.subarray(0, DIGEST_LENGTH).toString('latin1') === digest;
  if (forThisBundle && cache.subarray(DIGEST_LENGTH, 2 * DIGEST_LENGTH).toString('latin1') === digestOf(data)) cachedData = data;
} catch {
  cachedData = undefined;
}
const script = new Script(wrap(bytes.toString('utf8')), { filename: bundle, ...(cachedData ? { cachedData } : {}) });
// The build sets this to write the cache once a representative session has compiled what a start uses.
if (process.env['IAM_POLICY_LAB_WRITE_CODE_CACHE'] === '1') {
  process.on('exit', () => {
    const data = script.createCachedData();
    writeFileSync(cacheFile, Buffer.concat([Buffer.from(digest, 'latin1'), Buffer.from(digestOf(data), 'latin1'), data]));
  });
}
const module_ = { exports: {} };
(script.runInThisContext() as ModuleWrapper).call(module_.exports, module_.exports, createRequire(bundle), module_, bundle, dirname(bundle));
