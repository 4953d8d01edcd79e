import { isIPv4, isIPv6 } from 'node:net';
import type { IpNetwork } from './types';

/** An address as its family and its value as an unsigned integer of 32 or 128 bits. */
export interface IpAddress {
  version: 4 | 6;
  value: bigint;
}

/** Parses an IPv4 or IPv6 address (IPv6 with `::` and an embedded IPv4 tail), or returns undefined. */
export function parseIp(text: string): IpAddress | undefined {
  if (isIPv4(text)) return { version: 4, value: ipv4Value(text) };
  if (isIPv6(text)) return { version: 6, value: ipv6Value(text) };
  return undefined;
}

function ipv4Value(text: string): bigint {
  return text.split('.').reduce((acc, octet) => (acc << 8n) | BigInt(Number(octet)), 0n);
}

function ipv6Value(text: string): bigint {
  let groups = text.split('%')[0] as string;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(groups);
  if (v4) {
    const n = ipv4Value(v4[1] as string);
    groups = groups.slice(0, v4.index) + `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = groups.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  const all = tail === undefined ? left : [...left, ...Array<string>(missing).fill('0'), ...right];
  return all.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
}

/** Parses `address/bits` into a network; throws a message in AWS's words when malformed. */
export function parseCidr(text: string): IpNetwork {
  const parts = text.split('/');
  if (parts.length !== 2) throw new Error("Malformed CIDR, one '/' required");
  const [addressText, bitsText] = parts as [string, string];
  const address = parseIp(addressText);
  if (!address) throw new Error(`Nonstandard IP address: ${addressText}`);
  const width = address.version === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(bitsText)) throw new Error('Malformed CIDR, mask bits must be an integer');
  const bits = Number(bitsText);
  if (bits > width) throw new Error(`Malformed CIDR, mask bits must be between 0 and ${width}`);
  return { version: address.version, base: address.value & mask(width, bits), bits };
}

function mask(width: number, bits: number): bigint {
  const all = (1n << BigInt(width)) - 1n;
  return all ^ ((1n << BigInt(width - bits)) - 1n);
}

/** Whether an address text lies inside the network. */
export function inNetwork(text: string, network: IpNetwork): boolean {
  const address = parseIp(text);
  if (!address || address.version !== network.version) return false;
  const width = network.version === 4 ? 32 : 128;
  return (address.value & mask(width, network.bits)) === network.base;
}
