// Moderator controls in the participants panel (P19, docs/protocol.md "Moderation"): a menu per participant, mute all, lower all hands, end the meeting for all, and who may share, unmute, chat or ask polls; plus what a moderated participant sees about themselves.

import { bindText, t } from '../i18n.js';

/** @typedef {import('../protocol/session.js').Session} Session */
/** @typedef {import('../protocol/signaling.js').Participant} Participant */
/** @typedef {import('../protocol/signaling.js').ModerationSend} ModerationSend */

export class ModerationControls {
  /** @type {() => Session | null} */
  #session;
  #tools = document.createElement('section');
  #share = document.createElement('select');
  #unmute = document.createElement('select');
  #chat = document.createElement('select');
  #poll = document.createElement('select');
  /** The open per-participant menu, closed by Escape or by opening another. @type {HTMLElement | null} */
  #openMenu = null;
  /** Whose menu is open: it stays open (and focused) when the roster is drawn again. */
  #openFor = '';

  /**
   * @param {HTMLElement} panel the participants panel, which gets the room-wide tools at its end
   * @param {() => Session | null} session
   */
  constructor(panel, session) {
    this.#session = session;
    this.#tools.className = 'moderation-tools';
    this.#tools.hidden = true;
    const heading = document.createElement('h3');
    heading.id = 'moderation-heading';
    bindText(heading, 'moderation.heading');
    this.#tools.setAttribute('aria-labelledby', heading.id);
    this.#tools.append(heading,
      actionButton('moderation-mute-all', 'moderation.mute-all', () => this.#send({ type: 'mute-all' })),
      actionButton('moderation-lower-hands', 'moderation.lower-hands', () => this.#send({ type: 'lower-hands' })),
      this.#setting('moderation-share', 'moderation.who-may-share', this.#share, 'whoMayShare'),
      this.#setting('moderation-unmute', 'moderation.who-may-unmute', this.#unmute, 'whoMayUnmute'),
      this.#setting('moderation-chat', 'moderation.who-may-chat', this.#chat, 'whoMayChat'),
      this.#setting('moderation-poll', 'moderation.who-may-poll', this.#poll, 'whoMayPoll'),
      actionButton('moderation-end', 'moderation.end-meeting', () => {
        if (window.confirm(t('moderation.end-confirm'))) this.#send({ type: 'end-meeting' });
      }, 'danger'));
    panel.append(this.#tools);
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.#openMenu) this.#closeMenu(true);
    });
  }

  /** Shows the tools to moderators only and the current settings. */
  update() {
    const session = this.#session();
    this.#tools.hidden = session?.role !== 'moderator';
    if (!session) return;
    this.#share.value = session.settings.whoMayShare;
    this.#unmute.value = session.settings.whoMayUnmute;
    this.#chat.value = session.settings.whoMayChat ?? 'everyone';
    this.#poll.value = session.settings.whoMayPoll ?? 'moderators';
  }

