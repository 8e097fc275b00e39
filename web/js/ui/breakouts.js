// The breakout-room panel and banners: which room we are in and the close's countdown for everyone, joining a room where allowed, and a moderator's controls (create, assign by hand or at random, open, close, message to all rooms).

import { bindText, language, onLanguageChange, t } from '../i18n.js';
import { byId } from './dom.js';
import { Panel } from './panel.js';
import { kMaxBreakoutRooms, randomAssignment } from '../protocol/breakouts.js';

/** @typedef {import('../protocol/session.js').Session} Session */

/** A moderator's message to all rooms stays this long unless dismissed. */
const kBroadcastShownMs = 20_000;

/**
 * @typedef {object} BreakoutDeps
 * @property {() => Session | null} session
 * @property {(id: string) => string} nameOf a participant's name (ours included)
 * @property {(text: string) => void} announce said in the polite live region
 */

export class BreakoutControls {
  #menuItem = byId('meeting-breakouts', HTMLButtonElement);
  panel = new Panel('breakout-panel', 'meeting-breakouts', 'breakout-panel-close',
    byId('breakout-heading', HTMLHeadingElement), byId('meeting-more', HTMLButtonElement));
  #rooms = byId('breakout-rooms', HTMLUListElement);
  #none = byId('breakout-none', HTMLParagraphElement);
  #back = byId('breakout-back', HTMLButtonElement);
  #manage = byId('breakout-manage', HTMLElement);
  #plan = byId('breakout-plan', HTMLElement);
  #assign = byId('breakout-assign', HTMLUListElement);
  #count = byId('breakout-count', HTMLInputElement);
  #open = byId('breakout-open', HTMLButtonElement);
  #close = byId('breakout-close', HTMLButtonElement);
  #countdownSelect = byId('breakout-countdown-select', HTMLSelectElement);
  #status = byId('breakout-status', HTMLElement);
  #where = byId('breakout-where', HTMLElement);
  #countdown = byId('breakout-countdown', HTMLElement);
  #message = byId('breakout-message', HTMLElement);
  #messageText = byId('breakout-message-text', HTMLElement);
  /** @type {BreakoutDeps} */
  #deps;
  /** Our room as last shown, to announce a move once (undefined before the first state). @type {number | null | undefined} */
  #shownRoom = undefined;
  /** @type {ReturnType<typeof setInterval> | null} */
  #ticker = null;
  /** @type {ReturnType<typeof setTimeout> | null} */
  #messageTimer = null;
  /** What the lists show now: they are rebuilt only when it changes, so an open select stays open. */
  #rendered = '';

