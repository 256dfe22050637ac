// @ts-check
// `node scripts/corpus-extract.mjs --<corpus> <git-dir> …`: rebuilds test/corpus/<corpus>/policies.json from local
// clones of the public repositories the corpus comes from (see test/corpus/README.md). Only maintainers refreshing the
// corpus run it; the tests read the committed files and never need these clones or the network.
//
// Each policy gets its type (guessed by `classify`), its source (the AWS page or the sample repository file) and the
// document. Fields curated by hand in policies.json (a corrected `type`, `awsSaysIncorrect`, `awsTypo`, `knownMiss`, `fillIns`; see
// test/corpus/README.md) are kept across runs. Only the policy documents are taken from the sources.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
/** @type {typeof import('jsonc-parser')} */
const jsonc = createRequire(import.meta.url)('jsonc-parser');

/**
 * @typedef {'identity' | 'resource' | 'trust' | 'scp' | 'rcp' | 'boundary' | 'session' | 'endpoint'} PolicyType
 * @typedef {{ why: string, expect: string[] }} Incorrect
 * @typedef {{
 *   name: string, type: PolicyType, source: string, awsSaysIncorrect?: Incorrect, awsTypo?: Incorrect,
 *   knownMiss?: string, fillIns?: string[], fragment?: string, policy?: unknown, text?: string
 * }} Entry
 * @typedef {{
 *   repo: string, commit: string, kind: 'markdown' | 'json', pages?: RegExp, pageUrl?: (file: string) => string,
 *   defaultType?: PolicyType, description: string
 * }} CorpusSource
 */

/** @type {Record<string, CorpusSource>} */
const CORPORA = {
  'iam-user-guide': {
    description: 'IAM User Guide',
    repo: 'awsdocs/iam-user-guide',
    // The last commit before the guide's sources were deleted when the repository was archived.
    commit: 'e2b8637',
    kind: 'markdown',
    pages:
      /^doc_source\/(reference_policies_|access_|id_|tutorial_|troubleshoot_|confused-deputy|introduction_|resource_examples|roles-managingrole|security-iam|using-service-linked)/,
    pageUrl: (file) => `https://docs.aws.amazon.com/IAM/latest/UserGuide/${basename(file, '.md')}.html`,
  },
  's3-user-guide': {
    description: 'Amazon S3 User Guide',
    repo: 'awsdocs/amazon-s3-userguide',
    commit: 'cc53dd6',
    kind: 'markdown',
    pageUrl: (file) => `https://docs.aws.amazon.com/AmazonS3/latest/userguide/${basename(file, '.md')}.html`,
  },
  organizations: {
    description: 'AWS Organizations User Guide (SCP examples)',
    repo: 'awsdocs/aws-organizations-docs',
    commit: '8df18e7',
    kind: 'markdown',
    pages: /^doc_source\/orgs_manage_policies_scps_(examples|strategies|syntax)/,
    pageUrl: (file) => `https://docs.aws.amazon.com/organizations/latest/userguide/${basename(file, '.md')}.html`,
    defaultType: 'scp',
  },
  'data-perimeter': {
    description: 'aws-samples/data-perimeter-policy-examples',
    repo: 'aws-samples/data-perimeter-policy-examples',
    commit: '8e0d3c5179a45dca414d4ea1f3a7b544aba02009',
    kind: 'json',
    pages: /\.json$/,
  },
  'scp-examples': {
    description: 'aws-samples/service-control-policy-examples',
    repo: 'aws-samples/service-control-policy-examples',
    commit: '35a50b0948bda5ebeb05ef4c6fc5df4f48cd0682',
    kind: 'json',
    pages: /\.json$/,
    defaultType: 'scp',
  },
  'rcp-examples': {
    description: 'aws-samples/resource-control-policy-examples',
    repo: 'aws-samples/resource-control-policy-examples',
    commit: 'f1aedfa28e41f5f4292eea8b01741be5f77249e4',
    kind: 'json',
    pages: /\.json$/,
    defaultType: 'rcp',
  },
};

