// The second login step and the organizer's second factors over /api/ (docs/protocol.md "Second factor", P8): JSON calls and the WebAuthn conversions between base64url and ArrayBuffer.

/**
 * @typedef {{ok: true, status: number, body: any} | {ok: false, status: number, code: string, retryAfter: number, body: any}} ApiAnswer
 */

/**
 * @param {string} path
 * @param {object} [body] POST with this JSON body; without it GET
 * @returns {Promise<ApiAnswer>}
 */
export async function callApi(path, body) {
  /** @type {Response} */
  let response;
  try {
    response = await fetch(path, body === undefined
      ? { credentials: 'same-origin', cache: 'no-store' }
      : { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  } catch {
    return { ok: false, status: 0, code: 'unknown', retryAfter: 0, body: null };
  }
  const json = await response.json().catch(() => null);
  if (response.ok) return { ok: true, status: response.status, body: json };
  const retry = typeof json?.retryAfter === 'number' ? Math.max(1, Math.ceil(json.retryAfter)) : 0;
  return { ok: false, status: response.status, code: typeof json?.error === 'string' ? json.error : 'unknown', retryAfter: retry, body: json };
}

/**
 * @param {ArrayBuffer | ArrayBufferView} bytes
 * @returns {string} base64url without padding (RFC 4648 section 5)
 */
export function toBase64url(bytes) {
  const view = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let binary = '';
  for (const b of view) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * @param {string} text base64url
 * @returns {ArrayBuffer}
 */
export function fromBase64url(text) {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4));
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; ++i) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

/**
 * Asks the authenticator for an assertion to the login's challenge (navigator.credentials.get).
 * @param {{challenge: string, allowCredentials: string[], timeout: number}} options from POST /api/login
 * @returns {Promise<object | null>} the "passkey" member of POST /api/login/second-factor; null when cancelled
 */
export async function passkeyAssertion(options) {
  try {
    const credential = /** @type {PublicKeyCredential | null} */ (await navigator.credentials.get({
      publicKey: {
        challenge: fromBase64url(options.challenge),
        allowCredentials: options.allowCredentials.map((id) => ({ type: 'public-key', id: fromBase64url(id) })),
        timeout: options.timeout,
        userVerification: 'discouraged',
      },
    }));
    if (!credential) return null;
    const response = /** @type {AuthenticatorAssertionResponse} */ (credential.response);
    return {
      credentialId: toBase64url(credential.rawId),
      clientDataJSON: toBase64url(response.clientDataJSON),
      authenticatorData: toBase64url(response.authenticatorData),
      signature: toBase64url(response.signature),
    };
  } catch {
    return null;
  }
}

/**
 * Creates a passkey for the options of POST /api/second-factors/passkey/start.
 * @param {any} options
 * @returns {Promise<{clientDataJSON: string, attestationObject: string} | null>} null when cancelled
 */
export async function passkeyCreation(options) {
  try {
    const credential = /** @type {PublicKeyCredential | null} */ (await navigator.credentials.create({
      publicKey: {
        challenge: fromBase64url(options.challenge),
        rp: options.rp,
        user: { id: fromBase64url(options.user.id), name: options.user.name, displayName: options.user.name },
        pubKeyCredParams: options.algorithms.map((/** @type {number} */ alg) => ({ type: 'public-key', alg })),
        excludeCredentials: options.excludeCredentials.map((/** @type {string} */ id) => ({ type: 'public-key', id: fromBase64url(id) })),
        authenticatorSelection: { residentKey: 'discouraged', userVerification: 'discouraged' },
        attestation: 'none',
        timeout: options.timeout,
      },
    }));
    if (!credential) return null;
    const response = /** @type {AuthenticatorAttestationResponse} */ (credential.response);
    return { clientDataJSON: toBase64url(response.clientDataJSON), attestationObject: toBase64url(response.attestationObject) };
  } catch {
    return null;
  }
}
