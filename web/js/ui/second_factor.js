// Second factors for organizers (P8): the second login step on the login screen, and the screen where organizers add and remove an authenticator app (TOTP) or a passkey, which is also where a server with login.require_second_factor sends an account without one right after its password.

import { bindText } from '../i18n.js';
import { callApi, passkeyAssertion, passkeyCreation } from '../protocol/second_factor.js';
import { byId, showScreen } from './dom.js';

/** @typedef {{login: string, name: string}} Account */
/** @typedef {{ok: false, status: number, code: string, retryAfter: number, body: any}} ApiRefusal */

/** The handle of a login waiting for its second factor or enrolment; kept in this page only. */
let pending = '';
/** @type {{challenge: string, allowCredentials: string[], timeout: number} | null} */
let loginPasskey = null;
/** @type {'manage' | 'enrol'} */
let mode = 'manage';
/** @type {(account: Account) => void} */
let finishLogin = () => {};
/** @type {() => void} */
let closeScreen = () => {};
/** @type {Account | null} */
let enrolledAccount = null;

/**
 * Shows a refusal of the API in `element`, worded for people.
 * @param {HTMLElement} element
 * @param {ApiRefusal} refusal
 */
function showRefusal(element, refusal) {
  /** @type {Record<string, string>} */
  const keys = {
    'wrong-second-factor': 'login.wrong-second-factor',
    'pending-expired': 'login.pending-expired',
    'wrong-password': 'tf.wrong-password',
    'wrong-code': 'tf.wrong-code',
    'passkey-refused': 'tf.passkey-refused',
    'passkey-known': 'tf.passkey-refused',
    'second-factor-required': 'tf.required',
    'must-enrol': 'login.must-enrol',
  };
  if (refusal.code === 'throttled' || refusal.code === 'busy') {
    bindText(element, `login.${refusal.code}`, { seconds: String(refusal.retryAfter) });
  } else {
    bindText(element, keys[refusal.code] ?? 'error.unknown');
  }
  element.hidden = false;
}

/**
 * @param {any} body
 * @returns {Account | null}
 */
function accountOf(body) {
  return typeof body?.login === 'string' && typeof body?.name === 'string' ? { login: body.login, name: body.name } : null;
}

/**
 * Continues a login after a right password (the answer of POST /api/login with `next`).
 * @param {any} step
 */
export function startSecondStep(step) {
  pending = typeof step.pending === 'string' ? step.pending : '';
  if (step.next === 'enrol') {
    showSecondFactors('enrol');
    return;
  }
  loginPasskey = step.passkey ?? null;
  byId('login-form', HTMLFormElement).hidden = true;
  byId('login-second-form', HTMLFormElement).hidden = false;
  byId('login-second-error', HTMLParagraphElement).hidden = true;
  const passkeyButton = byId('login-passkey', HTMLButtonElement);
  passkeyButton.hidden = loginPasskey === null;
  const code = byId('login-code', HTMLInputElement);
  code.value = '';
  (loginPasskey ? passkeyButton : code).focus();
}

/** Back to the password form (pending expired, or the login page was opened again). */
export function resetSecondStep() {
  pending = '';
  loginPasskey = null;
  byId('login-second-form', HTMLFormElement).hidden = true;
  byId('login-form', HTMLFormElement).hidden = false;
}

/**
 * @param {object} factor the member of POST /api/login/second-factor besides `pending`
 */
async function sendSecondFactor(factor) {
  const error = byId('login-second-error', HTMLParagraphElement);
  const answer = await callApi('/api/login/second-factor', { pending, ...factor });
  const account = answer.ok ? accountOf(answer.body) : null;
  if (account) {
    resetSecondStep();
    finishLogin(account);
    return;
  }
  if (answer.ok) return;
  if (answer.code === 'pending-expired') {
    resetSecondStep();
    const loginError = byId('login-error', HTMLParagraphElement);
    showRefusal(loginError, answer);
    byId('login-password', HTMLInputElement).focus();
    return;
  }
  showRefusal(error, answer);
  const code = byId('login-code', HTMLInputElement);
  code.value = '';
  code.focus();
}

/** The body part that says who asks: the pending login that must enrol, or the password. */
function who() {
  return mode === 'enrol' ? { pending } : { password: byId('tf-password', HTMLInputElement).value };
}

