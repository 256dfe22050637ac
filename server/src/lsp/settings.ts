/**
 * The user's `iamPolicy.*` settings as the server uses them. Read with `workspace/configuration` when the client
 * supports it (cached until `workspace/didChangeConfiguration`), else taken from the change notification's payload.
 *
 * How to add a setting: add it to `IamPolicySettings` in protocol.ts, normalise it in `normalizeSettings` below, declare
 * it in package.json's `contributes.configuration`, and read it from `settings.current()` where it is needed.
 */
import type { Connection } from 'vscode-languageserver';
import type { Severity } from '../iam/findings';
import { isPolicyType, type PolicyTypeOption } from '../iam/policyTypes';
import type { IamPolicySettings } from './protocol';

export interface Settings {
  readonly rules: Readonly<Record<string, Severity | 'off'>>;
  readonly model: string | undefined;
  readonly policyType: PolicyTypeOption;
  readonly diagnosticsDelay: number;
}

export const DEFAULT_SETTINGS: Settings = { rules: {}, model: undefined, policyType: 'auto', diagnosticsDelay: 200 };

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);

/** Turns whatever the client sent into valid settings; unknown values fall back to defaults instead of failing. */
export function normalizeSettings(raw: unknown): Settings {
  if (raw === null || typeof raw !== 'object') return DEFAULT_SETTINGS;
  const input = raw as IamPolicySettings;
  const rules: Record<string, Severity | 'off'> = {};
  if (input.rules !== null && typeof input.rules === 'object') {
    for (const [id, value] of Object.entries(input.rules)) {
      const lower = typeof value === 'string' ? value.toLowerCase() : '';
      // VS Code users often write "information"; accept it as "info".
      const severity = lower === 'information' ? 'info' : lower;
      if (SEVERITIES.has(severity)) rules[id] = severity as Severity | 'off';
    }
  }
  const policyType = typeof input.policyType === 'string' && (input.policyType === 'auto' || isPolicyType(input.policyType)) ? input.policyType : 'auto';
  const delay =
    typeof input.diagnosticsDelay === 'number' && input.diagnosticsDelay >= 0 ? Math.min(input.diagnosticsDelay, 5000) : DEFAULT_SETTINGS.diagnosticsDelay;
  return {
    rules,
    model: typeof input.model === 'string' && input.model.trim() !== '' ? input.model.trim() : undefined,
    policyType,
    diagnosticsDelay: delay,
  };
}

export class SettingsStore {
  private cached: Settings | undefined;
  private pushed: Settings = DEFAULT_SETTINGS;
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly pull: () => boolean,
  ) {
    connection.onDidChangeConfiguration((change) => {
      const settings = (change.settings as { iamPolicy?: unknown } | null | undefined)?.iamPolicy;
      if (settings !== undefined) this.pushed = normalizeSettings(settings);
      this.cached = undefined;
      for (const listener of this.listeners) listener();
    });
  }

  /** Settings given in the initialization options: used until the client says otherwise. */
  setInitial(raw: unknown): void {
    if (raw !== undefined && raw !== null) this.pushed = normalizeSettings(raw);
  }

  /** The settings, fetched from the client once and then cached. */
  async current(): Promise<Settings> {
    if (this.cached !== undefined) return this.cached;
    if (!this.pull()) return this.pushed;
    try {
      const raw: unknown = await this.connection.workspace.getConfiguration({ section: 'iamPolicy' });
      // An empty answer (a client that knows no such section) keeps what the initialization options gave.
      this.cached = raw === null || raw === undefined || (typeof raw === 'object' && Object.keys(raw).length === 0) ? this.pushed : normalizeSettings(raw);
    } catch {
      this.cached = this.pushed;
    }
    return this.cached;
  }

  onDidChange(listener: () => void): void {
    this.listeners.push(listener);
  }
}
