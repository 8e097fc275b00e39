// Real-browser meeting features: chat to everyone and in private (a third participant must not see it), and raised hands in order.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chatItems, chooseFromMore, clickByRole, en, joinEveryone, joinRoom, launchChromium, newChromiumPage, sendChat, waitFor, roomName } from './browsers.mjs';

describe('chat and raised hands between three Chromium participants', { timeout: 180_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  const room = roomName('features');
  const names = ['Ada', 'Ben', 'Cleo'];
  /** @type {import('playwright-core').Page[]} */
  const pages = [];
  /** @type {string[]} */
  const ids = [];

  before(async () => {
    browser = await launchChromium();
    // Everyone knows everyone before messages fly.
    const joined = await joinEveryone(browser, room, names, () => ({ camera: false, mic: false }));
    pages.push(...joined.pages);
    ids.push(...joined.ids);
  });

  after(async () => {
    await browser?.close();
  });

  test('a message to everyone reaches all three, with an unread counter while the panel is closed', async () => {
    const [ada, ben, cleo] = pages;
    await sendChat(ada, 'Hallo zusammen', en['chat.to-everyone']);
    for (const page of [ben, cleo]) {
      await waitFor(async () => (await chatItems(page)).some((m) => m.text === 'Hallo zusammen'), { message: 'message arrives' });
      const [message] = await chatItems(page);
      assert.deepEqual(message, { from: 'Ada', private: false, text: 'Hallo zusammen' });
      assert.equal(await page.locator('#chat-unread').textContent(), '1');
      assert.equal(await page.locator('#meeting-chat').getAttribute('aria-label'), en['chat.button-unread'].replace('{count}', '1'));
      assert.match(await page.locator('#announcer').textContent() ?? '', /Ada.*Hallo zusammen/);
    }
    assert.deepEqual(await chatItems(ada), [{ from: en['chat.you'], private: false, text: 'Hallo zusammen' }]);
    // Opening the panel with the C shortcut clears the counter.
    await ben.locator('body').press('c');
    await waitFor(async () => await ben.locator('#chat-panel').isVisible(), { message: 'chat panel open' });
    assert.equal(await ben.locator('#chat-unread').isHidden(), true);
  });

  test('a private message reaches only its recipient', async () => {
    const [ada, ben, cleo] = pages;
    await sendChat(ada, 'nur für Ben', 'Ben');
    await waitFor(async () => (await chatItems(ben)).some((m) => m.text === 'nur für Ben'), { message: 'private message arrives' });
    const received = (await chatItems(ben)).find((m) => m.text === 'nur für Ben');
    assert.deepEqual(received, { from: 'Ada', private: true, text: 'nur für Ben' });
    await waitFor(async () => (await chatItems(ada)).some((m) => m.text === 'nur für Ben' && m.private), { message: 'sender sees own private message' });
    // Cleo gets a later public message but never the private one.
    await sendChat(ben, 'und jetzt alle', en['chat.to-everyone']);
    await waitFor(async () => (await chatItems(cleo)).some((m) => m.text === 'und jetzt alle'), { message: 'later public message' });
    assert.ok(!(await chatItems(cleo)).some((m) => m.text.includes('nur für Ben')), 'Cleo does not see the private message');
  });

  test('raised hands appear in the order they went up, for everyone', async () => {
    const [ada, ben, cleo] = pages;
    await ben.locator('body').press('h');  // keyboard shortcut
    await waitFor(async () => (await ben.locator('#meeting-hand').getAttribute('aria-pressed')) === 'true', { message: 'Ben hand up' });
    await clickByRole(cleo, 'button', en['meeting.hand']);
    await waitFor(async () => (await cleo.locator('#meeting-hand').getAttribute('aria-pressed')) === 'true', { message: 'Cleo hand up' });

    await clickByRole(ada, 'button', en['people.button']);
    const order = () => ada.evaluate(() => [...document.querySelectorAll('#people-list .person')]
      .map((li) => [li.querySelector('.person-name')?.textContent, li.querySelector('.person-hand')?.textContent ?? null]));
    await waitFor(async () => JSON.stringify(await order()) === JSON.stringify([['Ben', '1'], ['Cleo', '2'], ['Ada (you)', null]]),
      { message: 'Ben first, Cleo second in the participants panel' });
    assert.equal(await ada.locator(`#grid [data-participant="${ids[1]}"] .tile-hand`).isVisible(), true);

    await clickByRole(ben, 'button', en['meeting.hand']);  // Ben lowers: Cleo moves up
    await waitFor(async () => JSON.stringify((await order())[0]) === JSON.stringify(['Cleo', '1']), { message: 'Cleo moves up' });
    await waitFor(async () => (await cleo.locator('#meeting-hand').getAttribute('aria-pressed')) === 'true', { message: 'Cleo still up' });
  });
});

