// The platform's CA and serving certificate: created on first start in the data directory and
// reused after, so kubeconfigs written once keep working. ECDSA P-256, which Go's TLS (kubectl)
// and Node both accept.

// @peculiar/x509 resolves its services with tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto, X509Certificate, type webcrypto as WebCrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type CryptoKey = WebCrypto.CryptoKey;
type CryptoKeyPair = WebCrypto.CryptoKeyPair;

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const tenYears = 10 * 365 * 24 * 3600 * 1000;

/** The PEM files of the platform's TLS identity. */
export interface TlsMaterial {
  caCert: string;
  caKey: string;
  cert: string;
  key: string;
}

async function exportKey(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`;
}

async function importKey(pem: string): Promise<CryptoKey> {
  const der = Buffer.from(pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return webcrypto.subtle.importKey('pkcs8', der, algorithm, true, ['sign']);
}

function randomSerial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1');
}

/** Returns a new self-signed CA. */
async function createCa(): Promise<{ cert: string; key: string }> {
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: 'CN=loft-ca',
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + tenYears),
    signingAlgorithm: algorithm,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem'), key: await exportKey(keys.privateKey) };
}

/** Returns a serving certificate for `hosts` signed by the CA. */
async function createServingCert(caCertPem: string, caKeyPem: string, hosts: string[]): Promise<{ cert: string; key: string }> {
  const ca = new x509.X509Certificate(caCertPem);
  const caKey = await importKey(caKeyPem);
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const names = hosts.map((h) => ({ type: (isIP(h) ? 'ip' : 'dns') as 'ip' | 'dns', value: h }));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: 'CN=loft',
    issuer: ca.subject,
    notBefore: new Date(now - 3600_000),
    notAfter: new Date(now + tenYears),
    signingAlgorithm: algorithm,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });
  return { cert: cert.toString('pem'), key: await exportKey(keys.privateKey) };
}

/** Returns whether the certificate at `pem` names every host in `hosts`. */
function coversHosts(pem: string, hosts: string[]): boolean {
  try {
    const cert = new X509Certificate(pem);
    return hosts.every((h) => (isIP(h) ? cert.checkIP(h) !== undefined : cert.checkHost(h) !== undefined));
  } catch {
    return false;
  }
}

/** Loads the TLS identity from `dir`, creating the CA once and the serving cert when hosts change. */
export async function ensureTls(dir: string, hosts: string[]): Promise<TlsMaterial> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const paths = { caCert: join(dir, 'ca.crt'), caKey: join(dir, 'ca.key'), cert: join(dir, 'tls.crt'), key: join(dir, 'tls.key') };
  if (!existsSync(paths.caCert) || !existsSync(paths.caKey)) {
    const ca = await createCa();
    writeFileSync(paths.caKey, ca.key, { mode: 0o600 });
    writeFileSync(paths.caCert, ca.cert);
  }
  const caCert = readFileSync(paths.caCert, 'utf8');
  const caKey = readFileSync(paths.caKey, 'utf8');
  const wanted = [...new Set(['localhost', '127.0.0.1', '::1', ...hosts])];
  if (!existsSync(paths.cert) || !existsSync(paths.key) || !coversHosts(readFileSync(paths.cert, 'utf8'), wanted)) {
    const serving = await createServingCert(caCert, caKey, wanted);
    writeFileSync(paths.key, serving.key, { mode: 0o600 });
    writeFileSync(paths.cert, serving.cert);
  }
  return { caCert, caKey, cert: readFileSync(paths.cert, 'utf8'), key: readFileSync(paths.key, 'utf8') };
}
