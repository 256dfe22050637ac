// A large file read a window at a time (the core's `FileWindows`): an authorization-details export of tens of
// megabytes is scanned through small buffers, never read whole into memory new to the process.
import { isAscii } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import type { FileWindows, WindowsWanted } from '../iam/model';
import { MAX_FILE_BYTES } from './regularFile';

/** Files from this size are offered a window at a time; smaller ones are read whole as quickly. */
const WINDOWS_FROM = 4 * 1048576;

/** How much of the file a long read (a window of the scan, a part of the search for lines) brings in at once. */
const AHEAD = 1048576;

/** How much a short read (a document or an entry read back for a request) brings in: the entries near it too. */
const NEAR = 65536;

/** A file read a window at a time changed since it was opened: no answer can be given from it, and the user is told so. */
export class FileChangedError extends Error {}

let latest: WindowsOnDisk | undefined;

/**
 * A regular file of at least `WINDOWS_FROM` bytes, all ASCII, whose start is `wanted`, read a window at a time;
 * undefined for any other path (read whole instead: offsets in a file with another byte are not its text's). The file
 * last opened is kept: a command asks about its model more than once (is it an export, can it be read, where are its
 * lines), and the ASCII check reads the whole file. Its start is looked at first, so that a large file read whole anyway
 * (a model of an organization) is not read through once more for that check.
 */
export function openFileWindows(path: string, { headLength, wanted }: WindowsWanted): FileWindows | undefined {
  const identity = identityOf(path);
  if (identity === undefined || !identity.isFile() || identity.size < WINDOWS_FROM || identity.size > MAX_FILE_BYTES) return undefined;
  const known = latest?.path === path && latest.sameFile(identity) ? latest : undefined;
  const opened = known ?? new WindowsOnDisk(path, identity);
  try {
    // A file not wanted leaves the one opened last in place: a command may ask about it again.
    if (!wanted(opened.text(0, headLength))) return undefined;
    if (known) return known;
    latest = opened.allAscii() ? opened : undefined;
  } catch {
    // Changed or gone while checked: read whole, which says what is wrong.
    latest = undefined;
  }
  return latest;
}

function identityOf(path: string): Stats | undefined {
  let fd: number;
  try {
    // Non-blocking: a FIFO named as the model must not block here (it is no regular file, and is read by `readFile`).
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    return undefined;
  }
  try {
    return fstatSync(fd);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** A buffer holding bytes of the file from `start`. */
interface Held {
  bytes: Buffer;
  start: number;
  end: number;
}

/**
 * The file's bytes through two buffers: one for long reads in order (the scan), one for short reads anywhere (what a
 * request reads back), so that neither evicts the other. The file is opened for each read, not held open (a command may
 * load many models), and each read checks that it is still the file opened: one changed since would give text of
 * another file at the offsets of this one.
 */
class WindowsOnDisk implements FileWindows {
  readonly length: number;
  private readonly ahead: Held = { bytes: Buffer.allocUnsafeSlow(AHEAD), start: 0, end: 0 };
  private readonly near: Held = { bytes: Buffer.allocUnsafeSlow(NEAR), start: 0, end: 0 };

  constructor(
    readonly path: string,
    private readonly identity: Stats,
  ) {
    this.length = identity.size;
  }

  sameFile(now: Stats): boolean {
    return now.size === this.identity.size && now.mtimeMs === this.identity.mtimeMs && now.ino === this.identity.ino && now.dev === this.identity.dev;
  }

  /** Reads the file once through, a megabyte at a time, for a byte that is not ASCII. */
  allAscii(): boolean {
    for (let at = 0; at < this.length; at = this.ahead.end) {
      this.fill(this.ahead, at, AHEAD);
      if (!isAscii(this.ahead.bytes.subarray(0, this.ahead.end - this.ahead.start))) return false;
    }
    return true;
  }

  text(start: number, end: number): string {
    const last = Math.min(end, this.length);
    const held = [this.ahead, this.near].find((h) => start >= h.start && last <= h.end) ?? this.read(start, last - start);
    return held.bytes.toString('latin1', start - held.start, last - held.start);
  }

  private read(start: number, length: number): Held {
    const held = length > NEAR / 2 ? this.ahead : this.near;
    this.fill(held, start, Math.max(length, held === this.ahead ? AHEAD : NEAR));
    return held;
  }

  /** Reads `length` bytes from `start` into `held` (fewer at the file's end); throws when the file changed or went. */
  private fill(held: Held, start: number, length: number): void {
    if (length > held.bytes.length) held.bytes = Buffer.allocUnsafeSlow(length);
    held.start = start;
    held.end = start;
    let fd: number;
    try {
      fd = openSync(this.path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    } catch {
      throw this.changed();
    }
    try {
      if (!this.sameFile(fstatSync(fd))) throw this.changed();
      const wanted = Math.min(length, this.length - start);
      let filled = 0;
      while (filled < wanted) {
        const n = readSync(fd, held.bytes, filled, wanted - filled, start + filled);
        if (n === 0) throw this.changed();
        filled += n;
      }
      held.end = start + filled;
    } finally {
      closeSync(fd);
    }
  }

  private changed(): FileChangedError {
    return new FileChangedError(`${this.path} changed while it was read; run the command again`);
  }
}
