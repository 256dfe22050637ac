import { DeferredAccount, emptyAccount, type AccountDraft } from './accountDraft';
import { accountsMentioning, sectionsHolding, type AccountText } from './accountMentions';
import { closestNames } from './closestNames';
import { readAccountSection } from './accountSection';
import { includeTemplates } from './templateIncludes';
import { isAccountId } from '../arn';
import {
  accountOfExport,
  EXPORT_READING,
  importAuthorizationDetails,
  importExportRecords,
  isAuthorizationDetails,
  looksLikeExport,
  EXPORT_WINDOWS,
} from './authorizationDetails';
import type { ExportRecords } from './exportRecords';
import { scanExport, scanExportWindows } from './exportScanner';
import { MAX_NESTING_DEPTH } from '../parser/parsePolicy';
import { ACCOUNT_DEPTH, MODEL_READING, MODEL_READING_BY_ACCOUNT } from './modelReading';
import { buildModel } from './buildModel';
import { JsonReader, nodeSpan, objectProps, type JsonNode, type LocatedString } from './jsonReader';
import { strictSparseTree } from './sparseTree';
import { ValueNode } from './valueTree';
import type { LoadModelResult, ModelDiagnostic, ModelHost } from './modelTypes';
import { readOrganization, type OrganizationInfo } from './organization';
import { PolicyLoader } from './policyLoader';

const MODEL_KEYS = ['$schema', 'description', 'organization', 'accounts'] as const;

/** How a model is loaded; the default suits every caller, the alternative exists to prove the two agree. */
export interface LoadModelOptions {
  /**
   * Read every file in full and parse every policy document at load, as the loader once did, instead of keeping
   * each document's span and parsing it when a request first reaches it. The answers are the same either way.
   */
  readonly eager?: boolean;
  /**
   * For a command that answers a request or two (simulate): in a large model read as values, read each account's
   * section when a request first reaches it, not at load. What is wrong in an account is then reported when it is read
   * (into the same diagnostics), and a model answers as one read at once; listing its principals, resources, groups or
   * files reads every account.
   */
  readonly accountsOnDemand?: boolean;
}

/**
 * Loads an account model (`*.iam-model.json`, docs/formats.md, section 2) or an authorization-details export opened on its own
 * (a model of one account). Never throws: whatever is wrong is a diagnostic with file and span, and the model holds
 * everything that could be read. The model's structure is read once; each policy document is kept as its span and
 * parsed, once, when a request or an explanation first needs it (files named by the model are parsed at load, so
 * their syntax errors are reported).
 */
export function loadModel(path: string, host: ModelHost, options: LoadModelOptions = {}): LoadModelResult {
  const diagnostics: ModelDiagnostic[] = [];
  const loader = new PolicyLoader(host, diagnostics, options.eager === true);
  const drafts = new Map<string, AccountDraft | DeferredAccount>();
  const extraFiles = new Set<string>();
  const windowed = options.eager ? undefined : exportInWindows(path, host, loader);
  // An export scanned a window at a time has no text here: its records read what they need from the file.
  const text = windowed ? '' : host.readFile(path);
  if (typeof text !== 'string') {
    // A cause with a place of its own (a template's syntax error) is reported there, as what it is.
    diagnostics.push(
      text.at
        ? { file: text.at.file, span: text.at.span, severity: 'error', message: text.error, code: text.at.code }
        : { file: path, span: { offset: 0, length: 0 }, severity: 'error', message: `Cannot read the model ${path}: ${text.error}`, code: 'unreadableFile' },
    );
    return { model: buildModel({ file: path, drafts, loader, extraFiles: [] }), diagnostics };
  }
  loader.noteText(text);
  const scanned = windowed ?? (options.eager || !looksLikeExport(text) ? undefined : scanExport(text, MAX_NESTING_DEPTH));
  if (scanned) {
    readScannedExportOnItsOwn(new JsonReader(path, text, diagnostics, 'scanned'), scanned, drafts, loader);
    return { model: buildModel({ file: path, drafts, loader, extraFiles: [], deferPrincipals: true }), diagnostics };
  }
  // Models and exports are large and mostly policy documents: read them sparsely (see parseSparseTree).
  const sparse = options.eager ? undefined : looksLikeExport(text) ? EXPORT_READING : options.accountsOnDemand ? MODEL_READING_BY_ACCOUNT : MODEL_READING;
  const reader = new JsonReader(path, text, diagnostics, sparse);
  const tree = reader.tree;
  let organization: OrganizationInfo | undefined;
  const deferred: AccountText[] = [];
  if (isAuthorizationDetails(tree) && tree) readExportOnItsOwn(reader, tree, drafts, loader);
  else organization = readAccountModel(reader, tree, drafts, { host, loader, extraFiles, options, deferred });

  if (organization) checkOrganizationAccounts(reader, organization, drafts);
  const model = buildModel({
    file: path,
    ...(organization ? { organization } : {}),
    drafts,
    loader,
    // Files an account names are read when the account is.
    extraFiles,
    deferPrincipals: options.eager !== true,
    ...(deferred.length > 0 ? { accountsMentioning: accountsMentioning(text, deferred) } : {}),
  });
  return { model, diagnostics };
}

