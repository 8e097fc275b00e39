// The polls panel (opened from the "More" menu): asking a poll where the room allows it, voting, live results as every client counts them from the encrypted ballots, and closing; announced to screen readers; in memory only.

import { bindText, t } from '../i18n.js';
import { kMaxAnswerLength, kMaxAnswers, kMaxQuestionLength, kMinAnswers } from '../e2ee/poll_crypto.js';
import { byId } from './dom.js';
import { Panel } from './panel.js';

/** @typedef {import('../protocol/polls.js').PollView} PollView */
/** @typedef {import('../protocol/polls.js').Polls} Polls */

/**
 * @typedef {object} PollsContext
 * @property {() => Polls | null} polls
 * @property {() => string} self
 * @property {() => boolean} moderator this participant is a moderator
 * @property {(id: string) => string} nameOf a participant's display name, "(you)" marked for oneself
 * @property {(text: string) => void} announce the polite live region
 * @property {(code: string) => void} error
 */

/**
 * @typedef {object} PollItem
 * @property {HTMLLIElement} item
 * @property {HTMLParagraphElement} status
 * @property {HTMLFormElement | null} form
 * @property {HTMLButtonElement | null} close
 * @property {HTMLUListElement} results
 */

export class PollsPanel {
  #form = byId('poll-form', HTMLFormElement);
  #question = byId('poll-question', HTMLInputElement);
  #answers = byId('poll-answers', HTMLOListElement);
  #addAnswer = byId('poll-add-answer', HTMLButtonElement);
  #multiple = byId('poll-multiple', HTMLInputElement);
  #anonymous = byId('poll-anonymous', HTMLInputElement);
  #formError = byId('poll-form-error', HTMLParagraphElement);
  #notAllowed = byId('poll-not-allowed', HTMLParagraphElement);
  #list = byId('poll-list', HTMLOListElement);
  // The item sits in the "More" menu, closed by the time the panel closes.
  panel = new Panel('polls-panel', 'meeting-polls', 'polls-close', byId('polls-heading', HTMLHeadingElement),
    byId('meeting-more', HTMLButtonElement));
  /** @type {Map<string, PollItem>} */
  #items = new Map();
  /** @type {PollsContext} */
  #context;

