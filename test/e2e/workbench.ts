/**
 * Drives the real VS Code workbench (code-server in headless Chromium) the way a person does: the command palette,
 * quick open, the keyboard, clicks. Selectors are VS Code's own DOM classes, kept here in one place.
 */
import { join } from 'node:path';
import { chromium, type Browser, type FrameLocator, type Page } from 'playwright-core';

const CHROMIUM = process.env['IAM_LAB_CHROMIUM'] ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export class Workbench {
  private constructor(
    readonly browser: Browser,
    readonly page: Page,
    readonly screenshots: string | undefined,
  ) {}

  static async open(url: string, screenshots: string | undefined): Promise<Workbench> {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    return new Workbench(browser, page, screenshots);
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  async screenshot(name: string): Promise<void> {
    if (this.screenshots) await this.page.screenshot({ path: join(this.screenshots, `${name}.png`) });
  }

  /** Runs a command from the palette by its title, as a user types it. */
  async command(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await this.page.keyboard.press('Enter');
    await this.page
      .locator('.quick-input-widget')
      .waitFor({ state: 'hidden' })
      .catch(() => undefined);
  }

  /** Opens a workspace file by quick open. */
  async openFile(name: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(name);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: name.split('/').pop() ?? name }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tab.active', { hasText: name.split('/').pop() ?? name }).waitFor({ timeout: 15_000 });
    await this.editor().click({ position: { x: 300, y: 10 } });
  }

  editor() {
    return this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
  }

  /** The text of the active editor as rendered (visible lines). */
  async editorText(): Promise<string> {
    return (await this.editor().innerText()).replace(/\u00a0/g, ' ');
  }

  /** Moves the cursor to a line and column (1-based) with Go to Line. */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
  }

  /** "Ln 7, Col 5" from the status bar. */
  async cursor(): Promise<{ line: number; column: number }> {
    const text = await this.page.locator('.statusbar-item[id="status.editor.selection"]').innerText();
    const m = /Ln (\d+), Col (\d+)/.exec(text);
    return { line: Number(m?.[1] ?? 0), column: Number(m?.[2] ?? 0) };
  }

  /** The content of every after-decoration in the active editor (rendered as CSS ::after, not as text). */
  async afterDecorations(): Promise<string[]> {
    return this.page.evaluate(() => {
      const found: string[] = [];
      const lines = document.querySelector('.editor-group-container.active .monaco-editor .view-lines');
      for (const el of Array.from(lines?.querySelectorAll('span') ?? [])) {
        const content = getComputedStyle(el, '::after').content;
        if (content && content !== 'none' && content !== 'normal') found.push(content.replace(/^"|"$/g, ''));
      }
      return found;
    });
  }

  /** The simulator panel's document (a webview: an iframe inside an iframe). */
  simulator(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  }
}
