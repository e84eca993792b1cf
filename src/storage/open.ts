// openStorage: the one place a storage URL becomes a backend.
//   memory://                      in-process, for tests
//   sqlite://PATH                  the default; PATH relative to the working directory or absolute
//   etcd://HOST:PORT[,HOST:PORT]   etcd v3; an optional /PREFIX path isolates several stores

import { resolve } from 'node:path';
import type { KVEngine } from './engine.ts';
import { EtcdEngine } from './etcd/index.ts';
import type { Storage } from './interface.ts';
import { openMemoryEngine } from './memory/index.ts';
import { openSqliteEngine } from './sqlite/index.ts';
import { StorageError } from './errors.ts';
import { Store } from './store.ts';

/** Returns the engine a storage URL names. */
export function openEngine(url: string): KVEngine {
  const match = /^([a-z0-9]+):\/\/(.*)$/.exec(url);
  if (!match) throw new StorageError('InvalidRequest', url, `invalid storage URL "${url}": expected memory://, sqlite://PATH or etcd://HOST:PORT`);
  const [, scheme, rest] = match as unknown as [string, string, string];
  switch (scheme) {
    case 'memory':
      return openMemoryEngine();
    case 'sqlite':
      if (rest === '') throw new StorageError('InvalidRequest', url, 'sqlite:// needs a file path, e.g. sqlite://data/loft.db');
      return openSqliteEngine(resolve(rest));
    case 'etcd': {
      const slash = rest.indexOf('/');
      const hosts = slash >= 0 ? rest.slice(0, slash) : rest;
      const keyPrefix = slash >= 0 ? rest.slice(slash) : '';
      const endpoints = hosts.split(',').filter(Boolean).map((host) => `http://${host}`);
      if (endpoints.length === 0) throw new StorageError('InvalidRequest', url, 'etcd:// needs at least one HOST:PORT');
      return new EtcdEngine({ endpoints, keyPrefix: keyPrefix === '/' ? '' : keyPrefix });
    }
    default:
      throw new StorageError('InvalidRequest', url, `unknown storage scheme "${scheme}": expected memory, sqlite or etcd`);
  }
}

/** Returns the Storage a URL names. */
export function openStorage(url: string): Storage {
  return new Store(openEngine(url));
}
