// The admin page at `/admin` (docs/operations.md "Admin page"): health, load, graphs of the last
// hours, accounts, the privacy report and the retention state, for accounts with the admin role.
// The server decides who may see and change anything (GET/POST /api/admin/…); this page only shows it.

import { bindText, language, onLanguageChange, t } from '../i18n.js';
import { drawGraph } from './admin_graph.js';
import { byId, showScreen } from './dom.js';

/** How often the health and load are read while the page is shown, and the samples. */
const kOverviewEveryMs = 5000;
const kHistoryEveryMs = 60_000;

/**
 * @typedef {{receivedPerSecond: number, forwardedPerSecond: number}} Packets
 * @typedef {{health: {ready: boolean, failing: string[]},
 *   node: {rooms: number, participants: number, connections: number, queuedTasks: number, packets: Packets},
 *   workers: {index: number, up: boolean, participants: number, queuedTasks: number,
 *     packets: Packets}[]}} Overview
 * @typedef {{at: number, rooms: number, participants: number, packets: Packets, queuedTasks: number}} Sample
 * @typedef {{intervalSeconds: number, capacity: number, samples: Sample[]}} History
 * @typedef {{login: string, name: string, admin: boolean, disabled: boolean, createdAt: string,
 *   lastLoginAt: string | null}} AccountRow
 * @typedef {{lastRun: {at: string, removed: Record<string, number>} | null,
 *   tables: {table: string, rows: number}[], policy: Record<string, number>}} Retention
 */

/** @type {ReturnType<typeof setInterval> | null} */
let overviewTimer = null;
/** @type {ReturnType<typeof setInterval> | null} */
let historyTimer = null;
/** The login of the admin looking at the page (the server refuses changes to their own role). */
let self = '';

/**
 * GET or POST to the admin API; the body as JSON or null, with the status.
 * @param {string} path after /api/admin/
 * @param {object} [body] sent as POST when given
 * @returns {Promise<{status: number, body: any}>}
 */
async function call(path, body) {
  try {
    const response = await fetch(`/api/admin/${path}`, body === undefined
      ? { credentials: 'same-origin', cache: 'no-store' }
      : { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body) });
    return { status: response.status, body: await response.json().catch(() => null) };
  } catch {
    return { status: 0, body: null };
  }
}

/** @param {number} value */
function number(value) {
  return new Intl.NumberFormat(language(), { maximumFractionDigits: value < 10 ? 1 : 0 }).format(value);
}

/** @param {number} unixSeconds */
function clock(unixSeconds) {
  const format = new Intl.DateTimeFormat(language(), { hour: '2-digit', minute: '2-digit' });
  return format.format(unixSeconds * 1000);
}

/** @param {string | null} iso */
function dateTime(iso) {
  if (!iso) return t('admin.never');
  const format = new Intl.DateTimeFormat(language(), { dateStyle: 'medium', timeStyle: 'short' });
  return format.format(new Date(iso));
}

/**
 * @param {string} tag
 * @param {string} [text]
 */
function cell(tag, text) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Stops reading when the page is left; the refusal (401, 403) is shown instead of the body. */
function stop() {
  if (overviewTimer) clearInterval(overviewTimer);
  if (historyTimer) clearInterval(historyTimer);
  overviewTimer = null;
  historyTimer = null;
}

function shown() {
  return !byId('screen-admin', HTMLElement).hidden;
}

/** @param {number} status */
function refuse(status) {
  stop();
  byId('admin-body', HTMLDivElement).hidden = true;
  const error = byId('admin-error', HTMLParagraphElement);
  const key = status === 401 ? 'admin.login-needed' : status === 403 ? 'admin.not-admin' : 'admin.failed';
  bindText(error, key);
  error.hidden = false;
  byId('admin-login', HTMLAnchorElement).hidden = status !== 401;
}

