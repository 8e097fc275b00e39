// The participants panel: everyone in the meeting (P13: nobody is hidden) with microphone, camera and raised hand, hands first in the order they went up.

import { bindText } from '../i18n.js';
import { byId } from './dom.js';
import { Panel } from './panel.js';

/** @typedef {import('../protocol/signaling.js').Participant} Participant */

/**
 * @typedef {object} Person
 * @property {string} id
 * @property {string} name
 * @property {boolean} audio
 * @property {boolean} video
 * @property {number | null} hand
 * @property {boolean} self
 * @property {import('../protocol/signaling.js').Role} [role]
 * @property {boolean} [recording] this participant's browser records the meeting (P13, P25)
 */

export class ParticipantsPanel {
  #list = byId('people-list', HTMLUListElement);
  #count = byId('people-count', HTMLSpanElement);
  /** @type {Panel} */
  panel;
  /** Adds moderation's part to each row (ui/moderation.js). @type {((item: HTMLLIElement, p: Person) => void) | null} */
  decorate = null;

  constructor() {
    this.panel = new Panel('people-panel', 'meeting-people', 'people-close', byId('people-heading', HTMLHeadingElement));
  }

  /** @param {Person[]} people */
  render(people) {
    // Raised hands first, by position; then everyone else by name.
    const sorted = [...people].sort((a, b) => {
      if (a.hand !== null || b.hand !== null) return (a.hand ?? Infinity) - (b.hand ?? Infinity);
      if (a.self !== b.self) return a.self ? -1 : 1;
      return a.name.localeCompare(b.name);
    });
    this.#list.replaceChildren(...sorted.map((p) => this.#row(p)));
    this.#count.textContent = String(people.length);
  }

  /** @param {Person} p */
  #row(p) {
    const item = document.createElement('li');
    item.className = 'person';
    item.dataset.participant = p.id;
    const name = document.createElement('span');
    name.className = 'person-name';
    if (p.self) bindText(name, 'meeting.you', { name: p.name });
    else name.textContent = p.name;
    item.append(name);
    if (p.role) {
      // The role as a word (P18: everyone sees who runs the meeting).
      const role = document.createElement('span');
      role.className = `person-role role-${p.role}`;
      bindText(role, `role.${p.role}`);
      item.append(role);
    }
    if (p.recording) item.append(status('person-recording', 'people.recording', 'icon-record'));
    if (p.hand !== null) item.append(status('person-hand', 'people.hand', 'icon-hand', { position: String(p.hand) }));
    item.append(status(p.audio ? 'person-on' : 'person-off', p.audio ? 'people.mic-on' : 'people.mic-off',
      p.audio ? 'icon-mic' : 'icon-mic-off'));
    item.append(status(p.video ? 'person-on' : 'person-off', p.video ? 'people.camera-on' : 'people.camera-off',
      p.video ? 'icon-camera' : 'icon-camera-off'));
    this.decorate?.(item, p);
    return item;
  }
}

/**
 * An icon with a translated text for screen readers (and as a tooltip).
 * @param {string} className
 * @param {string} key
 * @param {string} icon sprite symbol id
 * @param {Record<string, string>} [vars]
 */
function status(className, key, icon, vars) {
  const span = document.createElement('span');
  span.className = `person-status ${className}`;
  span.setAttribute('role', 'img');
  bindText(span, key, vars, 'aria-label');
  bindText(span, key, vars, 'title');
  span.innerHTML = `<svg class="icon" aria-hidden="true"><use href="#${icon}"/></svg>`;
  if (className === 'person-hand' && vars) span.append(vars.position);
  return span;
}
