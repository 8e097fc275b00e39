// The chat panel: messages in memory only (P26), to everyone or privately to one participant, an unread counter on the chat button; while only moderators may chat, others write privately to a moderator only.

import { bindText, t } from '../i18n.js';
import { kMaxChatLength } from '../protocol/signaling.js';
import { byId } from './dom.js';
import { Panel } from './panel.js';

/** @typedef {import('../protocol/signaling.js').ChatMessage} ChatMessage */
/** @typedef {import('../protocol/signaling.js').Participant} Participant */

/**
 * @typedef {object} ChatContext
 * @property {() => string} self this participant's id
 * @property {(id: string) => string | null} nameOf a present participant's display name
 * @property {(text: string, to: string) => boolean} send to = '' for everyone
 * @property {(text: string) => void} announce live region for screen readers
 */

export class ChatPanel {
  #list = byId('chat-list', HTMLOListElement);
  #form = byId('chat-form', HTMLFormElement);
  #input = byId('chat-input', HTMLTextAreaElement);
  #to = byId('chat-to', HTMLSelectElement);
  #unread = byId('chat-unread', HTMLSpanElement);
  #sendButton = byId('chat-send', HTMLButtonElement);
  #restrictedNote = byId('chat-restricted', HTMLParagraphElement);
  #unreadCount = 0;
  /** Only moderators may chat and this participant is none (docs/protocol.md "Moderation"). */
  #restricted = false;
  /** @type {Set<string>} */
  #moderators = new Set();
  /** @type {Panel} */
  panel;
  /** @type {ChatContext} */
  #context;

  /** @param {ChatContext} context */
  constructor(context) {
    this.#context = context;
    this.#input.maxLength = kMaxChatLength;
    this.panel = new Panel('chat-panel', 'meeting-chat', 'chat-close', this.#input);
    this.panel.onToggle((open) => {
      if (open) this.#setUnread(0);
    });
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#send();
    });
    this.#input.addEventListener('keydown', (event) => {
      // Enter sends, Shift+Enter starts a new line.
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.#send();
      }
    });
    this.#to.addEventListener('change', () => this.#applyRestriction());
  }

  /** @param {ChatMessage} message */
  receive(message) {
    const self = this.#context.self();
    const fromSelf = message.from === self;
    const item = document.createElement('li');
    item.className = 'chat-item';
    item.classList.toggle('chat-private', message.private);
    item.classList.toggle('chat-own', fromSelf);
    const meta = document.createElement('p');
    meta.className = 'chat-meta';
    const from = document.createElement('span');
    from.className = 'chat-from';
    const fromName = this.#context.nameOf(message.from) ?? '?';
    if (fromSelf) bindText(from, 'chat.you');
    else from.textContent = fromName;
    meta.append(from);
    if (message.private) {
      const mark = document.createElement('span');
      mark.className = 'chat-private-mark';
      if (fromSelf) bindText(mark, 'chat.private-to', { name: this.#context.nameOf(message.to ?? '') ?? '?' });
      else bindText(mark, 'chat.private-from');
      meta.append(' ', mark);
    }
    const time = document.createElement('time');
    const at = new Date(message.at);
    time.dateTime = at.toISOString();
    time.textContent = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    meta.append(' ', time);
    const text = document.createElement('p');
    text.className = 'chat-text';
    if (message.unreadable) {
      text.classList.add('chat-unreadable');
      bindText(text, 'chat.unreadable');
    } else {
      text.textContent = message.text;  // never parsed as HTML
    }
    item.append(meta, text);
    this.#list.append(item);
    item.scrollIntoView({ block: 'end' });
    if (fromSelf) return;
    if (!this.panel.open) this.#setUnread(this.#unreadCount + 1);
    const key = message.private ? 'chat.announce-private' : 'chat.announce';
    this.#context.announce(t(key, { name: fromName, text: message.text.slice(0, 300) }));
  }

  /**
   * @param {Iterable<Participant>} participants the others, for the private-message choice
   * @param {boolean} [restricted] only moderators may chat and this participant is none: the
   *   server relays only private messages to a moderator, so only those can be written
   */
  setRecipients(participants, restricted = false) {
    const chosen = this.#to.value;
    this.#restricted = restricted;
    this.#moderators.clear();
    for (const option of [...this.#to.options]) if (option.value !== '') option.remove();
    for (const p of participants) {
      if (p.role === 'moderator') this.#moderators.add(p.id);
      const option = document.createElement('option');
      option.value = p.id;
      option.textContent = p.name;
      option.disabled = restricted && p.role !== 'moderator';
      this.#to.append(option);
    }
    // A recipient who left falls back to everyone rather than to someone else.
    const still = [...this.#to.options].find((o) => o.value === chosen && !o.disabled);
    this.#to.value = still ? chosen : '';
    this.#applyRestriction();
  }

  #applyRestriction() {
    const allowed = !this.#restricted || this.#moderators.has(this.#to.value);
    this.#input.disabled = !allowed;
    this.#sendButton.disabled = !allowed;
    this.#restrictedNote.hidden = !this.#restricted;
  }

  /** Forgets every message (leaving the meeting: P26). */
  clear() {
    this.setRecipients([]);
    this.#list.replaceChildren();
    this.#input.value = '';
    this.#setUnread(0);
    this.panel.setOpen(false);
  }

  #send() {
    const text = this.#input.value;
    if (text.trim() === '') return;
    if (this.#context.send(text, this.#to.value)) this.#input.value = '';
  }

  /** @param {number} count */
  #setUnread(count) {
    this.#unreadCount = count;
    this.#unread.hidden = count === 0;
    this.#unread.textContent = String(count);
    if (count === 0) bindText(this.panel.button, 'chat.button', undefined, 'aria-label');
    else bindText(this.panel.button, 'chat.button-unread', { count: String(count) }, 'aria-label');
  }
}