/**
 * An export the host offers to read a window at a time (a large file), scanned that way, never held as one string;
 * undefined for anything else, and for what that scan leaves to a reading of the whole text (see `scanExportWindows`).
 */
function exportInWindows(path: string, host: ModelHost, loader: PolicyLoader): ExportRecords | undefined {
  const windows = host.openWindows?.(path, EXPORT_WINDOWS);
  if (windows === undefined) return undefined;
  return scanExportWindows(windows, MAX_NESTING_DEPTH, (text) => loader.noteText(text));
}

/** An export opened as the model: one account, the one its ARNs name. */
function readExportOnItsOwn(reader: JsonReader, tree: JsonNode, drafts: Map<string, AccountDraft | DeferredAccount>, loader: PolicyLoader): void {
  importAuthorizationDetails(reader, tree, exportAccount(reader, accountOfExport(tree), drafts), loader);
}

/** The same, for an export scanned straight from its text. */
function readScannedExportOnItsOwn(
  reader: JsonReader,
  records: ExportRecords,
  drafts: Map<string, AccountDraft | DeferredAccount>,
  loader: PolicyLoader,
): void {
  importExportRecords(reader, records, exportAccount(reader, records.account, drafts), loader);
}

function exportAccount(reader: JsonReader, account: string | undefined, drafts: Map<string, AccountDraft | DeferredAccount>): AccountDraft {
  const accountId = account ?? '000000000000';
  if (accountId === '000000000000') {
    reader.report({ offset: 0, length: 0 }, 'No ARN in this export names its account; using 000000000000.', 'unknownAccount', 'warning');
  }
  const draft = emptyAccount(accountId);
  drafts.set(accountId, draft);
  return draft;
}

/** What reading an account model needs besides its reader: files it names are read through `host`. */
interface ModelReading {
  readonly host: ModelHost;
  readonly loader: PolicyLoader;
  readonly extraFiles: Set<string>;
  readonly options: LoadModelOptions;
  /** The accounts left to read when a request reaches them, where their text is. */
  readonly deferred: AccountText[];
}

/** What a file given as a model is instead, by its keys: a policy document or a policy test file. */
function notAModelMessage(keys: readonly string[]): string | undefined {
  if (keys.includes('accounts') || keys.includes('organization')) return undefined;
  if (keys.includes('Statement'))
    return 'This is a policy document, not an account model: a model lists "accounts" (and an "organization") whose users, groups and roles hold policies. Name the policy in an account of a model (*.iam-model.json), or check it with `iam-policy-lab check`.';
  if (keys.includes('tests'))
    return 'This is a policy test file, not an account model: its "model" names the model it runs against. Run it with `iam-policy-lab test`, or give that model here.';
  return undefined;
}