describe('layouts', { timeout: 120_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;

  after(async () => {
    await browser?.close();
  });

  test('pin switches to speaker view with the pinned tile large; self view can be hidden', async () => {
    browser = await launchChromium();
    const room = roomName('layout');
    const ada = await newChromiumPage(browser);
    const ben = await newChromiumPage(browser);
    const adaId = await joinRoom(ada, room, 'Ada', { camera: false, mic: false });
    const benId = await joinRoom(ben, room, 'Ben', { camera: false, mic: false });
    const grid = ada.locator('#grid');
    await waitFor(async () => (await ada.locator(`#grid [data-participant="${benId}"]`).count()) === 1, { message: "Ben's tile" });
    assert.equal(await grid.getAttribute('data-layout'), 'grid');

    await clickByRole(ada, 'button', en['layout.pin'].replace('{name}', 'Ben'));
    assert.equal(await grid.getAttribute('data-layout'), 'speaker');
    assert.match(await ada.locator(`#grid [data-participant="${benId}"]`).getAttribute('class') ?? '', /\bfeatured\b/);
    const size = (/** @type {string} */ id) => ada.locator(`#grid [data-participant="${id}"]`).evaluate((e) => e.getBoundingClientRect().width);
    assert.ok(await size(benId) > 2 * await size(adaId), 'the pinned tile is shown large');
    // Layout and self view are checkbox items of the "More" menu.
    assert.equal(await ada.getByRole('menuitemcheckbox', { name: en['layout.speaker'], exact: true, includeHidden: true })
      .getAttribute('aria-checked'), 'true');

    await chooseFromMore(ada, 'menuitemcheckbox', en['layout.speaker']);  // back to the grid
    assert.equal(await grid.getAttribute('data-layout'), 'grid');

    await chooseFromMore(ada, 'menuitemcheckbox', en['layout.hide-self']);
    assert.equal(await ada.locator(`#grid [data-participant="${adaId}"]`).isVisible(), false);
    await chooseFromMore(ada, 'menuitemcheckbox', en['layout.hide-self']);
    assert.equal(await ada.locator(`#grid [data-participant="${adaId}"]`).isVisible(), true);
  });
});

