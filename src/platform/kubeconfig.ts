// Kubeconfig files the platform writes (the admin's, and later the ones users download).

import { renameSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

/** What one kubeconfig context needs. */
export interface KubeconfigEntry {
  name: string;
  server: string;
  caPem: string;
  token: string;
  namespace?: string;
}

/** Returns a kubeconfig document with one cluster, user and context named `entry.name`. */
export function kubeconfigFor(entry: KubeconfigEntry): string {
  const context: Record<string, string> = { cluster: entry.name, user: entry.name };
  if (entry.namespace) context.namespace = entry.namespace;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: entry.name, cluster: { server: entry.server, 'certificate-authority-data': Buffer.from(entry.caPem).toString('base64') } }],
    users: [{ name: entry.name, user: { token: entry.token } }],
    contexts: [{ name: entry.name, context }],
    'current-context': entry.name,
    preferences: {},
  });
}

/** Writes `content` to `path` atomically, readable by the owner only (it holds a credential). */
export function writePrivateFile(path: string, content: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode: 0o600 });
  renameSync(tmp, path);
}