/** A `*.iam-model.json`: its organization (returned) and its accounts (into `drafts`). */
function readAccountModel(
  reader: JsonReader,
  tree: JsonNode | undefined,
  drafts: Map<string, AccountDraft | DeferredAccount>,
  reading: ModelReading,
): OrganizationInfo | undefined {
  const { host, loader, extraFiles, options, deferred } = reading;
  const root = reader.expectObject(tree, 'the account model');
  if (!root) return undefined;
  // A policy or a test file given where a model is wanted (`simulate -m policy.json`, `-m checks.iam-test.json`): said
  // so once, not as each of its keys unknown to a model.
  const notAModel = notAModelMessage(objectProps(root).map((prop) => prop.key));
  if (notAModel !== undefined) {
    reader.report(nodeSpan(root), notAModel, 'notAModel');
    return undefined;
  }
  const props = reader.knownProps(root, MODEL_KEYS, 'the account model');
  const orgNode = props.get('organization')?.value;
  const organization = orgNode ? readOrganization(reader, orgNode, loader) : undefined;
  const accountsNode = props.get('accounts')?.value;
  if (!accountsNode && !orgNode) {
    reader.report(nodeSpan(root), 'The model has neither "accounts" nor "organization": nothing to simulate.', 'emptyModel', 'warning');
  }
  const later = new AccountsLater(reader, drafts);
  for (const entry of reader.entries(accountsNode, 'accounts')) {
    if (!isAccountId(entry.key)) {
      reader.report(entry.keySpan, `Accounts are keyed by their 12-digit account id, and '${entry.key}' is not one.`, 'invalidAccountId');
      continue;
    }
    const read = (node: JsonNode, draft: AccountDraft): void =>
      readAccountSection(
        reader,
        node,
        draft,
        loader,
        (detailsNode) => importExport(reader, detailsNode, draft, host, loader, extraFiles, options),
        (listNode) => includeTemplates(reader, listNode, draft, host, loader, extraFiles),
      );
    const value = entry.value;
    // Left as its text by MODEL_READING_BY_ACCOUNT: read when a request first reaches the account.
    if (value instanceof ValueNode && value.opaqueObject !== undefined) later.add(entry.key, value, read);
    else {
      const draft = emptyAccount(entry.key);
      drafts.set(entry.key, draft);
      if (value) read(value, draft);
    }
  }
  deferred.push(...later.deferAll());
  return organization;
}

/**
 * The account sections a model read as values left as their text (MODEL_READING_BY_ACCOUNT), each to be read when a
 * request first reaches it. A section that names other files (`templates`, `authorizationDetails`: what they define
 * is not in the model's text, so no search of it finds it) or holds an escape (which a search for a quoted ARN would
 * miss) is read at load instead.
 */
class AccountsLater {
  private readonly sections: { readonly accountId: string; readonly value: ValueNode; readonly read: (node: JsonNode, draft: AccountDraft) => void }[] = [];
  /** The sections of the model read as a tree, by account, once, for the sections a reading as values refuses. */
  private treeSections: Map<string, JsonNode> | undefined;

  constructor(
    private readonly reader: JsonReader,
    private readonly drafts: Map<string, AccountDraft | DeferredAccount>,
  ) {}

  add(accountId: string, value: ValueNode, read: (node: JsonNode, draft: AccountDraft) => void): void {
    this.sections.push({ accountId, value, read });
    // Its place in the model's order is taken now; what it holds is decided by `deferAll`.
    this.drafts.set(accountId, new DeferredAccount(() => this.draft(accountId, value, read)));
  }

  /** Reads at load the sections that must be; the others stay deferred, and are returned with where their text is. */
  deferAll(): AccountText[] {
    const texts = this.sections.map(({ accountId, value }) => ({ accountId, span: value.span }));
    const now = sectionsHolding(this.reader.text, texts, ['\\', '"templates"', '"authorizationDetails"']);
    for (const { accountId } of this.sections) {
      const deferred = this.drafts.get(accountId);
      if (now.has(accountId) && deferred instanceof DeferredAccount) this.drafts.set(accountId, deferred.read());
    }
    return texts.filter((section) => !now.has(section.accountId));
  }

