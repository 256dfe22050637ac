/**
 * An account's `templates`: CloudFormation/SAM templates and Terraform folders deployed in that account, beside what
 * the model writes by hand. Each is built into an account model by the host (the templates area) and read like the
 * account's own section, so everything the hand-written part says about the same user, group, role or policy name
 * replaces what the template says (with a note), as for authorization details.
 *
 *   "templates": ["./app/template.yaml", { "path": "./infra", "region": "eu-west-1" }]
 */
import { isAccountId } from '../arn';
import type { AccountDraft } from './accountDraft';
import { readAccountSection } from './accountSection';
import { capitalise } from '../explain/sentences';
import { describeType, JsonReader, nodeSpan, type JsonNode, type LocatedString } from './jsonReader';
import type { ModelHost } from './modelTypes';
import type { PolicyLoader } from './policyLoader';

const ENTRY_KEYS = ['path', 'region'] as const;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export function includeTemplates(reader: JsonReader, node: JsonNode, draft: AccountDraft, host: ModelHost, loader: PolicyLoader, files: Set<string>): void {
  const what = `the templates of account ${draft.id}`;
  if (node.type !== 'array') {
    reader.report(nodeSpan(node), `${capitalise(what)} must be a list of paths (["./template.yaml"]), not ${describeType(node)}.`, 'wrongType');
    return;
  }
  for (const item of node.children ?? []) {
    const entry = templateEntry(reader, item, what);
    if (entry) includeTemplate(reader, entry, draft, host, loader, files);
  }
}

interface TemplateEntry {
  readonly path: LocatedString;
  readonly region?: string;
}

/** `"./template.yaml"` or `{ "path": "./infra", "region": "eu-west-1" }`. */
function templateEntry(reader: JsonReader, item: JsonNode, what: string): TemplateEntry | undefined {
  if (item.type !== 'object') {
    const path = reader.expectString(item, `each entry of ${what}`);
    return path ? { path } : undefined;
  }
  const props = reader.knownProps(item, ENTRY_KEYS, `an entry of ${what}`);
  const pathProp = props.get('path');
  if (!pathProp) {
    reader.report(nodeSpan(item), `An entry of ${what} needs a "path": a template file or a Terraform folder.`, 'missingKey');
    return undefined;
  }
  const path = reader.expectString(pathProp.value, `the path of an entry of ${what}`);
  if (!path) return undefined;
  const region = reader.expectString(props.get('region')?.value, `the region of template '${path.value}'`);
  if (region && !REGION.test(region.value)) {
    reader.report(region.span, `'${region.value}' is not an AWS region (like 'eu-west-1').`, 'invalidRegion');
    return { path };
  }
  return region ? { path, region: region.value } : { path };
}

function includeTemplate(reader: JsonReader, entry: TemplateEntry, draft: AccountDraft, host: ModelHost, loader: PolicyLoader, files: Set<string>): void {
  const { path } = entry;
  const file = host.resolve(reader.file, path.value);
  files.add(file);
  if (!host.readTemplateModel) {
    reader.report(path.span, `Templates in a model are not read here; '${path.value}' is left out.`, 'unreadableFile');
    return;
  }
  const text = host.readTemplateModel(file, { account: draft.id, ...(entry.region !== undefined ? { region: entry.region } : {}) });
  if (typeof text !== 'string') {
    reader.report(path.span, `Cannot read the template '${path.value}' (${file}): ${text.error}`, 'unreadableFile');
    // And where the cause is, as what it is (a syntax error at its line in the template).
    if (text.at) reader.diagnosticsList.push({ file: text.at.file, span: text.at.span, severity: 'error', message: text.error, code: text.at.code });
    return;
  }
  loader.noteText(text);
  // The built model's own problems point into the template (the host maps its text back there).
  const built = new JsonReader(file, text, reader.diagnosticsList);
  const account = builtAccount(built.tree, draft.id);
  if (account) readAccountSection(built, account, draft, loader, () => undefined);
}

/** The one account section of a built model, the one it was built for. */
function builtAccount(tree: JsonNode | undefined, id: string): JsonNode | undefined {
  const accounts = tree?.children?.find((prop) => prop.children?.[0]?.value === 'accounts')?.children?.[1];
  const entry = accounts?.children?.find((prop) => prop.children?.[0]?.value === id && isAccountId(id));
  return entry?.children?.[1];
}
