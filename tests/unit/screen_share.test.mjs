// P34: screen sharing leaves the choice of screen, window or tab to the person, in the browser's own picker. Runs the client's real ScreenShare with stand-ins for the page's button and the browser's getDisplayMedia, and checks the options it asks the picker with.

import { test } from 'node:test';
import assert from 'node:assert/strict';

class FakeButton {
  hidden = false;
  disabled = false;
  /** @type {Record<string, string>} */
  attributes = {};
  /** @type {(() => void) | null} */
  onClick = null;
  /** @param {string} name @param {string} value */
  setAttribute(name, value) { this.attributes[name] = value; }
  /** @param {string} name */
  getAttribute(name) { return this.attributes[name] ?? null; }
  /** @param {string} type @param {() => void} listener */
  addEventListener(type, listener) { if (type === 'click') this.onClick = listener; }
}

/** @type {unknown[]} */
const pickerCalls = [];
const button = new FakeButton();
const menuItem = new FakeButton();  // the "More" menu's stand-in on small screens
/** @type {Record<string, FakeButton>} */
const controls = { 'meeting-screen': button, 'meeting-screen-item': menuItem };
Object.assign(globalThis, {
  HTMLButtonElement: FakeButton,
  document: { getElementById: (/** @type {string} */ id) => controls[id] ?? null },
});
const track = { contentHint: '', stop() {}, addEventListener() {} };
Object.defineProperty(globalThis, 'navigator', {
  configurable: true,
  value: {
    mediaDevices: {
      getDisplayMedia: async (/** @type {unknown} */ options) => {
        pickerCalls.push(options);
        return { getVideoTracks: () => [track] };
      },
    },
  },
});

const { ScreenShare } = await import('../../web/js/ui/screen_share.js');

// Options that would take the choice away or steer it: a forced or preferred surface, this
// tab only, or hiding some kinds of surface from the picker.
const kSteering = ['displaySurface', 'preferCurrentTab', 'selfBrowserSurface', 'surfaceSwitching',
  'monitorTypeSurfaces', 'logicalSurface', 'cursor'];

test('the picker is opened without forcing or hiding a kind of surface (P34)', async () => {
  /** @type {{kind: string, track: unknown}[]} */
  const sent = [];
  const session = { setTrack: async (/** @type {string} */ kind, /** @type {unknown} */ t) => { sent.push({ kind, track: t }); } };
  const share = new ScreenShare(() => /** @type {any} */ (session), () => {});
  assert.equal(button.hidden, false, 'the button shows where the browser can share');
  await share.toggle();
  assert.equal(pickerCalls.length, 1);
  const options = /** @type {Record<string, any>} */ (pickerCalls[0]);
  assert.deepEqual(Object.keys(options).filter((k) => !['video', 'audio'].includes(k)), [],
    'only video and audio options: anything else may steer the picker');
  const video = typeof options.video === 'object' ? options.video : {};
  for (const key of kSteering) {
    assert.ok(!(key in options) && !(key in video), `getDisplayMedia must not set ${key}: the person chooses`);
  }
  assert.deepEqual(Object.keys(video).filter((k) => !['frameRate', 'width', 'height'].includes(k)), [],
    'video constraints only shape the picture, never the surface');
  assert.deepEqual(sent, [{ kind: 'screen', track }]);
  assert.equal(button.attributes['aria-pressed'], 'true');
});
