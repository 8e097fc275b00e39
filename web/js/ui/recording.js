// Recording with consent (P25): the moderator's "Record" item in the "More" menu, the question every participant is asked before they are recorded, the permanent indicator while a recording runs, and the recording itself in the moderator's browser (recorder.js), saved as a download.

import { bindText, t } from '../i18n.js';
import { byId } from './dom.js';
import { MeetingRecorder } from './recorder.js';

/**
 * @typedef {object} RecordingContext
 * @property {() => import('../protocol/session.js').Session | null} session
 * @property {() => string} self
 * @property {(id: string) => string} nameOf
 * @property {(id: string) => {video: HTMLVideoElement, audio: MediaStreamTrack | null} | null} sourcesOf
 * @property {(text: string) => void} announce
 */

export class RecordingControls {
  #item = byId('meeting-record', HTMLButtonElement);
  #indicator = byId('recording-indicator', HTMLElement);
  #indicatorText = byId('recording-indicator-text', HTMLElement);
  #change = byId('recording-change', HTMLButtonElement);
  #dialog = byId('recording-dialog', HTMLDialogElement);
  #dialogText = byId('recording-dialog-text', HTMLElement);
  /** @type {RecordingContext} */
  #context;
  /** Who records now ('' for nobody). */
  #by = '';
  /** This participant's answer while a recording runs; null before answering. @type {boolean | null} */
  #consent = null;
  /** At the recording moderator: everyone's answers. @type {Map<string, boolean>} */
  #answers = new Map();
  /** @type {MeetingRecorder | null} */
  #recorder = null;
  /** The room of the running recording, for the file's name (the session may be gone at the end). */
  #room = '';
  #moderator = false;
  /** Whether the server lets moderators record (rooms.recording, P25). */
  #allowed = false;

  /** Whether this browser records now (it then needs every video, view_report.js). */
  get recordingHere() {
    return this.#recorder !== null;
  }

  /** @param {RecordingContext} context */
  constructor(context) {
    this.#context = context;
    this.#item.addEventListener('click', () => {
      const session = context.session();
      if (!session) return;
      if (this.#by === '') session.recordingCommand({ type: 'recording-start' });
      else session.recordingCommand({ type: 'recording-stop' });
    });
    byId('recording-agree', HTMLButtonElement).addEventListener('click', () => this.#answer(true));
    byId('recording-decline', HTMLButtonElement).addEventListener('click', () => this.#answer(false));
    // Escape, or any other way of closing the question unanswered, counts as no: whoever does not
    // agree stays out of the recording. (Chromium may close a modal dialog without `cancel`.)
    this.#dialog.addEventListener('close', () => {
      if (this.#consent === null) this.#answer(false);
    });
    this.#change.addEventListener('click', () => this.#answer(!this.#consent));
  }

  /** Moderators may record where the server allows it (rooms.recording) and the browser can. @param {boolean} moderator */
  setModerator(moderator) {
    this.#moderator = moderator;
    this.#item.hidden = !moderator || !this.#allowed || !MeetingRecorder.supported();
  }

  /**
   * The server's `recording`: started (by someone) or stopped, and whether moderators may record.
   * @param {boolean} active
   * @param {string} by
   * @param {boolean} [allowed] as before when not given
   */
  changed(active, by, allowed = this.#allowed) {
    this.#allowed = allowed;
    this.setModerator(this.#moderator);
    const self = this.#context.self();
    // After a resume the server repeats the state: a recording already known stays as it is.
    if (active && by === this.#by) return;
    if (active) {
      if (this.#by !== '') this.changed(false, '');
      this.#by = by;
      this.#answers.clear();
      this.#consent = by === self ? true : null;
      if (by === self) this.#startRecorder();
      else this.#ask();
      this.#context.announce(t('recording.announce-start', { name: this.#context.nameOf(by) }));
    } else if (this.#by !== '') {
      this.#by = '';
      this.#consent = null;
      if (this.#dialog.open) this.#dialog.close();
      void this.#stopRecorder();
      this.#context.announce(t('recording.announce-stop'));
    }
    this.#render();
  }

  /**
   * At the recording moderator: a participant's answer.
   * @param {string} from
   * @param {boolean} consent
   */
  consent(from, consent) {
    if (from === this.#context.self()) return;
    this.#answers.set(from, consent);
    if (this.#recorder) this.#context.announce(t(consent ? 'recording.announce-agreed' : 'recording.announce-declined', { name: this.#context.nameOf(from) }));
  }

  /** Names may become readable later (they are end-to-end encrypted): the texts follow the roster. */
  rosterChanged() {
    if (this.#by === '') return;
    if (this.#dialog.open) this.#bindQuestion();
    this.#render();
  }

  /** Leaving the meeting ends any recording here and forgets the answers. */
  clear() {
    if (this.#by !== '') this.changed(false, '');
    this.#answers.clear();
    this.#allowed = false;
    this.setModerator(false);
  }

  #ask() {
    this.#bindQuestion();
    if (!this.#dialog.open) this.#dialog.showModal();
  }

  #bindQuestion() {
    const name = this.#context.nameOf(this.#by);
    bindText(this.#dialogText, 'recording.question', { name });
    bindText(byId('recording-dialog-explain', HTMLElement), 'recording.dialog-explain', { name });
  }

  /** @param {boolean} consent */
  #answer(consent) {
    if (this.#dialog.open) this.#dialog.close();
    if (this.#by === '' || this.#by === this.#context.self()) return;
    this.#consent = consent;
    this.#context.session()?.recordingCommand({ type: 'recording-consent', consent });
    this.#render();
  }

  #render() {
    const recording = this.#by !== '';
    const self = this.#by === this.#context.self();
    this.#indicator.hidden = !recording;
    // Any moderator may stop a recording, whoever started it.
    this.#item.setAttribute('aria-checked', recording ? 'true' : 'false');
    const label = this.#item.querySelector('span');
    if (label) bindText(label, recording ? 'recording.stop' : 'recording.start');
    if (!recording) return;
    const key = self ? 'recording.indicator-self' : this.#consent ? 'recording.indicator-in' : 'recording.indicator-out';
    bindText(this.#indicatorText, key, { name: this.#context.nameOf(this.#by) });
    this.#change.hidden = self;
    bindText(this.#change, this.#consent ? 'recording.withdraw' : 'recording.agree-now');
  }

  #startRecorder() {
    const self = this.#context.self();
    this.#room = this.#context.session()?.room ?? 'meeting';
    try {
      this.#recorder = new MeetingRecorder({
        included: () => {
          const others = this.#context.session()?.participants.keys() ?? [];
          return [self, ...[...others].filter((id) => this.#answers.get(id) === true)];
        },
        sourcesOf: (id) => this.#context.sourcesOf(id),
      });
    } catch {
      this.#recorder = null;
      this.#context.session()?.recordingCommand({ type: 'recording-stop' });
    }
  }

  async #stopRecorder() {
    const recorder = this.#recorder;
    if (!recorder) return;
    this.#recorder = null;
    const blob = await recorder.stop();
    const stamp = new Date(recorder.startedAt).toISOString().slice(0, 16).replace(/[:T]/g, '-');
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `vicos-${this.#room}-${stamp}.webm`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  }
}
