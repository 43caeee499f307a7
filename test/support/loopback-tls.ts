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

export function loopbackTls(dir: string): LoopbackTls {
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'ca.crt');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=kubernetes',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
  const cert = fs.readFileSync(certFile);
  return { key: fs.readFileSync(keyFile), cert, caData: cert.toString('base64') };
}
