// The moderator's door controls in the participants panel (P11, P12): lobby on/off, lock, meeting PIN, the people knocking with Admit, Deny and Admit all, and those waiting for the PIN with Deny; someone whose browser cannot encrypt media comes with a warning and "admit without end-to-end encryption" or "refuse" (docs/e2ee.md).

import { bindText, t } from '../i18n.js';
import { byId } from './dom.js';

/** @typedef {import('../protocol/door.js').Door} Door */

export class DoorControls {
  #section = byId('door', HTMLElement);
  #lobby = byId('door-lobby', HTMLInputElement);
  #locked = byId('door-locked', HTMLInputElement);
  #pin = byId('door-pin', HTMLInputElement);
  #pinState = byId('door-pin-state', HTMLParagraphElement);
  #lobbyBox = byId('door-lobby-box', HTMLDivElement);
  #list = byId('door-knocking', HTMLUListElement);
  #pinBox = byId('door-pin-box', HTMLDivElement);
  #pinList = byId('door-pin-waiting', HTMLUListElement);
  #announcer = byId('door-announcer', HTMLParagraphElement);
  /** @type {Door | null} */
  #door = null;
  /** Ids already announced, so that each knock is announced once. @type {Set<string>} */
  #announced = new Set();

  constructor() {
    this.#lobby.addEventListener('change', () => this.#door?.setAccess({ lobby: this.#lobby.checked }));
    this.#locked.addEventListener('change', () => this.#door?.setAccess({ locked: this.#locked.checked }));
    byId('door-pin-form', HTMLFormElement).addEventListener('submit', (event) => {
      event.preventDefault();
      const pin = this.#pin.value.trim();
      if (!/^[0-9]{4,12}$/.test(pin)) {
        this.#pin.setAttribute('aria-invalid', 'true');
        bindText(this.#pinState, 'door.pin-invalid');
        this.#pin.focus();
        return;
      }
      this.#pin.removeAttribute('aria-invalid');
      this.#door?.setAccess({ pin });
      this.#pin.value = '';
    });
    byId('door-pin-clear', HTMLButtonElement).addEventListener('click', () => this.#door?.setAccess({ pin: '' }));
    byId('door-admit-all', HTMLButtonElement).addEventListener('click', () => this.#door?.admitAll());
  }

  /**
   * Shows the controls to moderators only; everyone else sees nothing of them (the server
   * refuses their commands anyway).
   * @param {Door | null} door
   * @param {boolean} moderator
   */
  update(door, moderator) {
    this.#door = door;
    this.#section.hidden = !door || !moderator;
    if (!door || !moderator) return;
    const { access, knocking } = door;
    this.#lobby.checked = access.lobby;
    this.#locked.checked = access.locked;
    bindText(this.#pinState, access.pin ? 'door.pin-on' : 'door.pin-off');
    this.#lobbyBox.hidden = knocking.length === 0;
    this.#list.replaceChildren(...knocking.map((k) => this.#row(door, k)));
    // Whoever waits for the PIN can only be turned away here: they come in by giving it.
    this.#pinBox.hidden = door.pinWaiting.length === 0;
    this.#pinList.replaceChildren(...door.pinWaiting.map((k) => this.#pinRow(door, k)));
    for (const k of knocking) {
      if (this.#announced.has(k.id)) continue;
      this.#announced.add(k.id);
      this.#announcer.textContent = t(k.plainMedia ? 'door.knocks-plain' : 'door.knocks', { name: this.#name(k) });
    }
  }

  clear() {
    this.#door = null;
    this.#announced.clear();
    this.#section.hidden = true;
    this.#list.replaceChildren();
    this.#pinList.replaceChildren();
  }

  /** @param {import('../protocol/door.js').Knocker} k */
  #name(k) {
    if (k.name === null) return t('door.unreadable');
    return k.e2ee ? k.name : t('door.plain-name', { name: k.name });
  }

  /**
   * @param {Door} door
   * @param {import('../protocol/door.js').Knocker} k
   */
  #row(door, k) {
    const item = document.createElement('li');
    item.dataset.participant = k.id;
    const name = document.createElement('span');
    name.className = 'knock-name';
    name.textContent = this.#name(k);
    // Media in clear is a decision about this one person, with its consequence in words (P5).
    const plain = k.plainMedia ? '-plain' : '';
    const admit = document.createElement('button');
    admit.type = 'button';
    admit.className = `button small ${k.plainMedia ? 'danger' : 'primary'}`;
    admit.dataset.action = k.plainMedia ? 'admit-plain' : 'admit';
    bindText(admit, `door.admit${plain}`);
    bindText(admit, `door.admit${plain}-name`, { name: this.#name(k) }, 'aria-label');
    admit.addEventListener('click', () => door.admit(k.id, k.plainMedia));
    const deny = this.#denyButton(door, k, plain);
    item.append(name);
    if (k.plainMedia) {
      item.classList.add('knock-plain');
      const warning = document.createElement('p');
      warning.className = 'knock-warning';
      warning.setAttribute('role', 'alert');
      bindText(warning, 'door.plain-warning', { name: this.#name(k) });
      item.append(warning);
    }
    item.append(admit, deny);
    return item;
  }

  /**
   * @param {Door} door
   * @param {import('../protocol/door.js').Knocker} k someone waiting for the PIN
   */
  #pinRow(door, k) {
    const item = document.createElement('li');
    item.dataset.participant = k.id;
    const name = document.createElement('span');
    name.className = 'knock-name';
    name.textContent = this.#name(k);
    item.append(name, this.#denyButton(door, k, ''));
    return item;
  }

  /**
   * @param {Door} door
   * @param {import('../protocol/door.js').Knocker} k
   * @param {'' | '-plain'} plain the wording for someone whose browser cannot encrypt media
   */
  #denyButton(door, k, plain) {
    const deny = document.createElement('button');
    deny.type = 'button';
    deny.className = 'button small danger';
    deny.dataset.action = 'deny';
    bindText(deny, `door.deny${plain}`);
    bindText(deny, `door.deny${plain}-name`, { name: this.#name(k) }, 'aria-label');
    deny.addEventListener('click', () => door.deny(k.id));
    return deny;
  }
}