/** False (and a message) when a change needs the password and none was typed. */
function passwordGiven() {
  if (mode === 'enrol' || byId('tf-password', HTMLInputElement).value !== '') return true;
  const error = byId('tf-error', HTMLParagraphElement);
  bindText(error, 'tf.password-missing');
  error.hidden = false;
  byId('tf-password', HTMLInputElement).focus();
  return false;
}

/** @param {string[]} codes */
function showRecoveryCodes(codes) {
  const list = byId('tf-codes-list', HTMLOListElement);
  list.replaceChildren(...codes.map((c) => {
    const item = document.createElement('li');
    const code = document.createElement('code');
    code.textContent = c;
    item.append(code);
    return item;
  }));
  byId('tf-codes', HTMLDivElement).hidden = codes.length === 0;
}

/** Fills the list of factors with a Remove button each (GET /api/second-factors). */
async function refreshList() {
  const list = byId('tf-list', HTMLUListElement);
  const left = byId('tf-codes-left', HTMLParagraphElement);
  if (mode === 'enrol') {
    list.replaceChildren();
    left.hidden = true;
    return;
  }
  const answer = await callApi('/api/second-factors');
  if (!answer.ok) return;
  /** @type {{id: number, kind: string, label: string}[]} */
  const factors = answer.body.factors ?? [];
  if (factors.length === 0) {
    const item = document.createElement('li');
    bindText(item, 'tf.none');
    list.replaceChildren(item);
  } else {
    list.replaceChildren(...factors.map((factor) => {
      const item = document.createElement('li');
      const name = document.createElement('span');
      bindText(name, factor.kind === 'passkey' ? 'tf.kind-passkey' : 'tf.kind-totp');
      name.append(` (${factor.label})`);
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'button quiet';
      bindText(remove, 'tf.remove', { label: factor.label });
      remove.addEventListener('click', () => void removeFactor(factor.id));
      item.append(name, ' ', remove);
      return item;
    }));
  }
  bindText(left, 'tf.codes-left', { count: String(answer.body.recoveryCodesLeft ?? 0) });
  left.hidden = factors.length === 0;
  byId('tf-new-codes', HTMLButtonElement).hidden = factors.length === 0;
}

/** @param {number} id */
async function removeFactor(id) {
  if (!passwordGiven()) return;
  const answer = await callApi('/api/second-factors/remove', { ...who(), id });
  report(answer, 'tf.removed');
  await refreshList();
}

/**
 * Shows the outcome of a change: the refusal, or the status text and any recovery codes.
 * @param {import('../protocol/second_factor.js').ApiAnswer} answer
 * @param {string} doneKey
 */
function report(answer, doneKey) {
  const error = byId('tf-error', HTMLParagraphElement);
  const status = byId('tf-status', HTMLParagraphElement);
  if (!answer.ok) {
    showRefusal(error, answer);
    status.textContent = '';
    return false;
  }
  error.hidden = true;
  bindText(status, doneKey);
  if (Array.isArray(answer.body?.recoveryCodes)) showRecoveryCodes(answer.body.recoveryCodes);
  const account = accountOf(answer.body);
  if (mode === 'enrol' && account) {
    // Enrolled: the server opened the session; Done finishes the login.
    enrolledAccount = account;
    pending = '';
    byId('tf-done', HTMLButtonElement).hidden = false;
  }
  return true;
}

async function addTotp() {
  if (!passwordGiven()) return;
  const answer = await callApi('/api/second-factors/totp/start', who());
  if (!answer.ok) {
    showRefusal(byId('tf-error', HTMLParagraphElement), answer);
    return;
  }
  const secret = String(answer.body.secret);
  byId('tf-totp-secret', HTMLElement).textContent = secret.replace(/(.{4})/g, '$1 ').trim();
  byId('tf-totp-uri', HTMLAnchorElement).href = String(answer.body.uri);
  byId('tf-totp-form', HTMLFormElement).hidden = false;
  const code = byId('tf-totp-code', HTMLInputElement);
  code.value = '';
  code.focus();
}

