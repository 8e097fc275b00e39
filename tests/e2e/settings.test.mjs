// Real-browser settings and invite during a meeting: switching camera, microphone and speaker keeps the call (same sender, no renegotiation, still encrypted), and the invite item of the "More" menu copies the full link with its secret.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chooseFromMore, clickByRole, en, inboundStats, joinRoom, launchChromium, newChromiumPage, roomLink, roomName, waitFor } from './browsers.mjs';

/**
 * Label and id of the track on our uplink sender of that mid (0 audio, 1 video), the sender's
 * identity marker, and the local description (unchanged unless renegotiated).
 * @param {import('playwright-core').Page} page
 * @param {string} mid
 */
function uplink(page, mid) {
  return page.evaluate((m) => {
    /** @type {RTCPeerConnection} */
    const pc = /** @type {any} */ (window).vicos.pc;
    const sender = pc.getTransceivers().find((t) => t.mid === m)?.sender;
    const w = /** @type {any} */ (window);
    // Mark the sender object the first time: the same object later proves replaceTrack was used.
    if (sender && !w.vicosSenders) w.vicosSenders = new Map();
    if (sender && !w.vicosSenders.has(m)) w.vicosSenders.set(m, sender);
    return {
      label: sender?.track?.label ?? '',
      deviceId: sender?.track?.getSettings().deviceId ?? '',
      sameSender: sender !== undefined && w.vicosSenders.get(m) === sender,
      transceivers: pc.getTransceivers().length,
      sdp: pc.localDescription?.sdp ?? '',
    };
  }, mid);
}

describe('settings during the meeting (Chromium, three fake cameras, microphones and speakers)', { timeout: 180_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let ada;
  /** @type {import('playwright-core').Page} */
  let ben;
  let adaId = '';
  const room = roomName('settings');

  before(async () => {
    // device-count=3: Chromium lists fake_device_0 to _2, three fake microphones and three fake
    // speakers. fake_device_1 is a 16-bit depth camera whose frames the video encoder does not
    // take (the sender then sends nothing); fake_device_2 is an ordinary (MJPEG) camera.
    browser = await launchChromium({ fakeDevices: 3 });
    ada = await newChromiumPage(browser);
    ben = await newChromiumPage(browser);
    adaId = await joinRoom(ada, room, 'Ada');
    await joinRoom(ben, room, 'Ben');
    await waitFor(async () => ((await inboundStats(ben))[adaId]?.framesDecoded ?? 0) > 20, { message: 'Ben decodes Ada\'s video' });
  });

  after(async () => {
    await browser?.close();
  });

  test('switching the camera replaces the track on the same sender and Ben keeps decoding', async () => {
    const before = await uplink(ada, '1');
    assert.equal(before.label, 'fake_device_0');
    await chooseFromMore(ada, 'menuitem', en['settings.button']);
    const camera = ada.getByRole('combobox', { name: en['settings.camera'], exact: true });
    await waitFor(async () => (await camera.locator('option').allTextContents()).includes('fake_device_2'), { message: 'cameras listed' });
    assert.deepEqual(await camera.locator('option').allTextContents(), [en['settings.default'], 'fake_device_0', 'fake_device_1', 'fake_device_2']);
    const encryptedBefore = (await ada.evaluate(() => /** @type {any} */ (window).vicos.e2eeStats())).encrypted;
    await camera.selectOption({ label: 'fake_device_2' });

    const after = await waitFor(async () => {
      const now = await uplink(ada, '1');
      return now.label === 'fake_device_2' ? now : null;
    }, { message: 'the sender sends the second camera' });
    assert.notEqual(after.deviceId, before.deviceId);
    assert.equal(after.sameSender, true, 'the same RTCRtpSender carries the new track');
    assert.equal(after.transceivers, before.transceivers);
    assert.equal(after.sdp, before.sdp, 'nothing was renegotiated');
    // The self view shows the new camera.
    assert.equal(await ada.evaluate(() => /** @type {HTMLVideoElement} */ (document.querySelector('.tile-self video'))
      .srcObject instanceof MediaStream), true);
    assert.equal(await ada.evaluate(() => /** @type {MediaStream} */ (/** @type {HTMLVideoElement} */ (
      document.querySelector('.tile-self video')).srcObject).getVideoTracks()[0].label), 'fake_device_2');

    // Ben goes on decoding Ada's video after the switch; as Ada's frames are end-to-end
    // encrypted, decoding them also shows that the encryption transform stayed on the sender.
    const decodedAtSwitch = (await inboundStats(ben))[adaId]?.framesDecoded ?? 0;
    await waitFor(async () => ((await inboundStats(ben))[adaId]?.framesDecoded ?? 0) > decodedAtSwitch + 30,
      { message: 'Ben still decodes Ada\'s video' });
    const stats = await ada.evaluate(() => /** @type {any} */ (window).vicos.e2eeStats());
    assert.ok(stats.encrypted > encryptedBefore, 'Ada still encrypts frames');
  });

  test('switching the microphone replaces the audio track on the same sender', async () => {
    const before = await uplink(ada, '0');
    const mic = ada.getByRole('combobox', { name: en['settings.microphone'], exact: true });
    const labels = await mic.locator('option').allTextContents();
    assert.ok(labels.includes('Fake Audio Input 2'), labels.join(', '));
    await mic.selectOption({ label: 'Fake Audio Input 2' });
    const after = await waitFor(async () => {
      const now = await uplink(ada, '0');
      return now.label === 'Fake Audio Input 2' ? now : null;
    }, { message: 'the sender sends the second microphone' });
    assert.equal(after.sameSender, true);
    assert.equal(after.sdp, before.sdp);
    assert.notEqual(after.deviceId, before.deviceId);
  });

  test('the speaker list is filled and the choice applies to every remote media element', async () => {
    const speaker = ada.getByRole('combobox', { name: en['settings.speaker'], exact: true });
    assert.equal(await ada.evaluate(() => 'setSinkId' in HTMLMediaElement.prototype), true);
    const labels = await speaker.locator('option').allTextContents();
    assert.ok(labels.includes('Fake Audio Output 2'), labels.join(', '));
    await speaker.selectOption({ label: 'Fake Audio Output 2' });
    const chosen = await speaker.inputValue();
    assert.notEqual(chosen, '');
    await waitFor(() => ada.evaluate((id) => {
      const audio = [...document.querySelectorAll('#audio-sinks audio')];
      return audio.length >= 1 && audio.every((e) => /** @type {HTMLMediaElement} */ (e).sinkId === id);
    }, chosen), { message: 'remote audio plays on the chosen speaker' });
    // The tiles' videos are muted (their sound is the audio elements'), so no sound bypasses
    // the choice.
    assert.equal(await ada.evaluate(() => [...document.querySelectorAll('#grid video')].every((v) => /** @type {HTMLMediaElement} */ (v).muted)), true);
  });

  test('Escape closes the settings panel and focus returns to the "More" button that holds it', async () => {
    await ada.getByRole('combobox', { name: en['settings.camera'], exact: true }).focus();
    await ada.keyboard.press('Escape');
    await waitFor(() => ada.locator('#settings-panel').isHidden(), { message: 'panel closed' });
    assert.equal(await ada.evaluate(() => document.activeElement?.id), 'meeting-more');
    assert.equal(await ada.locator('#meeting-settings').getAttribute('aria-expanded'), 'false');
    // The choice stays for this page: reopening by keyboard (the last item of the menu) shows the
    // second camera selected.
    await ada.keyboard.press('Enter');
    await ada.keyboard.press('End');
    assert.equal(await ada.evaluate(() => document.activeElement?.id), 'meeting-settings');
    await ada.keyboard.press('Enter');
    await waitFor(() => ada.locator('#settings-panel').isVisible(), { message: 'panel reopened by keyboard' });
    const camera = ada.getByRole('combobox', { name: en['settings.camera'], exact: true });
    await waitFor(async () => (await camera.evaluate((s) => /** @type {HTMLSelectElement} */ (s).selectedOptions[0]?.textContent)) === 'fake_device_2',
      { message: 'second camera still selected' });
  });
});