describe('active speaker', { timeout: 120_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;

  after(async () => {
    await browser?.close();
  });

  test('follows the participant whose (fake, beeping) microphone is on; a muted one never becomes speaker', async () => {
    browser = await launchChromium();
    const room = roomName('speaker');
    const ada = await newChromiumPage(browser);
    const ben = await newChromiumPage(browser);
    const adaId = await joinRoom(ada, room, 'Ada', { camera: false, mic: true });
    const benId = await joinRoom(ben, room, 'Ben', { camera: false, mic: false });
    const speakerOf = (/** @type {any} */ page) => page.evaluate(() => /** @type {any} */ (window).vicos.state.activeSpeaker);
    for (const page of [ada, ben]) {
      await waitFor(async () => (await speakerOf(page)) === adaId, { message: 'Ada becomes the speaker' });
    }
    await waitFor(async () => (await ben.locator(`#grid [data-participant="${adaId}"]`).getAttribute('class'))?.includes('speaking'),
      { message: "Ada's tile marked as speaking" });
    // Ben stays silent (mic off) for a while: Ada remains the speaker.
    for (let i = 0; i < 8; ++i) {
      assert.equal(await speakerOf(ben), adaId);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // Ada mutes, Ben unmutes: the speaker follows Ben.
    await clickByRole(ada, 'button', en['media.microphone']);
    await clickByRole(ben, 'button', en['media.microphone']);
    for (const page of [ada, ben]) {
      await waitFor(async () => (await speakerOf(page)) === benId, { message: 'Ben becomes the speaker' });
    }
  });
});

describe('screen sharing', { timeout: 120_000 }, () => {
  /** @type {import('playwright-core').Browser} */
  let browser;

  after(async () => {
    await browser?.close();
  });

  // Headless Chromium has no screen to pick, so the sharer's getDisplayMedia returns a canvas
  // stream; everything after the picker (mid 2 sender, offer, SFU, downlink) is the real path.
  test('a shared screen is decoded by another participant on the screen downlink and shown large', async () => {
    browser = await launchChromium();
    const room = roomName('screen');
    const ada = await newChromiumPage(browser);
    await ada.addInitScript(() => {
      navigator.mediaDevices.getDisplayMedia = async () => {
        const canvas = document.createElement('canvas');
        canvas.width = 640;
        canvas.height = 360;
        const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
        let n = 0;
        setInterval(() => {
          ctx.fillStyle = `hsl(${(n += 7) % 360} 70% 50%)`;
          ctx.fillRect(0, 0, 640, 360);
          ctx.fillStyle = '#fff';
          ctx.fillText(String(n), 20, 40);
        }, 50);
        return canvas.captureStream(15);
      };
    });
    const ben = await newChromiumPage(browser);
    const adaId = await joinRoom(ada, room, 'Ada', { camera: false, mic: false });
    await joinRoom(ben, room, 'Ben', { camera: false, mic: false });
    await waitFor(async () => (await ada.evaluate(() => /** @type {any} */ (window).vicos.state.participants.length)) === 1, { message: 'Ada sees Ben' });
    await clickByRole(ada, 'button', en['screen.share']);
    await waitFor(async () => (await ada.locator('#meeting-screen').getAttribute('aria-pressed')) === 'true', { message: 'sharing' });

    const screenFrames = () => ben.evaluate(async (/** @type {string} */ publisher) => {
      const hook = /** @type {any} */ (window).vicos;
      const mids = new Set(hook.state.streams.filter((/** @type {any} */ s) => s.kind === 'screen' && s.participant === publisher)
        .map((/** @type {any} */ s) => s.mid));
      let frames = 0;
      for (const t of /** @type {RTCPeerConnection} */ (hook.pc).getTransceivers()) {
        if (!t.mid || !mids.has(t.mid)) continue;
        (await t.receiver.getStats()).forEach((/** @type {any} */ s) => {
          if (s.type === 'inbound-rtp') frames += s.framesDecoded ?? 0;
        });
      }
      return frames;
    }, adaId);
    const first = await waitFor(async () => { const f = await screenFrames(); return f > 0 && f; }, { message: 'Ben decodes the screen' });
    await waitFor(async () => (await screenFrames()) > first + 5, { timeout: 10_000, message: 'screen frames rising' });
    await waitFor(() => ben.locator(`#screens [data-screen="${adaId}"]`).isVisible(), { message: 'the screen is shown' });
    const area = await ben.locator(`#screens [data-screen="${adaId}"]`).evaluate((e) => e.getBoundingClientRect().height);
    const tile = await ben.locator(`#grid [data-participant="${adaId}"]`).evaluate((e) => e.getBoundingClientRect().height);
    assert.ok(area > tile, 'the screen is larger than the tiles');

    await clickByRole(ada, 'button', en['screen.share']);  // stop
    await waitFor(async () => !(await ben.locator(`#screens [data-screen="${adaId}"]`).isVisible()), { message: 'the screen goes away' });
  });
});
