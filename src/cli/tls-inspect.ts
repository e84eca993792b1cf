// What `loft login` learns about the platform's TLS before it trusts it: whether the certificate
// verifies (system CAs, or a CA file the user named) and which certificate to pin otherwise. The
// pin is the top of the chain the server sends: its CA when it sends one, else its own
// certificate (kubectl's Go TLS and Node with allowPartialTrustChain both accept a pinned leaf).

import { checkServerIdentity, connect, type PeerCertificate } from 'node:tls';
import { isIP } from 'node:net';
import { CliError } from './errors.ts';

/** What a TLS handshake with the platform showed. */
export interface ServerTls {
  /** Whether the chain verified and names the host. */
  verified: boolean;
  /** Why it did not verify. */
  reason?: string;
  /** PEM of the top certificate of the chain the server sent (its CA, or its own certificate). */
  pinPem: string;
  /** SHA-256 fingerprint of that certificate, colon separated. */
  fingerprint: string;
}

/** Returns `der` as a PEM certificate. */
export function toPem(der: Buffer): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

/** Returns the last certificate of the peer's chain (a self-signed root ends it). */
function chainTop(cert: PeerCertificate & { issuerCertificate?: PeerCertificate }): PeerCertificate {
  let current = cert as PeerCertificate & { issuerCertificate?: PeerCertificate };
  for (let i = 0; i < 10; i++) {
    const issuer = current.issuerCertificate as (PeerCertificate & { issuerCertificate?: PeerCertificate }) | undefined;
    if (!issuer || issuer === current || issuer.fingerprint256 === current.fingerprint256) break;
    current = issuer;
  }
  return current;
}

/** Returns whether the certificate `host` presents verifies against `caPem` (or the system CAs), and what to pin. */
export function inspectServerTls(host: string, caPem?: string, timeoutMs = 15_000): Promise<ServerTls> {
  const url = new URL(host);
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port, servername: isIP(hostname) ? undefined : hostname, rejectUnauthorized: false, ...(caPem ? { ca: caPem, allowPartialTrustChain: true } : {}) });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`TLS handshake with ${host} timed out`)));
    socket.once('error', (err: Error & { code?: string }) => {
      reject(new CliError(err.code === 'ECONNREFUSED' ? `couldn't connect to ${host}: connection refused (is the platform running?)` : `couldn't connect to ${host}: ${err.message}`));
    });
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate(true);
      socket.end();
      if (!cert || !cert.raw) {
        reject(new CliError(`${host} sent no TLS certificate`));
        return;
      }
      const identityError = checkServerIdentity(hostname, cert);
      const top = chainTop(cert);
      const reason = !socket.authorized ? String(socket.authorizationError) : identityError?.message;
      resolve({ verified: socket.authorized && !identityError, ...(reason ? { reason } : {}), pinPem: toPem(top.raw), fingerprint: top.fingerprint256 });
    });
  });
}