  /** @param {BreakoutDeps} deps */
  constructor(deps) {
    this.#deps = deps;
    const rooms = () => this.#deps.session()?.breakouts ?? null;
    byId('breakout-create-form', HTMLFormElement).addEventListener('submit', (event) => {
      event.preventDefault();
      const count = Math.min(kMaxBreakoutRooms, Math.max(1, Math.round(Number(this.#count.value) || 1)));
      const names = Array.from({ length: count }, (_, i) => t('breakout.room-name', { number: String(i + 1) }));
      rooms()?.create(names, byId('breakout-choose', HTMLInputElement).checked);
    });
    byId('breakout-random', HTMLButtonElement).addEventListener('click', () => {
      const session = this.#deps.session();
      const count = session?.breakouts?.state.rooms.length ?? 0;
      if (!session || count === 0) return;
      rooms()?.assign(randomAssignment([...session.participants.keys()], count));
    });
    this.#open.addEventListener('click', () => rooms()?.open());
    this.#close.addEventListener('click', () => rooms()?.close(Number(this.#countdownSelect.value)));
    this.#back.addEventListener('click', () => rooms()?.move(null));
    const input = byId('breakout-broadcast-input', HTMLTextAreaElement);
    byId('breakout-broadcast-form', HTMLFormElement).addEventListener('submit', (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      rooms()?.broadcast(text).then((sent) => { if (sent) input.value = ''; }).catch(() => {});
    });
    byId('breakout-message-dismiss', HTMLButtonElement).addEventListener('click', () => { this.#message.hidden = true; });
    onLanguageChange(() => this.update());
  }

  /** Renders the state after any change of rooms, roster or role. */
  update() {
    const session = this.#deps.session();
    const breakouts = session?.breakouts ?? null;
    const moderator = session?.role === 'moderator';
    const state = breakouts?.state ?? null;
    const hasRooms = (state?.rooms.length ?? 0) > 0;
    this.#menuItem.hidden = !session || (!moderator && !hasRooms);
    if (this.#menuItem.hidden) this.panel.setOpen(false);
    this.#none.hidden = hasRooms;
    this.#manage.hidden = !moderator;
    this.#plan.hidden = !moderator || !hasRooms;
    const open = state?.open ?? false;
    this.#open.disabled = open;
    this.#close.disabled = !open;
    const mine = breakouts?.mine ?? null;
    this.#back.hidden = !open || mine === null || !(moderator || state?.choose);
    const names = session ? [...session.participants.values()].map((p) => [p.id, p.name]) : [];
    const rendered = JSON.stringify([state, mine, moderator, names, language()]);
    if (rendered !== this.#rendered) {
      this.#rendered = rendered;
      this.#renderRooms(session, moderator);
      if (moderator && session) this.#renderAssign(session);
    }
    this.#status.hidden = !open;
    if (open && state) {
      const room = mine === null ? null : state.rooms[mine]?.name ?? '';
      if (room === null) bindText(this.#where, 'breakout.in-main');
      else bindText(this.#where, 'breakout.in-room', { room });
    }
    if (this.#shownRoom !== undefined && mine !== this.#shownRoom) {
      const room = mine === null ? '' : state?.rooms[mine]?.name ?? '';
      this.#deps.announce(mine === null ? t('breakout.moved-main') : t('breakout.moved-room', { room }));
    }
    this.#shownRoom = session ? mine : undefined;
    this.#tick();
  }

  /**
   * A moderator's message to every room, shown in its own banner.
   * @param {string} from
   * @param {string | null} text null: it could not be decrypted
   */
  showBroadcast(from, text) {
    const name = this.#deps.nameOf(from);
    this.#showMessage(text === null ? t('breakout.broadcast-unreadable', { name }) : t('breakout.broadcast-from', { name, text }));
  }

  /** @param {string} text */
  #showMessage(text) {
    this.#messageText.textContent = text;
    this.#message.hidden = false;
    if (this.#messageTimer) clearTimeout(this.#messageTimer);
    this.#messageTimer = setTimeout(() => { this.#message.hidden = true; }, kBroadcastShownMs);
  }

  /**
   * Tells a moderator (or a participant choosing a room) that the server refused the command.
   * @param {string} code
   */
  showRefusal(code) {
    const key = code === 'not-allowed' ? 'breakout.refused-not-allowed'
      : code === 'rate-limited' ? 'breakout.refused-rate-limited' : 'breakout.refused';
    this.#showMessage(t(key));
  }

  clear() {
    this.panel.setOpen(false);
    this.#status.hidden = true;
    this.#message.hidden = true;
    this.#shownRoom = undefined;
    this.#rendered = '';
    if (this.#ticker) clearInterval(this.#ticker);
    this.#ticker = null;
    this.#menuItem.hidden = true;
  }

  /**
   * @param {Session | null} session
   * @param {boolean} moderator
   */
  #renderRooms(session, moderator) {
    const breakouts = session?.breakouts;
    this.#rooms.replaceChildren();
    if (!session || !breakouts) return;
    const { rooms, open, choose } = breakouts.state;
    rooms.forEach((room, index) => {
      const item = document.createElement('li');
      item.className = 'breakout-room';
      item.dataset.room = String(index);
      const name = document.createElement('strong');
      name.textContent = room.name;
      const members = document.createElement('span');
      members.className = 'breakout-members';
      members.textContent = room.members.length === 0 ? t('breakout.empty')
        : room.members.map((id) => this.#deps.nameOf(id)).join(', ');
      item.append(name, ' ', members);
      if (open && breakouts.mine !== index && (moderator || choose)) {
        const go = document.createElement('button');
        go.type = 'button';
        go.className = 'button small';
        go.textContent = moderator ? t('breakout.visit') : t('breakout.join');
        go.setAttribute('aria-label', t(moderator ? 'breakout.visit-room' : 'breakout.join-room', { room: room.name }));
        go.addEventListener('click', () => breakouts.move(index));
        item.append(' ', go);
      }
      this.#rooms.append(item);
    });
  }

  /** @param {Session} session */
  #renderAssign(session) {
    const breakouts = session.breakouts;
    if (!breakouts) return;
    const rooms = breakouts.state.rooms;
    // Keeps the focused select across re-renders so that keyboard users do not lose their place.
    const focused = document.activeElement instanceof HTMLSelectElement ? document.activeElement.dataset.participant : undefined;
    this.#assign.replaceChildren();
    for (const id of session.participants.keys()) {
      const item = document.createElement('li');
      const label = document.createElement('span');
      label.className = 'knock-name';
      label.textContent = this.#deps.nameOf(id);
      const select = document.createElement('select');
      select.dataset.participant = id;
      select.setAttribute('aria-label', t('breakout.assign-label', { name: this.#deps.nameOf(id) }));
      const main = new Option(t('breakout.main-room'), '');
      select.append(main, ...rooms.map((room, index) => new Option(room.name, String(index))));
      const at = rooms.findIndex((room) => room.members.includes(id));
      select.value = at < 0 ? '' : String(at);
      select.addEventListener('change', () => {
        breakouts.assign({ [id]: select.value === '' ? null : Number(select.value) });
      });
      item.append(label, select);
      this.#assign.append(item);
      if (id === focused) select.focus();
    }
  }

  /** The close's countdown, updated each second while it runs (announced once, when it starts). */
  #tick() {
    const closesAt = this.#deps.session()?.breakouts?.closesAt ?? null;
    const open = this.#deps.session()?.breakouts?.state.open ?? false;
    if (!open || closesAt === null) {
      this.#countdown.textContent = '';
      if (this.#ticker) clearInterval(this.#ticker);
      this.#ticker = null;
      return;
    }
    const seconds = Math.max(0, Math.ceil((closesAt - Date.now()) / 1000));
    this.#countdown.textContent = t('breakout.closing-in', { seconds: String(seconds) });
    if (!this.#ticker) this.#deps.announce(t('breakout.closing-announce', { seconds: String(seconds) }));
    this.#ticker ??= setInterval(() => this.#tick(), 1000);
  }
}
