import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway certificate for 127.0.0.1, made with the openssl CLI (MSAL only talks to https authorities). */
export function selfSignedCert(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fake-authority-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    ], { stdio: 'pipe' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An RSA certificate and key for an app registration's client certificate, with its thumbprints (hex, upper case). */
export function rsaClientCertificate(subject = 'partner-bot-test'): { key: string; cert: string; sha1: string; sha256: string } {
  const { X509Certificate } = require('node:crypto') as typeof import('node:crypto');
  const dir = mkdtempSync(join(tmpdir(), 'client-cert-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', `/CN=${subject}`,
    ], { stdio: 'pipe' });
    const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const x509 = new X509Certificate(cert);
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert, sha1: x509.fingerprint.replace(/:/g, ''), sha256: x509.fingerprint256.replace(/:/g, '') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
