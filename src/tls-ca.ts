// Extra CA certificates for one source (`"tls": {"ca": "file.pem"}`). The file is read and checked once, at
// config load: every PEM block must parse as an X.509 certificate that is a CA, so a leaf pasted by mistake, a
// private key or an empty file is a config error with its JSON path rather than a TLS failure at 3 a.m.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export type CaRead = { ok: true; pem: string; certs: X509Certificate[] } | { ok: false; problem: string };

export function readCaFile(file: string, baseDir: string): CaRead {
  const path = isAbsolute(file) ? file : resolve(baseDir, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, problem: `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  }
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text))
    return { ok: false, problem: `${path} holds a private key; it must hold CA certificates only` };
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) return { ok: false, problem: `${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)` };
  const certs: X509Certificate[] = [];
  for (const [i, block] of blocks.entries()) {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(block);
    } catch (e) {
      return { ok: false, problem: `${path}: certificate ${i + 1} does not parse: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (!cert.ca)
      return { ok: false, problem: `${path}: certificate ${i + 1} (${cert.subject.replace(/\n/g, ', ')}) is not a CA certificate` };
    certs.push(cert);
  }
  return { ok: true, pem: blocks.join('\n') + '\n', certs };
}

type Issue = (path: string, message: string) => void;

/** `"tls": {"ca": "certs/x.pem"}`: a readable PEM file of CA certificates, relative to sources.json's folder. */
export function checkTls(v: unknown, p: string, baseDir: string, issue: Issue): { caFile: string; ca: string } | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return void issue(p, 'must be an object like {"ca": "certs/ca.pem"}');
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) if (k !== 'ca') issue(`${p}.${k}`, 'unknown key (only "ca"; certificate checks cannot be turned off)');
  if (typeof o.ca !== 'string' || !o.ca.trim()) return void issue(`${p}.ca`, 'must name a PEM file of CA certificates');
  const read = readCaFile(o.ca, baseDir);
  if (!read.ok) return void issue(`${p}.ca`, read.problem);
  return { caFile: o.ca, ca: read.pem };
}