  /** @param {PollsContext} context */
  constructor(context) {
    this.#context = context;
    this.#question.maxLength = kMaxQuestionLength;
    this.#addAnswer.addEventListener('click', () => this.#answerField('')?.focus());
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.#ask();
    });
    this.#resetForm();
  }

  /**
   * Whether this participant may ask polls now (the room's whoMayPoll, docs/protocol.md "Polls").
   * @param {boolean} allowed
   */
  setAllowed(allowed) {
    this.#form.hidden = !allowed;
    this.#notAllowed.hidden = allowed;
  }

  /**
   * @param {string} id
   * @param {'asked' | 'voted' | 'closed'} what
   */
  changed(id, what) {
    const view = this.#context.polls()?.get(id);
    if (!view) return;
    if (what === 'asked') {
      this.#add(view);
      if (view.from !== this.#context.self()) {
        this.#context.announce(view.spec
          ? t('poll.announce-new', { name: this.#context.nameOf(view.from), question: view.spec.question })
          : t('poll.announce-unreadable', { name: this.#context.nameOf(view.from) }));
      }
      return;
    }
    const entry = this.#items.get(id);
    if (!entry) return;
    this.#renderResults(view, entry);
    if (what === 'closed') {
      entry.form?.remove();
      entry.close?.remove();
      entry.form = null;
      entry.close = null;
      this.#renderStatus(view, entry);
      if (view.spec) {
        const results = view.spec.answers.map((a, i) => t('poll.result-short', { answer: a, count: String(view.counts[i]) }));
        this.#context.announce(t('poll.announce-closed', { question: view.spec.question, results: results.join('; ') }));
      }
    }
  }

  /** Forgets every poll and the half-written one (leaving the meeting). */
  clear() {
    this.#items.clear();
    this.#list.replaceChildren();
    this.#resetForm();
    this.panel.setOpen(false);
  }

  #resetForm() {
    this.#question.value = '';
    this.#answers.replaceChildren();
    for (let i = 0; i < kMinAnswers; i += 1) this.#answerField('');
    this.#multiple.checked = false;
    this.#anonymous.checked = false;
    this.#formError.hidden = true;
  }

  /**
   * Adds an answer field (up to kMaxAnswers) with its own remove button; null when full.
   * @param {string} value
   * @returns {HTMLInputElement | null}
   */
  #answerField(value) {
    if (this.#answers.children.length >= kMaxAnswers) return null;
    const item = document.createElement('li');
    item.className = 'poll-answer-field';
    const input = document.createElement('input');
    input.type = 'text';
    input.maxLength = kMaxAnswerLength;
    input.value = value;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'button quiet small';
    remove.textContent = '×';
    remove.addEventListener('click', () => {
      if (this.#answers.children.length <= kMinAnswers) return;
      item.remove();
      this.#numberAnswers();
      /** @type {HTMLInputElement | null} */ (this.#answers.querySelector('input'))?.focus();
    });
    item.append(input, remove);
    this.#answers.append(item);
    this.#numberAnswers();
    return input;
  }

  /** Names each answer field and its remove button by its number, for screen readers. */
  #numberAnswers() {
    const items = [...this.#answers.children];
    items.forEach((item, i) => {
      const number = String(i + 1);
      const input = item.querySelector('input');
      const remove = item.querySelector('button');
      if (input) bindText(input, 'poll.answer-label', { number }, 'aria-label');
      if (remove) {
        bindText(remove, 'poll.remove-answer', { number }, 'aria-label');
        remove.disabled = items.length <= kMinAnswers;
      }
    });
    this.#addAnswer.disabled = items.length >= kMaxAnswers;
  }

  async #ask() {
    const polls = this.#context.polls();
    if (!polls) return;
    const question = this.#question.value.trim();
    const answers = [...this.#answers.querySelectorAll('input')].map((i) => i.value.trim()).filter((a) => a !== '');
    if (question === '' || answers.length < kMinAnswers) {
      this.#formError.hidden = false;
      bindText(this.#formError, 'poll.form-incomplete');
      (question === '' ? this.#question : this.#answers.querySelector('input'))?.focus();
      return;
    }
    try {
      await polls.ask({ question, answers, multiple: this.#multiple.checked, anonymous: this.#anonymous.checked });
      this.#resetForm();
    } catch {
      this.#context.error('e2ee-poll-failed');
    }
  }

  /** @param {PollView} view */
  #add(view) {
    const item = document.createElement('li');
    item.className = 'poll-item';
    item.dataset.poll = view.id;
    const heading = document.createElement('h3');
    heading.className = 'poll-question';
    heading.id = `poll-q-${view.id}`;
    if (view.spec) heading.textContent = view.spec.question;  // never parsed as HTML
    else bindText(heading, 'poll.unreadable');
    const status = document.createElement('p');
    status.className = 'poll-status';
    const results = document.createElement('ul');
    results.className = 'poll-results';
    bindText(results, 'poll.results', { question: view.spec?.question ?? '' }, 'aria-label');
    /** @type {PollItem} */
    const entry = { item, status, form: null, close: null, results };
    item.append(heading, status);
    if (view.spec && view.open) {
      entry.form = this.#ballotForm(view);
      item.append(entry.form);
    }
    item.append(results);
    if (view.open && (view.from === this.#context.self() || this.#context.moderator())) {
      const close = document.createElement('button');
      close.type = 'button';
      close.className = 'button small';
      bindText(close, 'poll.close');
      bindText(close, 'poll.close-label', { question: view.spec?.question ?? '' }, 'aria-label');
      close.addEventListener('click', () => this.#context.polls()?.close(view.id));
      entry.close = close;
      item.append(close);
    }
    this.#items.set(view.id, entry);
    this.#renderStatus(view, entry);
    this.#renderResults(view, entry);
    this.#list.append(item);
  }

  /**
   * Radio buttons (single choice) or check boxes (multiple) and the vote button.
   * @param {PollView} view
   * @returns {HTMLFormElement}
   */
  #ballotForm(view) {
    const spec = /** @type {NonNullable<PollView['spec']>} */ (view.spec);
    const form = document.createElement('form');
    form.className = 'poll-ballot';
    const fieldset = document.createElement('fieldset');
    const legend = document.createElement('legend');
    bindText(legend, spec.multiple ? 'poll.choose-many' : 'poll.choose-one');
    fieldset.append(legend);
    spec.answers.forEach((answer, i) => {
      const label = document.createElement('label');
      label.className = 'check';
      const input = document.createElement('input');
      input.type = spec.multiple ? 'checkbox' : 'radio';
      input.name = `poll-${view.id}`;
      input.value = String(i);
      const text = document.createElement('span');
      text.textContent = answer;
      label.append(input, ' ', text);
      fieldset.append(label);
    });
    const vote = document.createElement('button');
    vote.type = 'submit';
    vote.className = 'button primary small';
    bindText(vote, 'poll.vote');
    bindText(vote, 'poll.vote-label', { question: spec.question }, 'aria-label');
    form.append(fieldset, vote);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const chosen = [...form.querySelectorAll('input:checked')].map((input) => Number(/** @type {HTMLInputElement} */ (input).value));
      if (chosen.length === 0) return;
      void this.#context.polls()?.vote(view.id, chosen);
    });
    return form;
  }

  /**
   * @param {PollView} view
   * @param {PollItem} entry
   */
  #renderStatus(view, entry) {
    const parts = [
      t('poll.asked-by', { name: this.#context.nameOf(view.from) }),
      t(view.anonymous ? 'poll.anonymous-mark' : 'poll.named-mark'),
    ];
    if (view.spec) parts.push(t(view.spec.multiple ? 'poll.multiple-mark' : 'poll.single-mark'));
    parts.push(view.open ? t('poll.open-mark') : t('poll.closed-by', { name: this.#context.nameOf(view.closedBy) }));
    entry.status.textContent = parts.join(' · ');
    entry.item.dataset.state = view.open ? 'open' : 'closed';
  }

  /**
   * One line per answer: its votes, their share, and for named polls who chose it.
   * @param {PollView} view
   * @param {PollItem} entry
   */
  #renderResults(view, entry) {
    if (!view.spec) return;
    const rows = view.spec.answers.map((answer, i) => {
      const row = document.createElement('li');
      row.className = 'poll-result';
      row.dataset.count = String(view.counts[i]);
      const share = view.ballots > 0 ? Math.round((100 * view.counts[i]) / view.ballots) : 0;
      const text = document.createElement('span');
      text.textContent = t('poll.result', { answer, count: String(view.counts[i]), percent: String(share) });
      const bar = document.createElement('span');
      bar.className = 'poll-bar';
      bar.setAttribute('aria-hidden', 'true');
      bar.style.setProperty('--share', `${share}%`);
      row.append(text, bar);
      if (!view.anonymous && view.voters[i].length > 0) {
        const who = document.createElement('span');
        who.className = 'poll-voters';
        who.textContent = view.voters[i].map((id) => this.#context.nameOf(id)).join(', ');
        row.append(who);
      }
      if (view.mine?.includes(i)) row.classList.add('poll-mine');
      return row;
    });
    const total = document.createElement('li');
    total.className = 'poll-total';
    total.textContent = t('poll.ballots', { count: String(view.ballots) });
    entry.results.replaceChildren(...rows, total);
  }
}
