// A registry token service (the distribution "token" auth scheme) on loopback: it answers
// GET /token?service=…&scope=… with an RS256 JWT carrying the access asked for, signed by a key
// whose self-signed certificate the registry trusts (made with openssl).
import { execFileSync, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { importPKCS8, SignJWT } from 'jose';

export const TOKEN_SERVICE = 'clairless-test-registry';
export const TOKEN_ISSUER = 'clairless-test-issuer';

export function opensslMissing(): string | undefined {
  return spawnSync('openssl', ['version']).error === undefined
    ? undefined
    : 'openssl is not installed (apt-get install openssl)';
}

export type TokenService = {
  readonly realm: string;
  /** Where the registry reads the certificate it trusts. */
  readonly certificate: string;
  /** The query strings of the token requests received, and whether they carried credentials. */
  readonly requests: { readonly query: string; readonly authorization: string | undefined }[];
  /** A token for repository with actions, as the service would issue it (pushes in tests). */
  mint(repository: string, actions: readonly string[]): Promise<string>;
  close(): Promise<void>;
};

/**
 * Starts the service in dir; with credentials set, token requests must carry them (basic auth).
 * Tokens grant what their scope asks, except on repositories under denied/.
 */
export async function startTokenService(
  dir: string,
  credentials?: { readonly username: string; readonly password: string },
): Promise<TokenService> {
  const keyFile = join(dir, 'token-key.pem');
  const certificate = join(dir, 'token-cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=clairless-test-token',
      '-keyout',
      keyFile,
      '-out',
      certificate,
    ],
    { stdio: 'ignore' },
  );
  const key = await importPKCS8(readFileSync(keyFile, 'utf8'), 'RS256');
  const x5c = [new X509Certificate(readFileSync(certificate)).raw.toString('base64')];
  const mint = (repository: string, actions: readonly string[]) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ access: [{ type: 'repository', name: repository, actions }] })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', x5c })
      .setIssuer(TOKEN_ISSUER)
      .setSubject(credentials?.username ?? 'anonymous')
      .setAudience(TOKEN_SERVICE)
      .setIssuedAt(now)
      .setNotBefore(now - 60)
      .setExpirationTime(now + 300)
      .setJti(String(now + Math.random()))
      .sign(key);
  };
  const requests: TokenService['requests'][number][] = [];
  const expected =
    credentials === undefined
      ? undefined
      : `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://token');
    requests.push({ query: url.search, authorization: req.headers.authorization });
    if (expected !== undefined && req.headers.authorization !== expected) {
      res
        .writeHead(401, { 'content-type': 'application/json' })
        .end('{"details":"incorrect username or password"}');
      return;
    }
    const scope = /^repository:([^:]+):([\w,]+)$/.exec(url.searchParams.get('scope') ?? '');
    const repository = scope?.[1] ?? '';
    // Repositories under denied/ exist for nobody: the token grants no action on them.
    const token = await mint(
      repository,
      repository.startsWith('denied/') ? [] : (scope?.[2]?.split(',') ?? []),
    );
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ token, expires_in: 300 }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    realm: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`,
    certificate,
    requests,
    mint,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
