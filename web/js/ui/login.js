// The organizer login page at `/login` and the account shown on the start page (docs/protocol.md "Organizer login"; guests never log in, P10).

import { bindText } from '../i18n.js';
import { byId, showScreen } from './dom.js';
import { resetSecondStep, startSecondStep } from './second_factor.js';

/** @typedef {{login: string, name: string}} Account */

/**
 * The organizer logged in on this browser, or null (GET /api/session).
 * @returns {Promise<Account | null>}
 */
export async function fetchAccount() {
  try {
    const response = await fetch('/api/session', { credentials: 'same-origin', cache: 'no-store' });
    if (!response.ok) return null;
    const body = await response.json();
    return typeof body?.login === 'string' && typeof body?.name === 'string' ? { login: body.login, name: body.name } : null;
  } catch {
    return null;
  }
}

/**
 * The outcome of POST /api/login as the page shows it.
 * `step`: the password was right and a second factor or its enrolment comes next (P8).
 * @typedef {{ok: true, account: Account} | {ok: true, step: any} | {ok: false, code: 'wrong-credentials' | 'throttled' | 'busy' | 'unknown', retryAfter: number}} LoginResult
 */

/**
 * @param {string} login
 * @param {string} password
 * @returns {Promise<LoginResult>}
 */
export async function logIn(login, password) {
  /** @type {Response} */
  let response;
  try {
    response = await fetch('/api/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login, password }),
    });
  } catch {
    return { ok: false, code: 'unknown', retryAfter: 0 };
  }
  const body = await response.json().catch(() => null);
  if (response.ok && typeof body?.login === 'string' && typeof body?.name === 'string') {
    return { ok: true, account: { login: body.login, name: body.name } };
  }
  if (response.ok && (body?.next === 'second-factor' || body?.next === 'enrol')) return { ok: true, step: body };
  // 429: too many failures; 503: the server checks too many logins at once (docs/protocol.md).
  if (response.status === 429 || response.status === 503) {
    const header = Number(response.headers.get('Retry-After'));
    const seconds = typeof body?.retryAfter === 'number' ? body.retryAfter : Number.isFinite(header) ? header : 1;
    return { ok: false, code: response.status === 429 ? 'throttled' : 'busy', retryAfter: Math.max(1, Math.ceil(seconds)) };
  }
  if (response.status === 401) return { ok: false, code: 'wrong-credentials', retryAfter: 0 };
  return { ok: false, code: 'unknown', retryAfter: 0 };
}

/**
 * The name of the configured single sign-on provider, or null when there is none
 * (GET /api/oidc/provider; docs/protocol.md "Single sign-on").
 * @returns {Promise<string | null>}
 */
export async function fetchSsoProvider() {
  try {
    const response = await fetch('/api/oidc/provider', { credentials: 'same-origin', cache: 'no-store' });
    if (!response.ok) return null;
    const body = await response.json();
    return typeof body?.name === 'string' && body.name !== '' ? body.name : null;
  } catch {
    return null;
  }
}

/** Reasons the server gives in /login?sso-error=… that have their own message. */
const kSsoErrors = new Set(['not-organizer', 'denied', 'issuer-unavailable', 'busy']);

/** Ends the session on the server and deletes its cookie (POST /api/logout). */
export async function logOut() {
  await fetch('/api/logout', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  }).catch(() => {});
}

/**
 * Shows who is logged in on the start page (name and Log out) or the login link, and offers
 * organizers the login on the pre-join screen.
 * @param {Account | null} account
 */
export function showAccount(account) {
  const organizer = byId('start-organizer', HTMLParagraphElement);
  organizer.hidden = account === null;
  if (account) bindText(organizer, 'login.logged-in-as', { name: account.name });
  byId('start-logout', HTMLButtonElement).hidden = account === null;
  byId('start-report', HTMLAnchorElement).hidden = account === null;
  byId('start-2fa', HTMLButtonElement).hidden = account === null;
  byId('start-login', HTMLAnchorElement).hidden = account !== null;
  byId('prejoin-login', HTMLAnchorElement).hidden = account !== null;
}

/**
 * Wires the login form, the login links and Log out.
 * @param {object} hooks
 * @param {() => void} hooks.openLogin a login link was followed (the caller remembers where from)
 * @param {(account: Account) => void} hooks.loggedIn
 * @param {() => void} hooks.loggedOut
 */
export function initLogin({ openLogin, loggedIn, loggedOut }) {
  const form = byId('login-form', HTMLFormElement);
  const loginInput = byId('login-login', HTMLInputElement);
  const passwordInput = byId('login-password', HTMLInputElement);
  const error = byId('login-error', HTMLParagraphElement);
  const submit = byId('login-submit', HTMLButtonElement);

  // Single sign-on is a plain link: the server redirects to the identity provider and back.
  fetchSsoProvider().then((name) => {
    if (name === null) return;
    const sso = byId('login-sso', HTMLAnchorElement);
    bindText(sso, 'login.sso', { name });
    sso.hidden = false;
  }).catch(() => {});

  for (const link of document.querySelectorAll('a.login-link')) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      openLogin();
    });
  }
  byId('start-logout', HTMLButtonElement).addEventListener('click', async () => {
    await logOut();
    showAccount(null);
    loggedOut();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    const login = loginInput.value.trim();
    if (login === '' || passwordInput.value === '') {
      bindText(error, 'login.missing');
      error.hidden = false;
      (login === '' ? loginInput : passwordInput).focus();
      return;
    }
    submit.disabled = true;
    const result = await logIn(login, passwordInput.value);
    submit.disabled = false;
    if (result.ok) {
      passwordInput.value = '';
      error.hidden = true;
      if ('step' in result) {
        startSecondStep(result.step);
        return;
      }
      showAccount(result.account);
      loggedIn(result.account);
      return;
    }
    if (result.code === 'throttled') bindText(error, 'login.throttled', { seconds: String(result.retryAfter) });
    else if (result.code === 'busy') bindText(error, 'login.busy', { seconds: String(result.retryAfter) });
    else bindText(error, result.code === 'wrong-credentials' ? 'login.wrong-credentials' : 'error.unknown');
    error.hidden = false;
    passwordInput.value = '';
    passwordInput.focus();
  });
}

/** Shows the login page, empty apart from the login name typed before. */
export function showLogin() {
  resetSecondStep();
  const error = byId('login-error', HTMLParagraphElement);
  error.hidden = true;
  error.textContent = '';
  const title = document.querySelector('title');
  if (title) bindText(title, 'login.title');
  // Back from a refused single sign-on: say why, in the page's language.
  const ssoError = new URLSearchParams(location.search).get('sso-error');
  if (ssoError !== null) {
    bindText(error, `login.sso-error.${kSsoErrors.has(ssoError) ? ssoError : 'failed'}`);
    error.hidden = false;
  }
  const loginInput = byId('login-login', HTMLInputElement);
  showScreen('login', loginInput);
}