  private draft(accountId: string, value: ValueNode, read: (node: JsonNode, draft: AccountDraft) => void): AccountDraft {
    const draft = emptyAccount(accountId);
    const node = value.opened(ACCOUNT_DEPTH) ?? this.fromTree(accountId);
    if (node) read(node, draft);
    return draft;
  }

  /**
   * A section a reading as values refuses (a key given twice, a key that is an array index): read from the model read
   * as a tree, as the whole model would be read then, so that what is wrong is reported alike. The tree is read once,
   * however many sections need it.
   */
  private fromTree(accountId: string): JsonNode | undefined {
    if (this.treeSections === undefined) {
      this.treeSections = new Map();
      const tree = strictSparseTree(this.reader.text, MODEL_READING.isOpaque, MAX_NESTING_DEPTH);
      const accounts = tree ? objectProps(tree).find((prop) => prop.key === 'accounts')?.value : undefined;
      // The accounts object of a model read as values holds no id twice.
      for (const prop of accounts ? objectProps(accounts) : []) if (prop.value) this.treeSections.set(prop.key, prop.value);
    }
    return this.treeSections.get(accountId);
  }
}

/** `authorizationDetails`: a path (relative to the model) to an export, or the export inline. */
function importExport(
  reader: JsonReader,
  node: JsonNode,
  draft: AccountDraft,
  host: ModelHost,
  loader: PolicyLoader,
  files: Set<string>,
  options: LoadModelOptions,
): void {
  if (node.type === 'object') {
    importAuthorizationDetails(reader, node, draft, loader);
    return;
  }
  const path: LocatedString | undefined = reader.expectString(node, `the authorizationDetails of account ${draft.id}`);
  if (!path) return;
  const file = host.resolve(reader.file, path.value);
  files.add(file);
  const text = host.readFile(file);
  if (typeof text !== 'string') {
    reader.report(path.span, `Cannot read the authorization details '${path.value}' (${file}): ${text.error}`, 'unreadableFile');
    return;
  }
  loader.noteText(text);
  // The export's own diagnostics point into the export file.
  const scanned = options.eager ? undefined : scanExport(text, MAX_NESTING_DEPTH);
  if (scanned) {
    importExportRecords(new JsonReader(file, text, diagnosticsOf(reader), 'scanned'), scanned, draft, loader);
    return;
  }
  const exportReader = new JsonReader(file, text, diagnosticsOf(reader), options.eager ? undefined : EXPORT_READING);
  if (!exportReader.tree) return;
  if (!isAuthorizationDetails(exportReader.tree)) {
    reader.report(
      path.span,
      `'${path.value}' is not the output of 'aws iam get-account-authorization-details' (no UserDetailList, RoleDetailList, GroupDetailList or Policies).`,
      'invalidExport',
    );
    return;
  }
  importAuthorizationDetails(exportReader, exportReader.tree, draft, loader);
}

function diagnosticsOf(reader: JsonReader): ModelDiagnostic[] {
  return reader.diagnosticsList;
}

/**
 * An account the organization lists but the model does not describe is fine (it has just its root user), unless its
 * id is a near miss of one the model describes outside the organization: then it is almost surely a typo, and the
 * described account silently became standalone.
 */
function checkOrganizationAccounts(reader: JsonReader, organization: OrganizationInfo, drafts: ReadonlyMap<string, unknown>): void {
  const standalone = [...drafts.keys()].filter((id) => !organization.paths.has(id));
  if (standalone.length === 0) return;
  for (const listed of organization.accounts) {
    if (drafts.has(listed.value)) continue;
    const close = closestNames(listed.value, standalone, 3, 2);
    if (close.length === 0) continue;
    reader.report(
      listed.span,
      `Account ${listed.value} is in the organization but not under "accounts", and ${close.join(', ')} is under "accounts" but not in the organization (so no SCP applies to it). Did you mean ${close[0]}?`,
      'danglingReference',
      'warning',
    );
  }
}
