// The settings panel of the meeting: choose camera, microphone, speaker and background effect; switching keeps the call going (the new track replaces the old one on the same sender).

import { bindText, t } from '../i18n.js';
import { isBackgroundMode } from '../background/modes.js';
import { segmentationSupport } from '../background/segmenter.js';
import { byId } from './dom.js';
import { codeOf } from './errors.js';
import { Panel } from './panel.js';

/** @typedef {import('../devices.js').LocalMedia} LocalMedia */
/** @typedef {import('./speaker.js').SpeakerOutput} SpeakerOutput */

export class SettingsPanel {
  #camera = byId('settings-camera', HTMLSelectElement);
  #mic = byId('settings-mic', HTMLSelectElement);
  #speaker = byId('settings-speaker', HTMLSelectElement);
  #background = byId('settings-background', HTMLSelectElement);
  #backgroundStatus = byId('settings-background-status', HTMLParagraphElement);
  #quality = byId('settings-quality', HTMLSelectElement);
  /**
   * The participant chose how much video to receive (view_report.js).
   * @type {(quality: import('./view_report.js').VideoQuality) => void}
   */
  onQuality = () => {};
  // The settings item sits in the "More" menu, closed by the time the panel closes.
  panel = new Panel('settings-panel', 'meeting-settings', 'settings-close', this.#camera,
    byId('meeting-more', HTMLButtonElement));
  /** @type {LocalMedia} */
  #media;
  /** @type {SpeakerOutput} */
  #output;
  /** @type {(code: string | null) => void} */
  #onError;

  /**
   * @param {LocalMedia} media
   * @param {SpeakerOutput} output
   * @param {(code: string | null) => void} onError
   */
  constructor(media, output, onError) {
    this.#media = media;
    this.#output = output;
    this.#onError = onError;
    byId('settings-speaker-field', HTMLElement).hidden = !output.supported;
    this.panel.onToggle((open) => {
      if (open) this.refresh().catch(() => {});
    });
    navigator.mediaDevices?.addEventListener('devicechange', () => {
      if (this.panel.open) this.refresh().catch(() => {});
    });
    media.onChange(() => {
      if (this.panel.open) this.refresh().catch(() => {});
    });
    for (const [select, kind] of /** @type {const} */ ([[this.#camera, 'video'], [this.#mic, 'audio']])) {
      select.addEventListener('change', () => {
        media.choose(kind, select.value).then(() => onError(null), (error) => {
          onError(codeOf(error));
          this.refresh().catch(() => {});
        });
      });
    }
    this.#speaker.addEventListener('change', () => {
      output.choose(this.#speaker.value).catch(() => {});
    });
    this.#background.addEventListener('change', () => this.#chooseBackground());
    this.#quality.addEventListener('change', () => {
      const quality = this.#quality.value;
      if (quality === 'auto' || quality === 'data-saver' || quality === 'audio-only') this.onQuality(quality);
    });
  }

  /** A new meeting starts with every video at the size of its tile. */
  resetQuality() {
    this.#quality.value = 'auto';
  }

  /** Applies the background effect chosen in the list; the model loads on first use. */
  async #chooseBackground() {
    const mode = this.#background.value;
    if (!isBackgroundMode(mode)) return;
    this.#background.setAttribute('aria-busy', 'true');
    this.#showBackgroundStatus(mode === 'off' ? null : 'settings.background-loading');
    try {
      await this.#media.setBackground(mode);
      this.#showBackgroundStatus(null);
    } catch (error) {
      this.#background.value = this.#media.background;
      this.#showBackgroundStatus('error.background-failed');
      this.#onError(codeOf(error));
    } finally {
      this.#background.removeAttribute('aria-busy');
    }
  }

  /** Fills the lists with the devices present now and marks the ones in use. */
  async refresh() {
    const devices = await navigator.mediaDevices.enumerateDevices();
    const { audio, video } = this.#media.tracks;
    fill(this.#camera, devices, 'videoinput', video ? this.#media.deviceIdOf('video') : this.#media.chosen.video);
    fill(this.#mic, devices, 'audioinput', audio?.getSettings().deviceId ?? this.#media.chosen.audio);
    if (this.#output.supported) fill(this.#speaker, devices, 'audiooutput', this.#output.sinkId);
    this.#background.value = this.#media.background;
    // Where the model cannot run, only "Off" is offered, and the status says why.
    const support = await segmentationSupport();
    for (const option of this.#background.options) option.disabled = support !== 'ok' && option.value !== 'off';
    if (support !== 'ok') this.#showBackgroundStatus(`settings.background-${support}`);
  }

  /** @param {string | null} key a catalogue key, or null to clear the status line */
  #showBackgroundStatus(key) {
    if (key) {
      bindText(this.#backgroundStatus, key);
    } else {
      this.#backgroundStatus.removeAttribute('data-i18n');
      this.#backgroundStatus.textContent = '';
    }
  }
}

/**
 * One option per device of a kind after the browser's default (''), the current one selected.
 * Names are the browser's labels, or "Camera 2" and the like before permission is given.
 * @param {HTMLSelectElement} select
 * @param {MediaDeviceInfo[]} devices
 * @param {MediaDeviceKind} kind
 * @param {string} current
 */
function fill(select, devices, kind, current) {
  const options = [new Option(t('settings.default'), '')];
  // Chromium lists its "default" and "communications" aliases as devices too: '' stands for them.
  const own = devices.filter((d) => d.kind === kind && d.deviceId !== '' && d.deviceId !== 'default' && d.deviceId !== 'communications');
  own.forEach((d, i) => options.push(new Option(d.label || t(`settings.${kind}-n`, { n: String(i + 1) }), d.deviceId)));
  select.replaceChildren(...options);
  select.value = own.some((d) => d.deviceId === current) ? current : '';
}