/** @param {Overview} overview */
function renderOverview(overview) {
  const health = byId('admin-health', HTMLParagraphElement);
  health.dataset.ready = String(overview.health.ready);
  health.textContent = overview.health.ready ? t('admin.ready')
    : t('admin.not-ready', { checks: overview.health.failing.map((c) => t(`admin.check-${c}`)).join(', ') });

  const rows = [];
  const node = overview.node;
  rows.push([t('admin.this-node'), t('admin.up'), number(node.rooms), number(node.participants),
    number(node.packets.receivedPerSecond), number(node.packets.forwardedPerSecond),
    number(node.queuedTasks)]);
  for (const w of overview.workers) {
    rows.push([t('admin.worker', { index: String(w.index) }), w.up ? t('admin.up') : t('admin.down'), '–',
      number(w.participants), number(w.packets.receivedPerSecond), number(w.packets.forwardedPerSecond),
      number(w.queuedTasks)]);
  }
  const body = byId('admin-load', HTMLTableElement).tBodies[0];
  body.replaceChildren(...rows.map((values) => {
    const row = cell('tr');
    const head = cell('th', values[0]);
    head.setAttribute('scope', 'row');
    row.append(head, ...values.slice(1).map((v) => cell('td', v)));
    return row;
  }));
}

/** @param {History} history */
function renderHistory(history) {
  const note = byId('admin-graphs-note', HTMLParagraphElement);
  bindText(note, 'admin.graphs-note', { minutes: String(Math.round(history.intervalSeconds / 60)),
    hours: String(Math.round((history.capacity * history.intervalSeconds) / 3600)) });
  const box = byId('admin-graphs', HTMLDivElement);
  const samples = history.samples;
  if (samples.length === 0) {
    box.replaceChildren(cell('p', t('admin.no-samples')));
    return;
  }
  const times = samples.map((s) => s.at);
  /** @type {(series: {label: string}, latest: string, highest: string, lowest: string) => string} */
  const summary = (series, latest, highest, lowest) =>
    t('admin.graph-summary', { series: series.label, latest, highest, lowest,
      from: clock(times[0]), to: clock(times[times.length - 1]) });
  /**
   * @param {string} id
   * @param {string} titleKey
   * @param {[string, (s: Sample) => number][]} lines the label's key and the value of each series
   */
  const graph = (id, titleKey, lines) => drawGraph({ id, title: t(titleKey), times, format: number,
    formatTime: clock, summary, series: lines.map(([labelKey, pick], i) =>
      ({ label: t(labelKey), values: samples.map(pick), className: i === 0 ? 'series-a' : 'series-b' })) });
  box.replaceChildren(
    graph('people', 'admin.graph-people',
      [['admin.col-participants', (s) => s.participants], ['admin.col-rooms', (s) => s.rooms]]),
    graph('packets', 'admin.graph-packets', [['admin.col-received', (s) => s.packets.receivedPerSecond],
      ['admin.col-forwarded', (s) => s.packets.forwardedPerSecond]]),
    graph('queue', 'admin.graph-queue', [['admin.col-queued', (s) => s.queuedTasks]]),
  );
}

/**
 * @param {string} text
 * @param {() => Promise<void>} action
 * @param {string} [name] the accessible name, naming the account
 */
function actionButton(text, action, name) {
  const button = /** @type {HTMLButtonElement} */ (cell('button', text));
  button.type = 'button';
  button.className = 'button small';
  if (name) button.setAttribute('aria-label', name);
  button.addEventListener('click', () => {
    button.disabled = true;
    void action().finally(() => { button.disabled = false; });
  });
  return button;
}

/**
 * Sends one change and shows its outcome in the status line.
 * @param {string} action add, disable, enable, password, admin
 * @param {object} body
 * @param {string} doneKey
 * @param {string} login
 * @returns {Promise<boolean>}
 */
