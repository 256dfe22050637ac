// `check` over account models and test files: a model (*.iam-model.json) is validated as a model (its keys, its
// references, the policies written inside it, each as its type), a test file (*.iam-test.json) as a test file
// against its model, and the policy files a model names are checked as the type the model gives them.
import { resolve } from 'node:path';
import { parseTree, type ParseError } from 'jsonc-parser';
import {
  authorizationDetailsPolicies,
  authorizationDetailsPoliciesInText,
  isAuthorizationDetails,
  looksLikeAuthorizationDetailsText,
  testFileAgainstModel,
  modelPolicies,
  modelPolicyFileTypes,
  testPolicies,
  principalsPolicyFilesLack,
  PrincipalsTheModelLacks,
  type EmbeddedPolicy,
} from '../iam/assist';
import type { Catalog } from '../iam/catalog';
import type { Finding } from '../iam/findings';
import {
  loadModel,
  loadTestFile,
  modelStructure,
  nestingProblem,
  syntaxProblems,
  type LoadModelResult,
  type ModelDiagnostic,
  type TextProblem,
} from '../iam/model';
import { MAX_NESTING_DEPTH, nestingBeyond, parsePolicy, type ParsedPolicy } from '../iam/parser';
import type { PolicyType } from '../iam/policyTypes';
import { validatePolicy, type SeverityOverrides } from '../iam/validator';
import { cliModelHost, prepareModelPath } from './loadModel';
import { progressLine } from './progress';
import { toDiagnostics, type FileReport, type PolicyRef } from './printer';

/** How a model, an export or a test file is read as a tree: JSON with comments and trailing commas, as they may be. */
const JSONC = { disallowComments: false, allowTrailingComma: true, allowEmptyContent: true };

export const MODEL_FILE = /\.iam-model\.jsonc?$/i;
export const TEST_FILE = /\.iam-test\.jsonc?$/i;

export interface ModelCheckOptions {
  readonly catalog: Catalog;
  readonly severities: SeverityOverrides;
}

/** What the models say of the policy files they name (absolute paths): see `policyFilesOfModels`. */
export interface PolicyFilesOfModels {
  /** The type each file has in the first model that names it. */
  readonly types: ReadonlyMap<string, PolicyType>;
  /** Findings of the models about each file: a trust or resource policy naming a principal a model lacks. */
  readonly findings: ReadonlyMap<string, readonly Finding[]>;
  /** The model loaded last, handed to its own check: a large model takes seconds to load. */
  readonly last: LastLoaded;
}

/**
 * The model file `policyFilesOfModels` loaded last, held until its own check takes it (and lets it go: a folder may
 * hold a large export checked after it), or until the run ends.
 */
export class LastLoaded {
  constructor(private held?: { readonly path: string; readonly loaded: LoadModelResult }) {}

  /** The model loaded from `path` (absolute), if it is the one held; it is held no longer. */
  take(path: string): LoadModelResult | undefined {
    const held = this.held?.path === path ? this.held.loaded : undefined;
    if (held !== undefined) this.held = undefined;
    return held;
  }
}

/**
 * The type each policy file named by one of these models has there, and what the models find in those files. Models
 * that cannot be read add nothing: their own report says why.
 */
export async function policyFilesOfModels(modelPaths: readonly string[]): Promise<PolicyFilesOfModels> {
  const types = new Map<string, PolicyType>();
  const findings = new Map<string, Finding[]>();
  let last: { path: string; loaded: LoadModelResult } | undefined;
  for (const path of modelPaths) {
    const absolute = resolve(path);
    // The one loaded before is let go first: a folder of large models is held one at a time.
    last = undefined;
    const loaded = await loadModelToCheck(absolute);
    last = { path: absolute, loaded };
    const { model } = loaded;
    for (const [file, type] of modelPolicyFileTypes(model)) if (!types.has(file)) types.set(file, type);
    for (const diagnostic of principalsPolicyFilesLack(model, cliModelHost().builtModels)) {
      const known = findings.get(diagnostic.file) ?? [];
      // Two models over the same files find the same names: each once.
      if (!known.some((f) => f.span.offset === diagnostic.span.offset && f.message === diagnostic.message)) known.push(asFinding(diagnostic));
      findings.set(diagnostic.file, known);
    }
  }
  return { types, findings, last: new LastLoaded(last) };
}

