/**
 * Runs the built simulator panel (out/webview) alone in headless Chromium: a 127.0.0.1 HTTP server serves the page
 * made by the same builder the extension uses (with its real CSP), plus a fake `acquireVsCodeApi` loaded by a
 * nonce'd script. The fake forwards every message the panel posts to `FakeHost` in this process, which answers like
 * the extension host would. State set with `setState` lives in sessionStorage, so it survives a reload as in VS Code.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { HostToWebview, PanelRequest, WebviewToHost } from '../../client/src/protocol/messages';
import { webviewPage } from '../../client/src/protocol/webviewPage';
import { repoRoot } from '../unit/helpers/repoRoot';

export const CHROMIUM = process.env['IAM_LAB_CHROMIUM'] ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const FAKE_API = `(() => {
  const KEY = 'vscode-webview-state';
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi may be called only once');
    acquired = true;
    return {
      postMessage(message) { window.__toHost(JSON.parse(JSON.stringify(message))); },
      getState() { const saved = sessionStorage.getItem(KEY); return saved ? JSON.parse(saved) : undefined; },
      setState(state) { sessionStorage.setItem(KEY, JSON.stringify(state)); },
    };
  };
})();
`;

/** A few colours for the theme variables, as VS Code injects them; the panel itself hard-codes none. */
const THEME = `:root { --vscode-foreground: #cccccc; --vscode-editor-background: #1e1e1e; --vscode-testing-iconFailed: #f14c4c;
  --vscode-testing-iconPassed: #73c991; --vscode-textLink-foreground: #3794ff; --vscode-input-background: #3c3c3c;
  --vscode-input-foreground: #cccccc; --vscode-button-background: #0e639c; --vscode-button-foreground: #ffffff;
  --vscode-panel-border: #80808059; --vscode-descriptionForeground: #9d9d9d; --vscode-focusBorder: #007fd4;
  --vscode-dropdown-background: #3c3c3c; --vscode-dropdown-foreground: #f0f0f0; --vscode-textCodeBlock-background: #0a0a0a66;
  --vscode-diffEditor-removedTextBackground: #ff000033; --vscode-editor-findMatchHighlightBackground: #ea5c0055;
  --vscode-button-secondaryBackground: #3a3d41; --vscode-button-secondaryForeground: #cccccc;
  --vscode-font-family: sans-serif; --vscode-font-size: 13px; --vscode-editor-font-family: monospace; }`;

export interface PageServer {
  readonly origin: string;
  close(): Promise<void>;
}

/** `/` is the panel's page; `/?inline` adds an inline script without the nonce, which the CSP must refuse. */
export async function startPageServer(): Promise<PageServer> {
  const root = repoRoot();
  const files: Record<string, { type: string; body: () => string }> = {
    '/webview/main.js': { type: 'text/javascript', body: () => readFileSync(join(root, 'out/webview/main.js'), 'utf8') },
    '/webview/styles.css': { type: 'text/css', body: () => readFileSync(join(root, 'out/webview/styles.css'), 'utf8') },
    '/webview/theme.css': { type: 'text/css', body: () => THEME },
    '/fake-vscode.js': { type: 'text/javascript', body: () => FAKE_API },
  };
  let origin = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const file = files[url.pathname];
    if (file) {
      res.writeHead(200, { 'content-type': file.type });
      res.end(file.body());
      return;
    }
    if (url.pathname !== '/') {
      res.writeHead(404).end();
      return;
    }
    let html = webviewPage({
      cspSource: origin,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: `${origin}/webview/main.js`,
      styleUri: `${origin}/webview/styles.css`,
      preludeScriptUris: [`${origin}/fake-vscode.js`],
    });
    // VS Code adds the theme's variables itself; here a second stylesheet from the same origin stands in for it.
    html = html.replace('</head>', `<link rel="stylesheet" href="${origin}/webview/theme.css" />\n  </head>`);
    if (url.searchParams.has('inline')) html = html.replace('</body>', '<script>window.__inlineRan = true;</script>\n</body>');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

type Answer = (request: PanelRequest) => unknown;

/** Plays the extension host: records what the panel sends and answers its requests. */
export class FakeHost {
  readonly received: WebviewToHost[] = [];
  private waiters: { predicate: (m: WebviewToHost) => boolean; resolve: (m: WebviewToHost) => void }[] = [];

  constructor(
    readonly page: Page,
    /** What to send after `ready`; undefined sends nothing. */
    public onReady: () => HostToWebview | undefined,
    /** Returns the result, or throws to send an error reply. */
    public answer: Answer,
  ) {}

  static async attach(page: Page, onReady: () => HostToWebview | undefined, answer: Answer): Promise<FakeHost> {
    const host = new FakeHost(page, onReady, answer);
    await page.exposeFunction('__toHost', (message: WebviewToHost) => void host.receive(message));
    return host;
  }

  private async receive(message: WebviewToHost): Promise<void> {
    this.received.push(message);
    this.waiters = this.waiters.filter((w) => {
      if (!w.predicate(message)) return true;
      w.resolve(message);
      return false;
    });
    if (message.type === 'ready') {
      const init = this.onReady();
      if (init) await this.send(init);
    } else if (message.type === 'request') {
      let reply: HostToWebview;
      try {
        reply = { type: 'reply', id: message.id, ok: true, result: this.answer(message) };
      } catch (error) {
        reply = { type: 'reply', id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) };
      }
      await this.send(reply);
    }
  }

  async send(message: HostToWebview): Promise<void> {
    try {
      await this.page.evaluate((m) => window.postMessage(m, '*'), message);
    } catch (error) {
      // A reply racing the end of a test (page closed) has nobody to go to; anything else is a real failure.
      if (!/closed|destroyed|navigat/i.test(String(error))) throw error;
    }
  }

  /** Resolves with the first message (already received or coming) that matches. */
  waitFor(predicate: (m: WebviewToHost) => boolean, what: string, timeoutMs = 5000): Promise<WebviewToHost> {
    const seen = this.received.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
      this.waiters.push({
        predicate,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  requests(method: PanelRequest['method']): PanelRequest[] {
    return this.received.filter((m): m is PanelRequest => m.type === 'request' && m.method === method);
  }
}