async function confirmTotp() {
  const code = byId('tf-totp-code', HTMLInputElement);
  const answer = await callApi('/api/second-factors/totp', { ...who(), code: code.value.replace(/\s/g, '') });
  if (report(answer, 'tf.added')) {
    byId('tf-totp-form', HTMLFormElement).hidden = true;
    byId('tf-status', HTMLParagraphElement).focus();
    await refreshList();
  } else {
    code.value = '';
    code.focus();
  }
}

async function addPasskey() {
  if (!passwordGiven()) return;
  const options = await callApi('/api/second-factors/passkey/start', who());
  if (!options.ok) {
    showRefusal(byId('tf-error', HTMLParagraphElement), options);
    return;
  }
  const created = await passkeyCreation(options.body);
  if (!created) {
    showRefusal(byId('tf-error', HTMLParagraphElement), { ok: false, status: 0, code: 'passkey-refused', retryAfter: 0, body: null });
    return;
  }
  const answer = await callApi('/api/second-factors/passkey', { ...who(), ...created });
  report(answer, 'tf.added');
  await refreshList();
}

/**
 * Shows the second-factor screen: `manage` for a logged-in organizer, `enrol` right after the
 * password of an account that must add one.
 * @param {'manage' | 'enrol'} newMode
 */
export function showSecondFactors(newMode) {
  mode = newMode;
  enrolledAccount = null;
  const enrol = mode === 'enrol';
  bindText(byId('tf-lead', HTMLParagraphElement), enrol ? 'tf.enrol-lead' : 'tf.lead');
  byId('tf-password', HTMLInputElement).value = '';
  byId('tf-password', HTMLInputElement).hidden = enrol;
  byId('tf-password-label', HTMLLabelElement).hidden = enrol;
  byId('tf-new-codes', HTMLButtonElement).hidden = true;
  byId('tf-totp-form', HTMLFormElement).hidden = true;
  byId('tf-codes', HTMLDivElement).hidden = true;
  byId('tf-error', HTMLParagraphElement).hidden = true;
  byId('tf-status', HTMLParagraphElement).textContent = '';
  byId('tf-done', HTMLButtonElement).hidden = enrol;
  const title = document.querySelector('title');
  if (title) bindText(title, 'tf.heading');
  showScreen('2fa');
  void refreshList();
}

/**
 * Wires the second login step and the second-factor screen.
 * @param {object} hooks
 * @param {(account: Account) => void} hooks.loggedIn the login finished with its second factor or enrolment
 * @param {() => void} hooks.close Done on the screen of a logged-in organizer
 */
export function initSecondFactor({ loggedIn, close }) {
  finishLogin = loggedIn;
  closeScreen = close;
  byId('login-second-form', HTMLFormElement).addEventListener('submit', (event) => {
    event.preventDefault();
    const typed = byId('login-code', HTMLInputElement).value.replace(/\s/g, '');
    if (typed === '') return;
    void sendSecondFactor(/^\d{6}$/.test(typed) ? { code: typed } : { recoveryCode: typed });
  });
  byId('login-passkey', HTMLButtonElement).addEventListener('click', async () => {
    if (!loginPasskey) return;
    const assertion = await passkeyAssertion(loginPasskey);
    if (!assertion) {
      const error = byId('login-second-error', HTMLParagraphElement);
      bindText(error, 'login.passkey-cancelled');
      error.hidden = false;
      return;
    }
    await sendSecondFactor({ passkey: assertion });
  });
  byId('tf-add-totp', HTMLButtonElement).addEventListener('click', () => void addTotp());
  byId('tf-add-passkey', HTMLButtonElement).addEventListener('click', () => void addPasskey());
  byId('tf-totp-form', HTMLFormElement).addEventListener('submit', (event) => {
    event.preventDefault();
    void confirmTotp();
  });
  byId('tf-new-codes', HTMLButtonElement).addEventListener('click', async () => {
    if (!passwordGiven()) return;
    report(await callApi('/api/second-factors/recovery-codes', who()), 'tf.added');
    await refreshList();
  });
  byId('tf-done', HTMLButtonElement).addEventListener('click', () => {
    if (mode === 'enrol' && enrolledAccount) finishLogin(enrolledAccount);
    else closeScreen();
  });
  byId('start-2fa', HTMLButtonElement).addEventListener('click', () => showSecondFactors('manage'));
}
