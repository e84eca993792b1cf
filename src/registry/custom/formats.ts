// String formats a CRD schema may check (apiextensions-apiserver pkg/apiserver/validation
// formats.go: the formats kube-openapi's strfmt registry validates for custom resources). Any
// other format is informational and never checked, as upstream strips unsupported formats.

import { isIP, isIPv4, isIPv6 } from 'node:net';

const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})$/;
const fullDate = /^(\d{4})-(\d{2})-(\d{2})$/;
const hexByte = '[0-9a-fA-F]{2}';

function validDate(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

function isDateTime(s: string): boolean {
  const m = rfc3339.exec(s);
  if (!m) return false;
  const [, y, mo, d, h, mi, se] = m as unknown as string[];
  return validDate(y as string, mo as string, d as string) && Number(h) < 24 && Number(mi) < 60 && Number(se) < 61;
}

function isBase64(s: string): boolean {
  return s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s);
}

function isCidr(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const ip = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  const version = isIP(ip);
  return version !== 0 && Number(bits) <= (version === 4 ? 32 : 128);
}

const uuid = (version: string): RegExp => new RegExp(`^[0-9a-f]{8}-?[0-9a-f]{4}-?${version}[0-9a-f]{3}-?[89ab]?[0-9a-f]{3,4}-?[0-9a-f]{12}$`, 'i');

const checks: Record<string, (s: string) => boolean> = {
  'date-time': isDateTime,
  datetime: isDateTime,
  date: (s) => {
    const m = fullDate.exec(s);
    return m !== null && validDate(m[1] as string, m[2] as string, m[3] as string);
  },
  byte: isBase64,
  password: () => true,
  uuid: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s),
  uuid3: (s) => uuid('3').test(s),
  uuid4: (s) => uuid('4').test(s),
  uuid5: (s) => uuid('5').test(s),
  email: (s) => /^[^\s@]+@[^\s@]+$/.test(s),
  hostname: (s) => s.length <= 255 && /^([a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*\.?$/.test(s),
  ipv4: (s) => isIPv4(s),
  ipv6: (s) => isIPv6(s),
  cidr: isCidr,
  mac: (s) => new RegExp(`^(${hexByte}[:-]){5}${hexByte}$|^(${hexByte}[:-]){7}${hexByte}$|^([0-9a-fA-F]{4}\\.){2}[0-9a-fA-F]{4}$`).test(s),
  uri: (s) => s.length > 0 && ![...s].some((c) => c.trim() === '' || (c.codePointAt(0) ?? 0) < 0x20),
  duration: (s) => /^(\s*[-+]?\d+(\.\d+)?\s*(ns|us|µs|ms|s|m|h|d|w|mins?|minutes?|hours?|days?|weeks?|secs?|seconds?)\s*)+$/.test(s),
  hexcolor: (s) => /^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(s),
  rgbcolor: (s) => /^rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)$/.test(s),
  bsonobjectid: (s) => /^[0-9a-fA-F]{24}$/.test(s),
  isbn: (s) => /^(?:\d{9}[\dXx]|\d{13})$/.test(s.replace(/[\s-]/g, '')),
  isbn10: (s) => /^\d{9}[\dXx]$/.test(s.replace(/[\s-]/g, '')),
  isbn13: (s) => /^\d{13}$/.test(s.replace(/[\s-]/g, '')),
  creditcard: (s) => /^\d{13,19}$/.test(s.replace(/[\s-]/g, '')),
  ssn: (s) => /^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(s),
};

/** Returns whether custom resources check values of `format`. */
export function isSupportedFormat(format: string | undefined): format is string {
  return format !== undefined && Object.hasOwn(checks, format);
}

/** Returns whether `value` is valid for a supported `format`. */
export function matchesFormat(format: string, value: string): boolean {
  return checks[format]?.(value) ?? true;
}
