/**
 * The simulator panel's HTML page, as one pure function shared by the extension host (client/src/extension/
 * webviewHtml.ts, which supplies VS Code's URIs and a fresh nonce) and the headless-browser tests (which serve the
 * same page from a local server). Keeping one builder means the tests exercise the real Content-Security-Policy.
 *
 * The policy: nothing by default; scripts only with this page's nonce; styles and fonts only from the webview's own
 * resource origin; images from there too (and data: for VS Code's codicons). No inline data in <script>: the panel
 * gets everything by postMessage.
 */
export interface WebviewPageOptions {
  /** `webview.cspSource`: the origin the panel's own files are served from. */
  readonly cspSource: string;
  /** Base64 from crypto.randomBytes, fresh for every page. */
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  /** Extra scripts loaded (with the nonce) before the panel's own; the tests load a fake `acquireVsCodeApi` here. */
  readonly preludeScriptUris?: readonly string[];
  readonly title?: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeAttribute(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return ["default-src 'none'", `script-src 'nonce-${nonce}'`, `style-src ${cspSource}`, `font-src ${cspSource}`, `img-src ${cspSource} data:`].join('; ');
}

export function webviewPage(options: WebviewPageOptions): string {
  const nonce = escapeAttribute(options.nonce);
  const scripts = [...(options.preludeScriptUris ?? []), options.scriptUri]
    .map((uri) => `    <script nonce="${nonce}" src="${escapeAttribute(uri)}"></script>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(options.cspSource, options.nonce))}" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <link rel="stylesheet" href="${escapeAttribute(options.styleUri)}" />
    <title>${escapeAttribute(options.title ?? 'IAM Policy Simulator')}</title>
  </head>
  <body>
    <div id="app"></div>
${scripts}
  </body>
</html>
`;
}