  /**
   * Adds to a participants-panel row what moderation says about that person, and for
   * moderators the menu of actions on them.
   * @param {HTMLLIElement} item
   * @param {{id: string, name: string, self: boolean}} person
   */
  decorate(item, person) {
    const session = this.#session();
    if (!session) return;
    const p = person.self ? { ...session.moderation, role: session.role } : session.participants.get(person.id);
    if (!p) return;
    if (p.mutedBy) {
      const note = document.createElement('span');
      note.className = 'person-note';
      bindText(note, person.self && !p.canUnmute ? 'moderation.you-muted-locked' : 'moderation.muted-by-moderator');
      item.append(note);
    }
    if (session.role !== 'moderator' || person.self) return;
    item.append(this.#menu(person, /** @type {Participant} */ (p)));
  }

  /**
   * @param {{id: string, name: string}} person
   * @param {Participant} p
   */
  #menu(person, p) {
    const wrapper = document.createElement('div');
    wrapper.className = 'person-menu';
    const toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'button quiet small person-menu-button';
    toggle.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-haspopup', 'true');
    bindText(toggle, 'moderation.menu', { name: person.name }, 'aria-label');
    toggle.textContent = '⋯';
    const list = document.createElement('div');
    list.className = 'person-menu-list';
    list.setAttribute('role', 'group');
    bindText(list, 'moderation.menu', { name: person.name }, 'aria-label');
    list.hidden = true;
    const target = { participant: person.id };
    /** @type {[string, string, ModerationSend][]} */
    const actions = [];
    if (p.audio || !p.mutedBy) actions.push(['mute', 'moderation.mute', { type: 'mute', ...target }]);
    if (p.mutedBy) actions.push(['allow-unmute', 'moderation.allow-unmute', { type: 'allow-unmute', ...target }]);
    if (p.video) actions.push(['stop-camera', 'moderation.stop-camera', { type: 'stop-camera', ...target }]);
    if (p.hand !== null && p.hand !== undefined) actions.push(['lower-hand', 'moderation.lower-hand', { type: 'lower-hand', ...target }]);
    if (p.role === 'moderator') actions.push(['demote', 'moderation.remove-moderator', { type: 'set-role', role: 'participant', ...target }]);
    else actions.push(['promote', 'moderation.make-moderator', { type: 'set-role', role: 'moderator', ...target }]);
    actions.push(['remove', 'moderation.remove', { type: 'remove', ...target }]);
    for (const [name, key, command] of actions) {
      const button = actionButton('', key, () => {
        this.#closeMenu(false);
        this.#send(command);
      }, name === 'remove' ? 'danger' : '');
      button.dataset.action = name;
      bindText(button, `${key}-label`, { name: person.name }, 'aria-label');
      list.append(button);
    }
    toggle.dataset.action = 'toggle';
    const open = () => {
      list.hidden = false;
      toggle.setAttribute('aria-expanded', 'true');
      this.#openMenu = wrapper;
      this.#openFor = person.id;
    };
    toggle.addEventListener('click', () => {
      const opening = list.hidden;
      this.#closeMenu(false);
      if (!opening) return;
      open();
      /** @type {HTMLButtonElement | null} */ (list.querySelector('button'))?.focus();
    });
    wrapper.append(toggle, list);
    if (this.#openFor === person.id) {
      // The roster is being drawn again (someone's state changed): keep the menu as it was.
      const focused = document.activeElement;
      const action = focused instanceof HTMLElement && this.#openMenu?.contains(focused) ? focused.dataset.action : undefined;
      open();
      if (action) queueMicrotask(() => /** @type {HTMLElement | null} */ (wrapper.querySelector(`[data-action="${action}"]`))?.focus());
    }
    return wrapper;
  }

  /** @param {boolean} refocus return the focus to the menu's button */
  #closeMenu(refocus) {
    const menu = this.#openMenu;
    this.#openFor = '';
    if (!menu) return;
    this.#openMenu = null;
    const list = menu.querySelector('.person-menu-list');
    const toggle = menu.querySelector('.person-menu-button');
    if (list instanceof HTMLElement) list.hidden = true;
    toggle?.setAttribute('aria-expanded', 'false');
    if (refocus && toggle instanceof HTMLElement) toggle.focus();
  }

  /**
   * @param {string} id
   * @param {string} key label's catalogue key
   * @param {HTMLSelectElement} select
   * @param {'whoMayShare' | 'whoMayUnmute' | 'whoMayChat' | 'whoMayPoll'} field
   */
  #setting(id, key, select, field) {
    const label = document.createElement('label');
    label.className = 'moderation-setting';
    const text = document.createElement('span');
    bindText(text, key);
    select.id = id;
    for (const value of ['everyone', 'moderators']) {
      const option = document.createElement('option');
      option.value = value;
      bindText(option, `moderation.audience-${value}`);
      select.append(option);
    }
    select.addEventListener('change', () => {
      const value = select.value === 'moderators' ? 'moderators' : 'everyone';
      this.#send({ type: 'room-settings', [field]: value });
    });
    label.append(text, select);
    return label;
  }

  /** @param {ModerationSend} command */
  #send(command) {
    this.#session()?.moderate(command);
  }
}

/**
 * @param {string} id element id, or '' for none
 * @param {string} key catalogue key of its text
 * @param {() => void} onClick
 * @param {string} [variant] extra class, e.g. 'danger'
 */
function actionButton(id, key, onClick, variant = '') {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = `button small ${variant}`.trim();
  if (id) button.id = id;
  bindText(button, key);
  button.addEventListener('click', onClick);
  return button;
}