async function change(action, body, doneKey, login) {
  const status = byId('admin-status', HTMLParagraphElement);
  const result = await call(`accounts/${action}`, body);
  if (result.status === 401 || result.status === 403) {
    refuse(result.status);
    return false;
  }
  if (result.status !== 200) {
    const code = typeof result.body?.error === 'string' ? result.body.error : 'failed';
    const key = `admin.error-${code}`;
    status.textContent = t(key) === key ? t('admin.failed') : t(key);
    status.dataset.outcome = 'error';
    return false;
  }
  status.textContent = t(doneKey, { login, sessions: String(result.body?.sessionsEnded ?? 0) });
  status.dataset.outcome = 'done';
  await loadAccounts();
  return true;
}

/** @param {AccountRow[]} accounts */
function renderAccounts(accounts) {
  const body = byId('admin-accounts', HTMLTableElement).tBodies[0];
  body.replaceChildren(...accounts.map((a) => {
    const row = cell('tr');
    row.dataset.login = a.login;
    const head = cell('th', a.login);
    head.setAttribute('scope', 'row');
    const actions = cell('td');
    actions.className = 'admin-actions';
    /**
     * A button for one change to this account, named with the login for screen readers.
     * @param {string} key admin.<key> is the text, admin.<key>-named the accessible name
     * @param {string} action
     * @param {object} body
     * @param {string} doneKey
     */
    const button = (key, action, body, doneKey) => actionButton(t(`admin.${key}`),
      () => change(action, { login: a.login, ...body }, doneKey, a.login).then(),
      t(`admin.${key}-named`, { login: a.login }));
    if (a.login !== self) {
      actions.append(a.disabled ? button('enable', 'enable', {}, 'admin.enabled')
        : button('disable', 'disable', {}, 'admin.disabled-done'));
      actions.append(a.admin ? button('revoke', 'admin', { admin: false }, 'admin.revoked')
        : button('grant', 'admin', { admin: true }, 'admin.granted'));
    } else {
      actions.textContent = t('admin.you');
    }
    row.append(head, cell('td', a.name),
      cell('td', a.admin ? t('admin.role-admin') : t('admin.role-organizer')),
      cell('td', a.disabled ? t('admin.state-disabled') : t('admin.state-active')),
      cell('td', dateTime(a.lastLoginAt)), actions);
    return row;
  }));
  const select = byId('admin-password-login', HTMLSelectElement);
  const chosen = select.value;
  select.replaceChildren(...accounts.map((a) => {
    const option = /** @type {HTMLOptionElement} */ (cell('option', a.login));
    option.value = a.login;
    return option;
  }));
  if (accounts.some((a) => a.login === chosen)) select.value = chosen;
}

/** @param {Retention} retention */
function renderRetention(retention) {
  const last = byId('admin-retention-last', HTMLParagraphElement);
  if (retention.lastRun) {
    const removed = retention.lastRun.removed;
    bindText(last, 'admin.retention-last', { at: dateTime(retention.lastRun.at),
      accounts: String(removed.accounts ?? 0), audit: String(removed.audit_entries ?? 0),
      logs: String(removed.log_files ?? 0), sessions: String(removed.sessions ?? 0) });
  } else {
    bindText(last, 'admin.retention-never');
  }
  const body = byId('admin-tables', HTMLTableElement).tBodies[0];
  body.replaceChildren(...retention.tables.map((table) => {
    const row = cell('tr');
    const head = cell('th', table.table);
    head.setAttribute('scope', 'row');
    row.append(head, cell('td', number(table.rows)));
    return row;
  }));
}

async function loadAccounts() {
  const result = await call('accounts');
  if (result.status !== 200) return refuse(result.status);
  renderAccounts(result.body.accounts);
}

async function loadOverview() {
  const result = await call('overview');
  if (!shown()) return;
  if (result.status !== 200) return refuse(result.status);
  renderOverview(result.body);
}

async function loadHistory() {
  const result = await call('history');
  if (!shown()) return;
  if (result.status !== 200) return refuse(result.status);
  renderHistory(result.body);
}

