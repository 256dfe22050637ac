/**
 * Whether a text or a file may be a CloudFormation/SAM template, a Terraform configuration or plan, or a model file
 * naming one, told from the text or the path alone. These stand outside the templates area (whose front door
 * re-exports `mayBeTemplateText`) so that an editor can ask them of every document, and a model host of every read,
 * without loading the template readers, which only a template needs.
 */

/** A cheap look at the text, before any parse: can it be a template at all? */
export function mayBeTemplateText(text: string): boolean {
  if (NOT_TEMPLATE_FIRST_KEYS.has(firstKeyOf(text) ?? '')) return false;
  return TEMPLATE_PATTERN.test(text);
}

const TEMPLATE_PATTERN =
  /AWSTemplateFormatVersion|["']?Type["']?\s*:\s*["']?AWS::|Transform["']?\s*:\s*["']?AWS::Serverless|"(planned_values|resource_changes)"\s*:/;

/**
 * First keys that only a model or an authorization-details export opens with: such a text is read as what it says it
 * is, and the pattern is not tried over all of it (a 12 MB model took tens of milliseconds on every read). `$schema`
 * and `description` are not among them: a hand-written template may open with either.
 */
const NOT_TEMPLATE_FIRST_KEYS = new Set(['accounts', 'organization', 'UserDetailList', 'GroupDetailList', 'RoleDetailList']);

/** The first key of a JSON object text, when it is written plainly (no escape); undefined otherwise. */
function firstKeyOf(text: string): string | undefined {
  let at = skipSpace(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  if (text.charCodeAt(at) !== 0x7b) return undefined;
  at = skipSpace(text, at + 1);
  if (text.charCodeAt(at) !== 0x22) return undefined;
  const close = text.indexOf('"', at + 1);
  if (close < 0 || close - at > 64) return undefined;
  const key = text.slice(at + 1, close);
  return key.includes('\\') ? undefined : key;
}

function skipSpace(text: string, from: number): number {
  let at = from;
  for (let c = text.charCodeAt(at); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(++at));
  return at;
}

/** A file that may be a template, or a model file naming one (`.json` may be either, or neither). */
export function mayBeTemplateFile(path: string): boolean {
  return /\.(ya?ml|template|json)$/i.test(path);
}

/** A .tf file, or a path without an extension (which may be a folder of them). */
export function mayBeTerraformPath(path: string): boolean {
  return path.endsWith('.tf') || !/\.[A-Za-z0-9]+$/.test(path);
}

/** Whether a model file may name a template (`{ "template": "./template.yaml", … }`): the key is near its start. */
export function mayNameTemplate(text: string): boolean {
  return /"template"\s*:/.test(text.slice(0, 4096));
}

/**
 * Whether the templates' model host may answer a read of the file at `path`, whose text is `text`, with anything but
 * that text: a template, or a model file naming one. Anything else it hands back as read.
 */
export function mayReadAsTemplateModel(path: string, text: string): boolean {
  return mayBeTemplateFile(path) && (mayNameTemplate(text) || mayBeTemplateText(text));
}
