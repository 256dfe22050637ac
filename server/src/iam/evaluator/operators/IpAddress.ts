import type { OperatorFamily } from './types';

/**
 * `IpAddress` / `NotIpAddress` (rule 52): is the request address inside the policy's CIDR range, IPv4 or IPv6.
 * An address without a prefix is a single host (/32 or /128) — the rule's guess, pinned by a case. An IPv4 address
 * never falls in an IPv6 range or the reverse.
 */
export interface IpAddressValue {
  readonly version: 4 | 6;
  /** 16-bit groups: two for IPv4, eight for IPv6. */
  readonly groups: readonly number[];
}

export interface CidrValue extends IpAddressValue {
  readonly prefix: number;
}

export function parseIp(text: string): IpAddressValue | undefined {
  const t = text.trim();
  if (t.includes(':')) return parseIpv6(t);
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(t);
  if (!m) return undefined;
  const b = [m[1], m[2], m[3], m[4]].map(Number);
  if (b.some((x) => x > 255)) return undefined;
  return { version: 4, groups: [((b[0] ?? 0) << 8) | (b[1] ?? 0), ((b[2] ?? 0) << 8) | (b[3] ?? 0)] };
}

function parseIpv6(text: string): IpAddressValue | undefined {
  let head = text;
  let tailV4: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIp(text.slice(lastColon + 1));
    if (!v4) return undefined;
    tailV4 = [...v4.groups];
    // `::ffff:1.2.3.4` → head `::ffff`; `::1.2.3.4` → head `::`.
    head = text.slice(0, lastColon);
    if (head.endsWith(':')) head += ':';
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const left = parse(halves[0] ?? '');
  const right = halves.length === 2 ? parse(halves[1] ?? '') : [];
  if (!left || !right) return undefined;
  const explicit = left.length + right.length + tailV4.length;
  if (halves.length === 1 && explicit !== 8) return undefined;
  if (halves.length === 2 && explicit > 7) return undefined;
  const zeros = new Array<number>(8 - explicit).fill(0);
  return { version: 6, groups: [...left, ...(halves.length === 2 ? zeros : []), ...right, ...tailV4] };
}

export function parseCidr(text: string): CidrValue | undefined {
  const slash = text.indexOf('/');
  const address = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!address) return undefined;
  const max = address.version === 4 ? 32 : 128;
  if (slash < 0) return { ...address, prefix: max };
  const prefixText = text.slice(slash + 1).trim();
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  return prefix <= max ? { ...address, prefix } : undefined;
}

export function cidrContains(range: CidrValue, address: IpAddressValue): boolean {
  if (range.version !== address.version) return false;
  let remaining = range.prefix;
  for (let i = 0; i < range.groups.length && remaining > 0; i++) {
    const bits = Math.min(16, remaining);
    const mask = (0xffff << (16 - bits)) & 0xffff;
    if (((range.groups[i] ?? 0) & mask) !== ((address.groups[i] ?? 0) & mask)) return false;
    remaining -= bits;
  }
  return true;
}

export const ipAddress: OperatorFamily = {
  compile(base, policyValue) {
    const range = parseCidr(policyValue);
    if (!range) return { error: `"${policyValue}" is not an IP address or CIDR range (${base.name})` };
    return (requestValue) => {
      const address = parseIp(requestValue);
      if (!address) return 'typeError';
      return cidrContains(range, address) ? 'match' : 'noMatch';
    };
  },
  relation: () => 'in',
};