describe('invite by copying the link (Chromium)', { timeout: 120_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  const room = roomName('invite');

  before(async () => {
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
  });

  test('the invite item copies the full link with the #k= secret and says so', async () => {
    const page = await newChromiumPage(browser, { permissions: ['clipboard-read', 'clipboard-write', 'camera', 'microphone'] });
    await joinRoom(page, room, 'Ada', { camera: false, mic: false });
    await page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
    await chooseFromMore(page, 'menuitem', en['invite.button']);
    await waitFor(async () => (await page.locator('#invite-status').textContent()) === en['invite.copied'], { message: 'confirmation shown' });
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, await page.evaluate(() => location.href));
    assert.equal(copied, roomLink(room));
    assert.match(copied, /#k=[A-Za-z0-9_-]{22}$/);
    assert.equal(await page.locator('#invite-link').isVisible(), false);
  });

  test('a refused clipboard shows the link selected instead', async () => {
    const page = await newChromiumPage(browser);
    await page.addInitScript(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('refused', 'NotAllowedError'));
    });
    await joinRoom(page, room, 'Ben', { camera: false, mic: false });
    await chooseFromMore(page, 'menuitem', en['invite.button']);
    const box = page.getByRole('textbox', { name: en['invite.link-label'], exact: true });
    await waitFor(() => box.isVisible(), { message: 'fallback link shown' });
    assert.equal(await box.inputValue(), roomLink(room));
    assert.equal(await page.locator('#invite-status').textContent(), en['invite.copy-yourself']);
    const selection = await box.evaluate((e) => {
      const input = /** @type {HTMLInputElement} */ (e);
      return { focused: document.activeElement === input, start: input.selectionStart, end: input.selectionEnd, length: input.value.length };
    });
    assert.deepEqual(selection, { focused: true, start: 0, end: selection.length, length: selection.length });
    await clickByRole(page, 'button', en['panel.close']);
    await waitFor(() => box.isHidden(), { message: 'fallback closed' });
  });

  test('the pre-join page copies the same full link through the same code', async () => {
    const page = await newChromiumPage(browser, { permissions: ['clipboard-read', 'clipboard-write', 'camera', 'microphone'] });
    await page.goto(roomLink(room));
    await clickByRole(page, 'button', en['prejoin.copy-link']);
    await waitFor(async () => (await page.locator('#prejoin-copied').textContent()) === en['invite.copied'], { message: 'pre-join confirmation' });
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), roomLink(room));
  });
});
