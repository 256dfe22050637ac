/**
 * Plain `.json` files that are policy documents become `iam-policy` documents (setting iamPolicy.detectPolicyJson),
 * so they get the grammar, the server's features, the CodeLens and the simulator like `*.policy.json` files. The test
 * is the server's own (`looksLikePolicy`), so client and server agree on what a policy is.
 */
import { parseTree } from 'jsonc-parser';
import * as vscode from 'vscode';
import { looksLikeAuthorizationDetailsText, looksLikePolicy } from '../../../server/src/iam/assist';
import { mayBeTemplateText } from '../../../server/src/iam/templateText';
import { templateReaders } from '../../../server/src/node/templateReaders';
import { LANGUAGE_ID } from './languageClient';

const OTHER_OWNERS = /(\.iam-model|\.iam-test|package|package-lock|tsconfig|jsconfig|settings|launch|tasks|extensions)\.json$/i;

export function isPolicyJson(document: vscode.TextDocument): boolean {
  if (document.languageId !== 'json' && document.languageId !== 'jsonc') return false;
  if (OTHER_OWNERS.test(document.uri.path)) return false;
  const text = document.getText();
  if (text.length > 2_000_000) return false;
  return looksLikePolicy(parseTree(text, [], { allowTrailingComma: true, disallowComments: false }), text);
}

/**
 * An `aws iam get-account-authorization-details` export: the language server validates every policy inside it (and
 * confirms the guess on the parsed tree). Exports run to tens of megabytes, so this is a text search, not a parse.
 */
export function isAuthorizationDetailsJson(document: vscode.TextDocument): boolean {
  if (document.languageId !== 'json' && document.languageId !== 'jsonc') return false;
  if (OTHER_OWNERS.test(document.uri.path)) return false;
  return looksLikeAuthorizationDetailsText(document.getText());
}

/**
 * A CloudFormation template or Terraform plan in a plain `.json` file (`stack.json`, `cdk.out/App.template.json`):
 * given to the language server like a policy file, which then validates each policy inside it. Same test as the
 * server's (`readTemplate`), so both agree.
 */
export function isTemplateJson(document: vscode.TextDocument): boolean {
  if (document.languageId !== 'json' && document.languageId !== 'jsonc') return false;
  if (OTHER_OWNERS.test(document.uri.path)) return false;
  const text = document.getText();
  // The template readers load only for a text that may be a template (most JSON the extension sees is not).
  return text.length <= 20_000_000 && mayBeTemplateText(text) && templateReaders().readTemplate(text) !== undefined;
}

export function registerPolicyJsonDetection(): vscode.Disposable {
  const check = (document: vscode.TextDocument): void => {
    // Type-checked: only the boolean true (the default) turns detection on; a string such as "false" does not.
    if (vscode.workspace.getConfiguration('iamPolicy', document.uri).get<unknown>('detectPolicyJson', true) !== true) return;
    if (isPolicyJson(document) || isAuthorizationDetailsJson(document) || isTemplateJson(document))
      void vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID);
  };
  vscode.workspace.textDocuments.forEach(check);
  return vscode.workspace.onDidOpenTextDocument(check);
}
