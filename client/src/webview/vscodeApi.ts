/**
 * The one place that calls `acquireVsCodeApi` (VS Code allows it once per page). Everything else talks to the host
 * through `host` below: `post` for fire-and-forget messages, `request` for correlated requests that always settle.
 */
import type { HostToWebview, PanelMethod, ParamsOf, ResultOf, WebviewToHost } from '../protocol/messages';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi = acquireVsCodeApi();

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

const pending = new Map<number, Pending>();
let nextId = 1;

/** Settles the pending request a reply answers; returns true when the message was a reply. */
export function settleReply(message: HostToWebview): boolean {
  if (message.type !== 'reply') return false;
  const waiting = pending.get(message.id);
  if (!waiting) return true;
  pending.delete(message.id);
  if (message.ok) waiting.resolve(message.result);
  else waiting.reject(new Error(message.error));
  return true;
}

export const host = {
  post(message: WebviewToHost): void {
    api.postMessage(message);
  },
  request<M extends PanelMethod>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    const id = nextId++;
    return new Promise<ResultOf<M>>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      // The union cannot be narrowed from a generic method name; the shape is checked by PanelRequest's mapped type.
      api.postMessage({ type: 'request', id, method, params } as WebviewToHost);
    });
  },
  getState(): unknown {
    return api.getState();
  },
  setState(state: unknown): void {
    api.setState(state);
  },
};