/**
 * A model file's report: the loader's findings in this file, then the validator's for each policy written inside it.
 * The file is read as its structure, each policy as its span, and each policy parsed once, for its validation and for
 * the principals it names: a model's position tree is twenty times its text (a 12 MB organization's is 280 MB), and the
 * parses of 30,000 policies together more still. `loaded` holds the model as `policyFilesOfModels` loaded it, if it did.
 */
export async function checkModelFile(path: string, text: string, options: ModelCheckOptions, loaded?: LastLoaded): Promise<FileReport> {
  const absolute = resolve(path);
  const host = cliModelHost();
  const { model, diagnostics } = loaded?.take(absolute) ?? (await loadModelToCheck(absolute));
  const findings: Finding[] = diagnostics.filter((d) => d.file === absolute).map(asFinding);
  const policies = policiesInModelText(text);
  const lacks = new PrincipalsTheModelLacks(model, absolute, host.builtModels);
  findings.push(
    ...embeddedFindings(text, policies, options, {
      progressOf: path,
      onParsed: (policy, parsed) => {
        if (lacks.wants(policy, parsed.text)) lacks.read(policy, parsed);
      },
    }),
  );
  findings.push(...lacks.diagnostics().map(asFinding));
  findings.sort((a, b) => a.span.offset - b.span.offset);
  return { file: path, type: 'model', diagnostics: toDiagnostics(text, findings) };
}

async function loadModelToCheck(absolute: string): Promise<LoadModelResult> {
  await prepareModelPath(absolute);
  return loadModel(absolute, cliModelHost());
}

/**
 * The policies written in a model's text, from its structure, which is let go before they are checked (a 12 MB
 * organization's is 60 MB). A text nested deeper than a policy may be has no structure to read: its tree is read, so
 * that the policies beside the deep one are still checked, unless it nests too deep even for that (the tree's reader
 * recurses): the loader reports the depth either way.
 */
function policiesInModelText(text: string): EmbeddedPolicy[] {
  const structure = modelStructure(text);
  if (structure !== undefined) return modelPolicies(structure);
  try {
    return modelPolicies(parseTree(text, [], JSONC));
  } catch (error) {
    if (error instanceof RangeError) return [];
    throw error;
  }
}

/**
 * An authorization-details export's report (`aws iam get-account-authorization-details`), when `text` is one: each
 * policy document in it validated as its type (inline and managed policy versions as identity policies, role trust
 * policies as trust), as the editor does when the export is open.
 */
export function checkAuthorizationDetailsText(path: string, text: string, options: ModelCheckOptions): FileReport | undefined {
  if (!looksLikeAuthorizationDetailsText(text)) return undefined;
  const read = readExportText(text);
  if (read === undefined) return undefined;
  const findings = embeddedFindings(text, read.policies, options, { progressOf: path });
  return { file: path, type: 'authorizationDetails', diagnostics: toDiagnostics(text, [...read.problems, ...findings]) };
}

/**
 * An export's policies, and what is wrong with its text outside them: read in one pass when it reads without error,
 * else from its tree, whose syntax errors are reported (a file cut short between two documents was checked as if
 * whole), unless it nests too deep to read at all.
 */
function readExportText(text: string): { readonly policies: readonly EmbeddedPolicy[]; readonly problems: readonly Finding[] } | undefined {
  const policies = authorizationDetailsPoliciesInText(text, { encoded: true });
  if (policies !== undefined) return { policies, problems: [] };
  const deep = nestingBeyond(text, MAX_NESTING_DEPTH);
  if (deep !== undefined) return { policies: [], problems: [asError(nestingProblem(deep))] };
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, JSONC);
  if (!isAuthorizationDetails(tree)) return undefined;
  // As the model reader reports them.
  const problems = syntaxProblems(text, errors).map(asError);
  return { policies: authorizationDetailsPolicies(tree, { encoded: true }), problems };
}

function asError(problem: TextProblem): Finding {
  return { ...problem, severity: 'error' };
}

