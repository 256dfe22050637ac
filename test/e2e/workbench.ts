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

  /**
   * Runs a command from the palette by its title, as a user types it. On a loaded machine the palette can open before
   * the workbench has registered every command (or lose the typed filter to a late focus change); a person would close
   * it and try again, and so does this, saying at the end what the palette listed.
   */
  async command(title: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('F1');
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${title}`);
      const listed = await row.waitFor({ state: 'visible', timeout: 10_000 * attempt }).then(
        () => true,
        () => false,
      );
      if (listed) break;
      if (attempt === 3) {
        const shown = await this.page
          .locator('.quick-input-widget')
          .innerText()
          .catch(() => '');
        await this.screenshot('command-missing');
        throw new Error(`the command palette does not list "${title}"; it shows ${JSON.stringify(shown)}`);
      }
      await this.page.keyboard.press('Escape');
    }
    await this.page.keyboard.press('Enter');
    await this.page
      .locator('.quick-input-widget')
      .waitFor({ state: 'hidden' })
      .catch(() => undefined);
  }

  /**
   * Answers the web workbench's open dialog (a path typed into the quick input) with a file's path. The dialog lists
   * the folder it navigates to while the path is typed; Enter pressed before that listing settles can open a folder
   * instead of accepting the file, so while the dialog stays open the path is typed and accepted again, as a person
   * would.
   */
  async acceptOpenDialog(path: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    const input = widget.locator('input');
    for (let attempt = 1; ; attempt++) {
      await input.waitFor({ state: 'visible' });
      await input.fill(path);
      await this.page.waitForTimeout(500 * attempt);
      await this.page.keyboard.press('Enter');
      const closed = await widget.waitFor({ state: 'hidden', timeout: 5_000 * attempt }).then(
        () => true,
        () => false,
      );
      if (closed) return;
      if (attempt === 4) throw new Error(`the open dialog did not accept ${path}; it shows "${await input.inputValue()}"`);
    }
  }

  /**
   * Waits for a notification holding the text: as a toast, or in the notification center (a toast hides itself after
   * a while). On failure, says which notifications were shown.
   */
  async notification(text: string, timeout = 60_000): Promise<void> {
    const toast = this.page.locator('.notifications-toasts', { hasText: text });
    const seen = await toast.waitFor({ timeout }).then(
      () => true,
      () => false,
    );
    if (seen) return;
    const toasts = await this.page
      .locator('.notifications-toasts')
      .innerText()
      .catch(() => '');
    await this.command('Notifications: Show Notifications');
    const center = this.page.locator('.notifications-center');
    const inCenter = await center
      .filter({ hasText: text })
      .waitFor({ timeout: 5_000 })
      .then(
        () => true,
        () => false,
      );
    await this.page.keyboard.press('Escape');
    if (inCenter) return;
    const listed = await center.innerText().catch(() => '');
    await this.screenshot('notification-missing');
    throw new Error(`no notification says "${text}"; toasts: ${JSON.stringify(toasts)}; notification center: ${JSON.stringify(listed)}`);
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
