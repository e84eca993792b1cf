// Sprig's path and URL functions: base, dir, clean, ext, isAbs (Go's path package; the os*
// variants behave the same on Linux), urlParse and urlJoin (net/url).

import { GoError, goKindOf, isMap, newMap, type FuncDef } from '../values.ts';
import { fn } from './conv.ts';

/** Returns path.Clean(p). */
export function clean(p: string): string {
  if (p === '') return '.';
  const rooted = p[0] === '/';
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else out.push(part);
  }
  const s = (rooted ? '/' : '') + out.join('/');
  return s === '' ? (rooted ? '/' : '.') : s;
}

/** Returns path.Base(p). */
export function base(p: string): string {
  if (p === '') return '.';
  p = p.replace(/\/+$/, '');
  const i = p.lastIndexOf('/');
  if (i >= 0) p = p.slice(i + 1);
  return p === '' ? '/' : p;
}

/** Returns path.Dir(p). */
export function dir(p: string): string {
  const i = p.lastIndexOf('/');
  return clean(p.slice(0, i + 1));
}

/** Returns path.Ext(p). */
export function ext(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i);
  return '';
}

function unescapePath(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, '+'));
  } catch {
    throw new GoError(`unable to parse url: parse ${JSON.stringify(s)}: invalid URL escape`);
  }
}

/** Returns the fields of net/url.Parse(s) Sprig's urlParse exposes. */
function urlParse(s: string): Record<string, unknown> {
  let rest = s;
  let fragment = '';
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    fragment = unescapePath(rest.slice(hash + 1));
    rest = rest.slice(0, hash);
  }
  let scheme = '';
  const sm = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
  if (sm) {
    scheme = sm[1].toLowerCase();
    rest = rest.slice(sm[0].length);
  } else if (/^[^/?]*:/.test(rest) && !rest.startsWith('/')) {
    throw new GoError(`unable to parse url: parse ${JSON.stringify(s)}: missing protocol scheme`);
  }
  let query = '';
  const q = rest.indexOf('?');
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  let opaque = '';
  let host = '';
  let userinfo = '';
  let path = '';
  if (scheme !== '' && !rest.startsWith('/')) opaque = rest;
  else {
    if (rest.startsWith('//')) {
      rest = rest.slice(2);
      const slash = rest.indexOf('/');
      let authority = slash < 0 ? rest : rest.slice(0, slash);
      rest = slash < 0 ? '' : rest.slice(slash);
      const at = authority.lastIndexOf('@');
      if (at >= 0) {
        userinfo = authority.slice(0, at);
        authority = authority.slice(at + 1);
      }
      host = authority;
    }
    path = unescapePath(rest);
  }
  let hostname = host;
  const bracket = /^\[([^\]]*)\]/.exec(host);
  if (bracket) hostname = bracket[1];
  else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0) hostname = host.slice(0, colon);
  }
  const d = newMap();
  d.scheme = scheme;
  d.host = host;
  d.hostname = hostname;
  d.path = path;
  d.query = query;
  d.opaque = opaque;
  d.fragment = fragment;
  d.userinfo = userinfo;
  return d;
}

function escapePath(p: string): string {
  return encodeURI(p).replace(/[?#]/g, (c) => encodeURIComponent(c)).replace(/%5B/g, '[').replace(/%5D/g, ']');
}

function urlJoin(d: Record<string, unknown> | null): string {
  const get = (k: string): string => {
    if (d === null || !Object.hasOwn(d, k)) return '';
    const v = d[k];
    if (typeof v !== 'string') {
      if (v === null || v === undefined) throw new GoError('runtime error: invalid memory address or nil pointer dereference');
      throw new GoError(`unable to parse ${k} key, must be of type string, but ${goKindOf(v)} found`);
    }
    return v;
  };
  const scheme = get('scheme');
  const host = get('host');
  const path = get('path');
  const query = get('query');
  const opaque = get('opaque');
  const fragment = get('fragment');
  const userinfo = get('userinfo');
  let s = '';
  if (scheme !== '') s += scheme + ':';
  if (opaque !== '') s += opaque;
  else {
    if (scheme !== '' || host !== '' || userinfo !== '') {
      if (host !== '' || path !== '' || userinfo !== '') s += '//';
      if (userinfo !== '') s += userinfo + '@';
      s += host;
    }
    if (path !== '' && path[0] !== '/' && host !== '') s += '/';
    s += escapePath(path);
  }
  if (query !== '') s += '?' + query;
  if (fragment !== '') s += '#' + encodeURIComponent(fragment).replace(/%2F/g, '/');
  return s;
}

/** Returns the Sprig path and URL functions. */
export function pathFuncs(): Record<string, FuncDef> {
  const s1 = (f: (s: string) => unknown): FuncDef => fn(['string'], (_c, s: string) => f(s));
  return {
    base: s1(base), dir: s1(dir), clean: s1(clean), ext: s1(ext), isAbs: s1((p) => p.startsWith('/')),
    osBase: s1(base), osDir: s1(dir), osClean: s1(clean), osExt: s1(ext), osIsAbs: s1((p) => p.startsWith('/')),
    urlParse: s1(urlParse),
    urlJoin: fn(['map'], (_c, d: Record<string, unknown> | null) => urlJoin(isMap(d) ? d : null)),
  };
}