async function loadReportSummary() {
  const summary = byId('admin-report-summary', HTMLParagraphElement);
  try {
    const response = await fetch(`/api/privacy-report/${language()}`,
      { credentials: 'same-origin', cache: 'no-store' });
    const report = response.ok ? await response.json() : null;
    const count = Array.isArray(report?.warnings) ? report.warnings.length : null;
    if (count === null) bindText(summary, 'report.failed');
    else if (count === 0) bindText(summary, 'report.no-warnings');
    else bindText(summary, 'admin.report-warnings', { count: String(count) });
  } catch {
    bindText(summary, 'report.failed');
  }
}

/** Loads every part once, then keeps health, load and graphs current while the page is shown. */
async function load() {
  stop();
  const me = await call('me');
  if (me.status !== 200) return refuse(me.status);
  self = me.body.login;
  byId('admin-error', HTMLParagraphElement).hidden = true;
  byId('admin-login', HTMLAnchorElement).hidden = true;
  const retention = await call('retention');
  if (retention.status === 200) renderRetention(retention.body);
  await Promise.all([loadOverview(), loadHistory(), loadAccounts(), loadReportSummary()]);
  if (!shown()) return;
  byId('admin-body', HTMLDivElement).hidden = false;
  overviewTimer = setInterval(() => { if (shown()) void loadOverview(); else stop(); }, kOverviewEveryMs);
  historyTimer = setInterval(() => { if (shown()) void loadHistory(); else stop(); }, kHistoryEveryMs);
}

/** Wires the forms; reloads the page's texts when the language changes while it is shown. */
export function initAdmin() {
  const addForm = byId('admin-add-form', HTMLFormElement);
  const addError = byId('admin-add-error', HTMLParagraphElement);
  addForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const login = byId('admin-add-login', HTMLInputElement);
    const name = byId('admin-add-name', HTMLInputElement);
    const password = byId('admin-add-password', HTMLInputElement);
    if (!login.checkValidity() || !password.checkValidity()) {
      bindText(addError, login.checkValidity() ? 'admin.error-bad-password' : 'admin.error-bad-login');
      addError.hidden = false;
      (login.checkValidity() ? password : login).focus();
      return;
    }
    addError.hidden = true;
    const body = { login: login.value, name: name.value.trim() || login.value, password: password.value,
      admin: byId('admin-add-admin', HTMLInputElement).checked };
    const done = await change('add', body, 'admin.added', login.value);
    if (done) addForm.reset();
  });
  const passwordForm = byId('admin-password-form', HTMLFormElement);
  const passwordError = byId('admin-password-error', HTMLParagraphElement);
  passwordForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const password = byId('admin-password-new', HTMLInputElement);
    const login = byId('admin-password-login', HTMLSelectElement).value;
    if (!password.checkValidity() || login === '') {
      bindText(passwordError, 'admin.error-bad-password');
      passwordError.hidden = false;
      password.focus();
      return;
    }
    passwordError.hidden = true;
    const body = { login, password: password.value };
    if (await change('password', body, 'admin.password-done', login)) passwordForm.reset();
  });
  onLanguageChange(() => {
    if (shown()) void load();
  });
}

/** Shows the admin page and starts reading. */
export function showAdmin() {
  const title = document.querySelector('title');
  if (title) bindText(title, 'admin.title');
  byId('admin-body', HTMLDivElement).hidden = true;
  byId('admin-error', HTMLParagraphElement).hidden = true;
  byId('admin-login', HTMLAnchorElement).hidden = true;
  showScreen('admin');
  void load();
}

/**
 * Offers the admin page on the start page to a logged-in admin (the server says who is one).
 * @param {{login: string} | null} account
 */
export async function offerAdminLink(account) {
  const link = byId('start-admin', HTMLAnchorElement);
  link.hidden = true;
  if (!account) return;
  const me = await call('me');
  link.hidden = me.status !== 200;
}
