// @ts-check
// A minimal LSP client over a child process's stdio (Content-Length framing, JSON-RPC 2.0), enough to drive the
// language server the way an editor does and time its answers; the benchmarks use it, and so does the build, to warm
// the command line's code cache (codeCache.mjs). It answers the server's own requests (workspace/configuration,
// capability registration, progress) with neutral values.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export class LspClient {
  constructor(command, args, options = {}) {
    this.process = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = [];
    this.buffer = Buffer.alloc(0);
    this.stderr = '';
    this.process.stdout.on('data', (chunk) => this.onData(chunk));
    this.process.stderr.on('data', (chunk) => {
      this.stderr += chunk.toString();
    });
    this.exited = new Promise((resolve) =>
      this.process.on('exit', (code) => {
        // A server that dies fails every request still waiting, with what it printed, instead of a timeout.
        for (const waiter of this.pending.values()) waiter.reject(new Error(`the server exited (code ${code}): ${this.stderr.trim().split('\n')[0] ?? ''}`));
        this.pending.clear();
        resolve(code);
      }),
    );
  }

  onData(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = Number(/Content-Length: *(\d+)/i.exec(header)?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.onMessage(JSON.parse(body));
    }
  }

  onMessage(message) {
    if (message.id !== undefined && message.method === undefined) {
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (waiter) message.error ? waiter.reject(new Error(`${message.error.code}: ${message.error.message}`)) : waiter.resolve(message.result);
      return;
    }
    if (message.id !== undefined) {
      // A request from the server: answer so it never waits on us.
      let result = null;
      if (message.method === 'workspace/configuration') result = (message.params?.items ?? []).map(() => null);
      this.write({ jsonrpc: '2.0', id: message.id, result });
      return;
    }
    for (const listener of [...this.listeners]) listener(message);
  }

  write(message) {
    if (this.process.exitCode !== null || this.process.stdin.destroyed) return;
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.process.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.process.stdin.write(body);
  }

  request(method, params, timeoutMs = 30000) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.write({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method, params) {
    this.write({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with the first notification that satisfies `accept`. */
  waitFor(accept, timeoutMs = 30000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        reject(new Error(`no matching notification within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (message) => {
        if (!accept(message)) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== listener);
        resolve(message);
      };
      this.listeners.push(listener);
    });
  }

  /** Resident memory of the server process in MB (Linux /proc), or undefined elsewhere. */
  rssMb() {
    try {
      const status = readFileSync(`/proc/${this.process.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
      return Number.isFinite(kb) ? kb / 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  async shutdown() {
    try {
      await this.request('shutdown', null, 5000);
      this.notify('exit', null);
    } catch {
      // A server that does not answer is killed below.
    }
    const timer = setTimeout(() => this.process.kill(), 3000);
    await this.exited;
    clearTimeout(timer);
  }
}
