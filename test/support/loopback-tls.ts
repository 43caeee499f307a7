import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** A self-signed certificate for 127.0.0.1 (made with `openssl`, valid one day) in `dir`: key, certificate, and the certificate as kubeconfig CA data. */
export interface LoopbackTls {
  readonly key: Buffer;
  readonly cert: Buffer;
  /** The certificate, base64 (a kubeconfig's `certificate-authority-data`). */
  readonly caData: string;
}

/** Made once per test file: key generation is the slow part of starting a fake server on a loaded machine. */
let made: { key: Buffer; cert: Buffer } | undefined;

/**
 * Writes `key.pem` and `ca.crt` for 127.0.0.1 into `dir` and returns them. The key is an EC P-256 key (milliseconds to
 * make, where an RSA key takes up to seconds under load), made by one `openssl` run per test file and reused by
 * every fake server of the file.
 */
export function loopbackTls(dir: string): LoopbackTls {
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'ca.crt');
  if (made === undefined) {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=kubernetes', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
    made = { key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) };
  } else {
    fs.writeFileSync(keyFile, made.key);
    fs.writeFileSync(certFile, made.cert);
  }
  return { key: made.key, cert: made.cert, caData: made.cert.toString('base64') };
}