/** How many policies are checked between two looks at the progress line. */
const PROGRESS_EVERY = 500;

/** How `embeddedFindings` reads the policies, and what else reads them. */
interface EmbeddedReading {
  /**
   * The file's name on a progress line over its policies, shown at a terminal: a model or an export holds tens of
   * thousands, and checking them takes seconds.
   */
  readonly progressOf?: string;
  /** Handed each policy's parse, for another check of the same policy (none is parsed twice). */
  readonly onParsed?: (policy: EmbeddedPolicy, parsed: ParsedPolicy) => void;
}

/**
 * The validator's findings for policy documents written inside a larger file, placed in that file; each names its
 * policy (`inline policy extra of user alice`), which is also what a baseline matches it by.
 */
function embeddedFindings(
  text: string,
  embedded: readonly EmbeddedPolicy[],
  options: ModelCheckOptions,
  { progressOf, onParsed }: EmbeddedReading = {},
): (Finding & { readonly policy: PolicyRef })[] {
  const findings: (Finding & { readonly policy: PolicyRef })[] = [];
  const progress = progressOf === undefined ? undefined : progressLine('check');
  const total = embedded.length.toLocaleString('en-US');
  for (const [done, policy] of embedded.entries()) {
    if (done % PROGRESS_EVERY === 0) progress?.update(() => `${progressOf}: ${done.toLocaleString('en-US')} of ${total} policies`);
    const ref: PolicyRef = { label: policy.label, path: policy.label, type: policy.type };
    const document = policy.encoded !== undefined ? decodedDocument(policy.encoded) : text.slice(policy.span.offset, policy.span.offset + policy.span.length);
    if (document === undefined) {
      findings.push({
        code: 'jsonSyntax',
        severity: 'error',
        message: 'This URL-encoded policy document does not decode (a % not followed by two hex digits).',
        span: policy.span,
        policy: ref,
      });
      continue;
    }
    const parsed = parsePolicy(document);
    onParsed?.(policy, parsed);
    const result = validatePolicy(parsed, { type: policy.type, catalog: options.catalog, severities: options.severities });
    for (const finding of result.findings) {
      // Inside an encoded document no offset maps onto the file: the finding is placed on the whole string.
      const span = policy.encoded !== undefined ? policy.span : { offset: finding.span.offset + policy.span.offset, length: finding.span.length };
      findings.push({ ...finding, span, policy: ref });
    }
  }
  progress?.done();
  return findings;
}

/** A URL-encoded document's JSON text (IAM encodes per RFC 3986, so decodeURIComponent is exact), or undefined. */
function decodedDocument(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

/** A test file's report: its shape, its model's readability, and each test against the model (unknown principals, actions…). */
export async function checkTestFileReport(path: string, text: string, options: ModelCheckOptions): Promise<FileReport> {
  const host = cliModelHost();
  const absolute = resolve(path);
  const { testFile, diagnostics } = loadTestFile(absolute, host);
  const findings: Finding[] = diagnostics.filter((d) => d.file === absolute).map(asFinding);
  // The session policies a test writes inline are policies like any other, checked as session policies.
  const tree = parseTree(text, [], JSONC);
  findings.push(...embeddedFindings(text, testPolicies(tree), options));
  if (testFile.model !== undefined && !diagnostics.some((d) => d.severity === 'error')) {
    await prepareModelPath(testFile.model);
    const readable = host.readFile(testFile.model);
    if (typeof readable !== 'string') {
      const span = testFile.modelSpan ?? { offset: 0, length: 0 };
      findings.push({ code: 'unreadableFile', severity: 'error', message: `The model ${testFile.model} cannot be read (${readable.error}).`, span });
    } else {
      // As the editor says it, from the same core check.
      findings.push(...testFileAgainstModel(testFile, loadModel(testFile.model, host), options.catalog).map(asFinding));
    }
  }
  findings.sort((a, b) => a.span.offset - b.span.offset);
  return { file: path, type: 'test', diagnostics: toDiagnostics(text, findings) };
}

function asFinding(d: ModelDiagnostic): Finding {
  return { code: d.code, severity: d.severity, message: d.message, span: d.span };
}
