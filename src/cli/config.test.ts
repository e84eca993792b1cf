// config.json and defaults.json against loft-platform-api.md §6: where they live, what they hold,
// who may read them.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { configPath, defaultsPath, loftFolder, normalizeHost, readConfig, readDefaults, resolveProject, writeConfig, writeDefaults } from './config.ts';
import { CliError } from './errors.ts';

const home = (): string => mkdtempSync(join(tmpdir(), 'loft-config-'));

test('config.json lives in ~/.loft; LOFT_CACHE_FOLDER moves the folder (relative to home), LOFT_CONFIG and --config the file', () => {
  assert.equal(loftFolder({ HOME: '/h' }), '/h/.loft');
  assert.equal(configPath({ HOME: '/h' }), '/h/.loft/config.json');
  assert.equal(defaultsPath({ HOME: '/h' }), '/h/.loft/defaults.json');
  assert.equal(configPath({ HOME: '/h', LOFT_CACHE_FOLDER: '.loft-dev' }), '/h/.loft-dev/config.json');
  assert.equal(configPath({ HOME: '/h', LOFT_CACHE_FOLDER: '/abs/folder' }), '/abs/folder/config.json');
  assert.equal(defaultsPath({ HOME: '/h', LOFT_CACHE_FOLDER: '.x' }), '/h/.x/defaults.json');
  assert.equal(configPath({ HOME: '/h', LOFT_CONFIG: '/etc/loft.json' }), '/etc/loft.json');
  assert.equal(configPath({ HOME: '/h', LOFT_CONFIG: '/etc/loft.json' }, '/flag.json'), '/flag.json');
  // The path goes into kubeconfigs, so a relative --config becomes absolute.
  assert.equal(configPath({ HOME: '/h' }, 'rel.json'), join(process.cwd(), 'rel.json'));
});

test('config.json: kind Config, apiVersion storage.loft.sh/v1, host, accesskey, insecure, CA data; mode 0600; unknown fields kept', () => {
  const path = join(home(), '.loft', 'config.json');
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, JSON.stringify({ host: 'https://old', lastInstallContext: 'kind-x' }));
  const config = readConfig(path);
  writeConfig(path, { ...config, host: 'https://loft.example.com', accesskey: 'key-1', insecure: false, certificateAuthorityData: 'Q0E=' });
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(raw).slice(0, 2), ['kind', 'apiVersion']);
  assert.deepEqual(raw, {
    kind: 'Config',
    apiVersion: 'storage.loft.sh/v1',
    host: 'https://loft.example.com',
    lastInstallContext: 'kind-x',
    accesskey: 'key-1',
    insecure: false,
    certificateAuthorityData: 'Q0E=',
  });
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(statSync(join(path, '..')).isDirectory(), true);
});

test('a missing config is an empty one; a broken one is an error naming the file', () => {
  const dir = home();
  assert.deepEqual(readConfig(join(dir, 'none.json')), { kind: 'Config', apiVersion: 'storage.loft.sh/v1' });
  writeFileSync(join(dir, 'bad.json'), '{nope');
  assert.throws(() => readConfig(join(dir, 'bad.json')), (err: Error) => err instanceof CliError && err.message.includes(join(dir, 'bad.json')));
});

test('defaults.json holds {"project": ...}; --project wins, then the default, then "default"', () => {
  const env = { HOME: home() };
  assert.equal(resolveProject(env, undefined), 'default');
  writeDefaults(env, { ...readDefaults(env), project: 'team-a' });
  assert.deepEqual(JSON.parse(readFileSync(join(env.HOME, '.loft', 'defaults.json'), 'utf8')), { project: 'team-a' });
  assert.equal(resolveProject(env, undefined), 'team-a');
  assert.equal(resolveProject(env, 'other'), 'other');
});

test('login URLs: https:// is added, trailing slashes go, http:// is refused', () => {
  assert.equal(normalizeHost('loft.example.com'), 'https://loft.example.com');
  assert.equal(normalizeHost('127.0.0.1:8443/'), 'https://127.0.0.1:8443');
  assert.equal(normalizeHost('https://loft.example.com/base//'), 'https://loft.example.com/base');
  assert.throws(() => normalizeHost('http://loft.example.com'), /only https:\/\/ URLs are allowed/);
});
