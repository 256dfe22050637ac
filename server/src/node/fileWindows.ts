// A large file read a window at a time (the core's `FileWindows`): an authorization-details export of tens of
// megabytes is scanned a megabyte at a time through one buffer, never read whole into memory new to the process.
import { isAscii } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { FileWindows } from '../iam/model';
import { MAX_FILE_BYTES } from './regularFile';

/** Files from this size are offered a window at a time; smaller ones are read whole as quickly. */
const WINDOWS_FROM = 4 * 1048576;

/** How much of the file one read brings into the buffer: reads nearby (an export's entries, in order) are served from it. */
const READ_SIZE = 1048576;

/** A regular file of at least `WINDOWS_FROM` bytes, read a window at a time; undefined for any other path. */
export function openFileWindows(path: string): FileWindows | undefined {
  let fd: number;
  try {
    // Non-blocking: a FIFO named as the model must not block here (it is no regular file, and is read by `readFile`).
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    return stat.isFile() && stat.size >= WINDOWS_FROM && stat.size <= MAX_FILE_BYTES ? new WindowsOnDisk(path, stat.size) : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * The file's bytes in windows through one buffer that holds the latest read. The file is opened for each read, not
 * held open: a command may load many models, and a read every megabyte costs nothing beside the scan.
 */
class WindowsOnDisk implements FileWindows {
  private buffer = Buffer.allocUnsafeSlow(READ_SIZE);
  /** Where the buffer's bytes are in the file: [start, end). */
  private start = 0;
  private end = 0;
  /** Whether every byte read into the buffer is ASCII, checked once per read rather than once per slice. */
  private ascii = true;

  constructor(
    private readonly path: string,
    readonly length: number,
  ) {}

  text(start: number, end: number): string | undefined {
    const last = Math.min(end, this.length);
    if (start < this.start || last > this.end) this.read(start, Math.max(last - start, READ_SIZE));
    if (start < this.start || last > this.end) return undefined;
    // Offsets are bytes: they are the text's characters only where every byte is ASCII. A read that holds another byte
    // gives no text at all (the file is then read whole), however little of it was asked for.
    return this.ascii ? this.buffer.toString('latin1', start - this.start, last - this.start) : undefined;
  }

  /** Reads `length` bytes from `start` into the buffer (fewer at the file's end; none when it cannot be read). */
  private read(start: number, length: number): void {
    if (length > this.buffer.length) this.buffer = Buffer.allocUnsafeSlow(length);
    this.start = start;
    this.end = start;
    let fd: number;
    try {
      fd = openSync(this.path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    } catch {
      return;
    }
    try {
      const wanted = Math.min(length, this.length - start);
      let filled = 0;
      while (filled < wanted) {
        const n = readSync(fd, this.buffer, filled, wanted - filled, start + filled);
        if (n === 0) break;
        filled += n;
      }
      this.end = start + filled;
      this.ascii = isAscii(this.buffer.subarray(0, filled));
    } catch {
      this.end = start;
    } finally {
      closeSync(fd);
    }
  }
}
