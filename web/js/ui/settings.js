// The settings panel of the meeting: choose camera, microphone and speaker; switching keeps the call going (the new track replaces the old one on the same sender).

import { t } from '../i18n.js';
import { byId } from './dom.js';
import { codeOf } from './errors.js';
import { Panel } from './panel.js';

/** @typedef {import('../devices.js').LocalMedia} LocalMedia */
/** @typedef {import('./speaker.js').SpeakerOutput} SpeakerOutput */

export class SettingsPanel {
  #camera = byId('settings-camera', HTMLSelectElement);
  #mic = byId('settings-mic', HTMLSelectElement);
  #speaker = byId('settings-speaker', HTMLSelectElement);
  // The settings item sits in the "More" menu, closed by the time the panel closes.
  panel = new Panel('settings-panel', 'meeting-settings', 'settings-close', this.#camera,
    byId('meeting-more', HTMLButtonElement));
  /** @type {LocalMedia} */
  #media;
  /** @type {SpeakerOutput} */
  #output;

  /**
   * @param {LocalMedia} media
   * @param {SpeakerOutput} output
   * @param {(code: string | null) => void} onError
   */
  constructor(media, output, onError) {
    this.#media = media;
    this.#output = output;
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
  }

  /** Fills the lists with the devices present now and marks the ones in use. */
  async refresh() {
    const devices = await navigator.mediaDevices.enumerateDevices();
    const { audio, video } = this.#media.tracks;
    fill(this.#camera, devices, 'videoinput', video?.getSettings().deviceId ?? this.#media.chosen.video);
    fill(this.#mic, devices, 'audioinput', audio?.getSettings().deviceId ?? this.#media.chosen.audio);
    if (this.#output.supported) fill(this.#speaker, devices, 'audiooutput', this.#output.sinkId);
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
