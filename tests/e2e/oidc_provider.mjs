// A real OpenID provider for the single sign-on tests: the npm package oidc-provider over HTTPS
// with a test CA made here, plus a switch that tampers with issued ID tokens (re-signed with the
// provider's own key, or with another) so the server's checks are tested on the real flow.

import { execFileSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { join } from 'node:path';
import Provider from 'oidc-provider';

/**
 * A CA and a server certificate for 127.0.0.1 signed by it, as PEM files in `dir`.
 * @param {string} dir
 */
export function makeTestCa(dir) {
  const run = (/** @type {string[]} */ args) => execFileSync('openssl', args, { stdio: 'pipe' });
  const f = (/** @type {string} */ name) => join(dir, name);
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', '/CN=vicos test CA', '-keyout', f('ca.key'), '-out', f('ca.pem')]);
  run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=127.0.0.1',
    '-keyout', f('idp.key'), '-out', f('idp.csr')]);
  writeFileSync(f('idp.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  run(['x509', '-req', '-in', f('idp.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial',
    '-days', '1', '-extfile', f('idp.ext'), '-out', f('idp.pem')]);
  return { caFile: f('ca.pem'), certFile: f('idp.pem'), keyFile: f('idp.key') };
}

/** The test users: login → claims. Any password is accepted (the provider's dev login form). */
const kUsers = {
  teacher: { name: 'Tina Teacher', groups: ['staff', 'teachers'] },
  student: { name: 'Sam Student', groups: ['students'] },
};

const b64url = (/** @type {Buffer | string} */ data) => Buffer.from(data).toString('base64url');

/**
 * Starts the provider at https://127.0.0.1:port with the clients given.
 * @param {{port: number, certFile: string, keyFile: string,
 *   clients: {client_id: string, client_secret: string, redirect_uris: string[]}[]}} options
 */
export async function startProvider({ port, certFile, keyFile, clients }) {
  const issuer = `https://127.0.0.1:${port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-rs256', use: 'sig', alg: 'RS256' };
  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const provider = new Provider(issuer, {
    clients: clients.map((c) => ({ ...c, grant_types: ['authorization_code'], response_types: ['code'] })),
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-cookie-key-not-secret'] },
    claims: { openid: ['sub'], profile: ['name'], groups: ['groups'] },
    scopes: ['openid', 'profile', 'groups'],
    conformIdTokenClaims: false, // the claims of the scopes go into the ID token itself
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    async findAccount(_ctx, id) {
      const user = kUsers[/** @type {keyof typeof kUsers} */ (id)];
      if (!user) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...user }) };
    },
  });

  /** @type {null | ((claims: Record<string, any>) => Record<string, any>)} */
  let tamper = null;
  let wrongKey = false;
  // After the token endpoint: replace the ID token by one with changed claims, signed again.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path !== '/token' || ctx.status !== 200 || (!tamper && !wrongKey)) return;
    const body = /** @type {any} */ (ctx.body);
    const [header, payload] = body.id_token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const input = `${header}.${b64url(JSON.stringify(tamper ? tamper(claims) : claims))}`;
    const key = wrongKey ? otherKey : createPrivateKey({ key: jwk, format: 'jwk' });
    body.id_token = `${input}.${b64url(sign('sha256', Buffer.from(input), key))}`;
  });

  const server = createServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, provider.callback());
  await new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(undefined)));
  return {
    issuer,
    /** @param {null | ((claims: Record<string, any>) => Record<string, any>)} fn */
    setTamper(fn) { tamper = fn; },
    /** @param {boolean} on sign ID tokens with a key the provider never published */
    setWrongKey(on) { wrongKey = on; },
    close() { return new Promise((resolve) => server.close(() => resolve(undefined))); },
  };
}
