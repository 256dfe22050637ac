/**
 * Checks of condition values by operator family: booleans, numbers, dates, IP ranges (CIDR) and base-64. Pure
 * functions without regular expressions compiled per call.
 */

/** AWS reads Bool values case-insensitively as "true" or "false". */
export function isBoolValue(value: string): boolean {
  const lower = value.toLowerCase();
  return lower === 'true' || lower === 'false';
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Integers and decimals, as the Numeric operators accept them. */
export function isNumericValue(value: string): boolean {
  return NUMBER.test(value);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const EPOCH = /^\d{1,13}$/;
const LOOSE_DATE = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T].*)?$/;

/**
 * `valid`: ISO 8601 (`2026-01-31`, `2026-01-31T12:00:00Z`) or epoch seconds/milliseconds; `loose`: date-like text
 * that may not resolve as expected (`2026/1/31`, `2026-1-31`); `invalid`: not a date.
 */
export function dateValueKind(value: string): 'valid' | 'loose' | 'invalid' {
  if (EPOCH.test(value)) return 'valid';
  if (ISO_DATE.test(value)) {
    const month = Number(value.slice(5, 7));
    const day = Number(value.slice(8, 10));
    return month >= 1 && month <= 12 && day >= 1 && day <= 31 ? 'valid' : 'invalid';
  }
  return LOOSE_DATE.test(value) ? 'loose' : 'invalid';
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function isBase64Value(value: string): boolean {
  return value.length > 0 && BASE64.test(value);
}

/** A parsed IP range: the address bytes, the prefix length, and whether it is IPv6. */
export interface IpRange {
  readonly bytes: Uint8Array;
  readonly prefix: number;
  readonly v6: boolean;
  /** True when no prefix was written (a single address). */
  readonly bare: boolean;
}

function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i] ?? '';
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    bytes[i] = Number(p);
  }
  return bytes;
}

function parseIpv6(text: string): Uint8Array | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  let head = groups(halves[0] ?? '');
  let tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  // An embedded IPv4 tail (`::ffff:192.0.2.1`) counts as two groups.
  const last = (halves.length === 2 ? tail : head).at(-1);
  let v4: Uint8Array | undefined;
  if (last?.includes('.')) {
    v4 = parseIpv4(last);
    if (!v4) return undefined;
    if (halves.length === 2) tail = tail.slice(0, -1);
    else head = head.slice(0, -1);
  }
  const groupCount = head.length + tail.length + (v4 ? 2 : 0);
  if (halves.length === 1 ? groupCount !== 8 : groupCount > 7) return undefined;
  const all = [...head, ...Array<string>(8 - groupCount).fill('0'), ...tail];
  const bytes = new Uint8Array(16);
  for (let i = 0; i < all.length; i++) {
    const g = all[i] ?? '';
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    const n = parseInt(g, 16);
    bytes[i * 2] = n >> 8;
    bytes[i * 2 + 1] = n & 255;
  }
  if (v4) bytes.set(v4, 12);
  return bytes;
}

/** Parses `203.0.113.0/24`, `203.0.113.9`, `2001:db8::/32`; undefined when malformed. */
export function parseIpRange(value: string): IpRange | undefined {
  const slash = value.indexOf('/');
  const address = slash >= 0 ? value.slice(0, slash) : value;
  const prefixText = slash >= 0 ? value.slice(slash + 1) : undefined;
  const v6 = address.includes(':');
  const bytes = v6 ? parseIpv6(address) : parseIpv4(address);
  if (!bytes) return undefined;
  const max = v6 ? 128 : 32;
  if (prefixText !== undefined && (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max)) return undefined;
  return { bytes, prefix: prefixText === undefined ? max : Number(prefixText), v6, bare: prefixText === undefined };
}

/** The range with the host bits cleared; equal to the input when it is already the network address. */
export function networkAddress(range: IpRange): Uint8Array {
  const out = new Uint8Array(range.bytes);
  for (let bit = range.prefix; bit < out.length * 8; bit++) {
    const index = bit >> 3;
    out[index] = (out[index] ?? 0) & ~(0x80 >> (bit & 7));
  }
  return out;
}

export function formatAddress(bytes: Uint8Array, v6: boolean): string {
  if (!v6) return [...bytes].join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  // Compress the longest run of zero groups, as RFC 5952 recommends.
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLength && j - i > 1) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
}

function within(range: IpRange, network: IpRange): boolean {
  if (range.v6 !== network.v6 || range.prefix < network.prefix) return false;
  for (let bit = 0; bit < network.prefix; bit++) {
    const mask = 0x80 >> (bit & 7);
    if (((range.bytes[bit >> 3] ?? 0) & mask) !== ((network.bytes[bit >> 3] ?? 0) & mask)) return false;
  }
  return true;
}

/** Ranges that never appear as aws:SourceIp: RFC 1918, loopback, link-local, shared address space, ULA. */
const PRIVATE_RANGES: readonly IpRange[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '100.64.0.0/10',
  'fc00::/7',
  'fe80::/10',
  '::1/128',
].map((r) => parseIpRange(r) as IpRange);

/** True when the whole range lies in private address space. */
export function isPrivateRange(range: IpRange): boolean {
  const v4 = mappedIpv4(range);
  return PRIVATE_RANGES.some((p) => within(v4 ?? range, p));
}

/** The IPv4 range an IPv4-mapped IPv6 range (`::ffff:10.0.0.0/104`) stands for (RFC 4291, 2.5.5.2). */
function mappedIpv4(range: IpRange): IpRange | undefined {
  const b = range.bytes;
  if (!range.v6 || range.prefix < 96 || b.length !== 16 || b.subarray(0, 10).some((x) => x !== 0) || b[10] !== 0xff || b[11] !== 0xff) return undefined;
  return { bytes: b.slice(12), prefix: range.prefix - 96, v6: false, bare: range.bare };
}