/** @param {string} dir @param {string[]} args */
function git(dir, args) {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

/** @param {unknown} value @returns {unknown[]} */
/** @returns {any[]} */
function asArray(value) {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/**
 * The type a document is when its source does not say: a Principal makes it a trust policy when it only grants
 * role assumption (and session tagging), a resource policy otherwise; no Principal makes it an identity policy.
 * @param {any} policy @param {PolicyType | undefined} fallback @param {string} file
 * @returns {PolicyType}
 */
function classify(policy, fallback, file) {
  if (fallback) return fallback;
  if (file.startsWith('vpc_endpoint_policies/')) return 'endpoint';
  if (file.startsWith('resource_control_policies/')) return 'rcp';
  if (file.startsWith('service_control_policies/')) return 'scp';
  const statements = asArray(policy.Statement);
  const withPrincipal = statements.filter((s) => s && typeof s === 'object' && ('Principal' in s || 'NotPrincipal' in s));
  if (withPrincipal.length === 0) return 'identity';
  const actions = withPrincipal.flatMap((s) => asArray(s.Action)).map((a) => String(a).toLowerCase());
  const trustOnly = actions.length > 0 && actions.every((a) => /^sts:(assumerole.*|tagsession|setsourceidentity|setcontext)$/.test(a));
  return trustOnly ? 'trust' : 'resource';
}

/** Whether an object of the JSON text repeats a key (JSON.parse would silently keep the last). @param {string} text */
function hasDuplicateKeys(text) {
  /** @type {Set<string>[]} */
  const open = [];
  let duplicate = false;
  jsonc.visit(text, {
    onObjectBegin: () => void open.push(new Set()),
    onObjectEnd: () => void open.pop(),
    onObjectProperty: (key) => {
      const keys = open[open.length - 1];
      if (keys?.has(key)) duplicate = true;
      keys?.add(key);
    },
  });
  return duplicate;
}

/** Markdown code blocks of a page that parse as a policy document. @param {string} text */
function policyBlocks(text) {
  /** @type {{ policy: unknown, raw: string }[]} */
  const found = [];
  for (const match of text.matchAll(/```[a-z]*\n([\s\S]*?)```/g)) {
    let body = match[1] ?? '';
    if (!body.includes('"Statement"')) continue;
    // Some pages number the lines of their examples ("  1. {"); the numbers are not part of the policy.
    const lines = body.split('\n').filter((line) => line.trim() !== '');
    if (lines.length > 0 && lines.every((line) => /^\s*\d+\.\s/.test(line))) body = body.replace(/^\s*\d+\. ?/gm, '');
    let policy;
    try {
      policy = JSON.parse(body);
    } catch {
      continue;
    }
    if (!policy || typeof policy !== 'object' || Array.isArray(policy) || !('Statement' in policy)) continue;
    found.push({ policy, raw: body });
  }
  return found;
}

/**
 * A sample repository file. One of them carries a whole-line `//` note that tells the reader to delete it before use
 * (IAM accepts no comments), so such lines are dropped as the note asks.
 * @param {string} text @param {string} file
 */
function parseSampleFile(text, file) {
  try {
    return JSON.parse(text);
  } catch {
    const withoutNotes = text.replace(/^\s*\/\/.*$/gm, '');
    console.log(`${file}: dropped whole-line // notes`);
    return JSON.parse(withoutNotes);
  }
}

/**
 * The fields a maintainer curates by hand (the type where the rules above guess wrong, and what AWS says is wrong with
 * an example), kept from the current file by policy name so that re-extracting does not lose them.
 * @param {string} file @returns {Map<string, Partial<Entry>>}
 */
function curatedFields(file) {
  /** @type {Map<string, Partial<Entry>>} */
  const curated = new Map();
  if (!existsSync(file)) return curated;
  for (const entry of /** @type {Entry[]} */ (JSON.parse(readFileSync(file, 'utf8')))) {
    const { type, awsSaysIncorrect, awsTypo, knownMiss, fillIns, fragment, policy } = entry;
    curated.set(entry.name, {
      type,
      // A fragment was completed by hand (see README): its completed document is curated too.
      ...(fragment ? { fragment, policy } : {}),
      ...(awsSaysIncorrect ? { awsSaysIncorrect } : {}),
      ...(awsTypo ? { awsTypo } : {}),
      ...(knownMiss ? { knownMiss } : {}),
      ...(fillIns ? { fillIns } : {}),
    });
  }
  return curated;
}

/** @param {string} corpus @param {CorpusSource} source @param {string} dir @param {Map<string, Partial<Entry>>} curated @returns {Entry[]} */
function extract(corpus, source, dir, curated) {
  const files = git(dir, ['ls-tree', '-r', '--name-only', source.commit])
    .split('\n')
    .filter((file) => (source.kind === 'markdown' ? file.endsWith('.md') : file.endsWith('.json')))
    .filter((file) => !source.pages || source.pages.test(file))
    .sort();
  /** @type {Entry[]} */
  const entries = [];
  const seen = new Set();
  for (const file of files) {
    const text = git(dir, ['show', `${source.commit}:${file}`]);
    const blocks = source.kind === 'markdown' ? policyBlocks(text) : [{ policy: parseSampleFile(text, file), raw: text }];
    const stem = basename(file).replace(/\.(md|json)$/, '');
    blocks.forEach(({ policy, raw }, index) => {
      const keepText = hasDuplicateKeys(raw);
      const key = keepText ? raw : JSON.stringify(policy);
      if (seen.has(key)) return; // the same example shown on two pages is tested once
      seen.add(key);
      const name = source.kind === 'markdown' && blocks.length > 1 ? `${stem}#${index + 1}` : stem;
      const url = source.kind === 'markdown' && source.pageUrl ? source.pageUrl(file) : `https://github.com/${source.repo}/blob/${source.commit}/${file}`;
      entries.push({
        name,
        type: classify(policy, source.defaultType, file),
        source: url,
        ...curated.get(name),
        // A repeated key is the very mistake some examples show, and parsing would erase it: keep those as text.
        ...(keepText ? { text: raw } : { policy }),
      });
    });
  }
  console.log(`${corpus}: ${entries.length} policies from ${files.length} files`);
  return entries;
}

const args = process.argv.slice(2);
if (args.length === 0 || args.length % 2 !== 0) {
  console.error(`usage: node scripts/corpus-extract.mjs --<corpus> <git-dir> …  (corpora: ${Object.keys(CORPORA).join(', ')})`);
  process.exit(2);
}
for (let i = 0; i < args.length; i += 2) {
  const corpus = (args[i] ?? '').replace(/^--/, '');
  const source = CORPORA[corpus];
  if (!source) throw new Error(`unknown corpus ${corpus}`);
  const out = join(root, 'test', 'corpus', corpus, 'policies.json');
  const entries = extract(corpus, source, args[i + 1] ?? '', curatedFields(out));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(entries, null, 2)}\n`);
}
