// The admin page at `/privacy-report`: the privacy report (P33) of this installation for a
// logged-in organizer, in the page's language (GET /api/privacy-report/<lang>, docs/protocol.md).

import { bindText, language, onLanguageChange } from '../i18n.js';
import { byId, showScreen } from './dom.js';

/**
 * The parts of the server's JSON report that the page shows (src/privacy/render.cpp).
 * @typedef {{
 *   title: string, intro: string, version: string, generated_at: string,
 *   warnings: {id: string, text: string}[],
 *   categories: {key: string, name: string, data: string, purpose: string, basis: string, place: string,
 *     storage: string, retention: string, recipients: string, settings: string[], stored: boolean}[],
 *   sections: {heading: string, paragraphs: string[]}[],
 *   privacy_notice: {heading: string, text: string},
 * }} Report
 */

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string} [text]
 * @param {string} [className]
 * @returns {HTMLElementTagNameMap[K]}
 */
function element(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

/** @param {Report} report */
function renderCategories(report) {
  const table = element('table', undefined, 'report-table');
  const caption = element('caption');
  bindText(caption, 'report.categories');
  const head = element('tr');
  const columns = ['report.col-category', 'report.col-data', 'report.col-purpose', 'report.col-basis',
    'report.col-storage', 'report.col-retention', 'report.col-recipients', 'report.col-settings'];
  for (const key of columns) {
    const th = element('th');
    th.scope = 'col';
    bindText(th, key);
    head.append(th);
  }
  table.append(caption, element('thead'), element('tbody'));
  table.tHead?.append(head);
  for (const c of report.categories) {
    const row = element('tr');
    const name = element('th', c.name);
    name.scope = 'row';
    // The server's words for all of it, as `vicos privacy-report` prints them (P33).
    name.dataset.fact = c.key;
    const storage = element('td', c.storage);
    storage.append(element('br'), element('span', c.place, 'report-stored'));
    const settings = element('td');
    for (const key of c.settings) settings.append(element('code', key), ' ');
    row.append(name, element('td', c.data), element('td', c.purpose), element('td', c.basis), storage,
      element('td', c.retention), element('td', c.recipients), settings);
    table.tBodies[0].append(row);
  }
  return table;
}

/** @param {Report} report */
function render(report) {
  const body = byId('report-body', HTMLElement);
  /** @type {HTMLElement[]} */
  const parts = [element('h2', report.title), element('p', report.intro, 'lead')];
  const meta = element('p', undefined, 'hint');
  bindText(meta, 'report.generated', { at: report.generated_at, version: report.version });
  parts.push(meta);

  const warnings = element('section', undefined, 'report-warnings');
  warnings.setAttribute('aria-labelledby', 'report-warnings-heading');
  const warningsHeading = element('h3');
  warningsHeading.id = 'report-warnings-heading';
  bindText(warningsHeading, report.warnings.length ? 'report.warnings' : 'report.no-warnings');
  const list = element('ul');
  for (const w of report.warnings) {
    const item = element('li', w.text);
    item.dataset.warning = w.id;
    list.append(item);
  }
  warnings.append(warningsHeading, list);
  parts.push(warnings, renderCategories(report));

  for (const s of report.sections) {
    const items = element('ul');
    for (const p of s.paragraphs) items.append(element('li', p));
    parts.push(element('h3', s.heading), items);
  }
  parts.push(element('h3', report.privacy_notice.heading), element('blockquote', report.privacy_notice.text, 'report-notice'));
  body.replaceChildren(...parts);
  body.hidden = false;
}

/** @type {number} */
let generation = 0;

/** Loads the report in the page's language and shows it, or why it cannot be shown. */
async function load() {
  const mine = ++generation;
  const error = byId('report-error', HTMLParagraphElement);
  const login = byId('report-login', HTMLAnchorElement);
  const body = byId('report-body', HTMLElement);
  /** @type {Response | null} */
  let response = null;
  try {
    response = await fetch(`/api/privacy-report/${language()}`, { credentials: 'same-origin', cache: 'no-store' });
  } catch {
    response = null;
  }
  const report = response?.ok ? await response.json().catch(() => null) : null;
  if (mine !== generation) return;  // a newer load (language switch) wins
  login.hidden = response?.status !== 401;
  if (report && Array.isArray(report.categories)) {
    error.hidden = true;
    render(report);
    return;
  }
  body.hidden = true;
  bindText(error, response?.status === 401 ? 'report.login-needed' : 'report.failed');
  error.hidden = false;
}

/** Wires the print button and reloads the report when the language changes while it is shown. */
export function initPrivacyReport() {
  byId('report-print', HTMLButtonElement).addEventListener('click', () => window.print());
  onLanguageChange(() => {
    if (!byId('screen-report', HTMLElement).hidden) void load();
  });
}

/** Shows the admin page and loads the report. */
export function showPrivacyReport() {
  const title = document.querySelector('title');
  if (title) bindText(title, 'report.title');
  byId('report-body', HTMLElement).hidden = true;
  byId('report-error', HTMLParagraphElement).hidden = true;
  byId('report-login', HTMLAnchorElement).hidden = true;
  showScreen('report');
  void load();
}
