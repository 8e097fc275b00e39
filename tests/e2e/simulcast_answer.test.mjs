// What real browsers do when a vicos-shaped offer asks them to send simulcast (docs/design/media-model.md, stage S0): the server offers, so the browser is the answerer, and its camera m-line carries `a=rid:<id> recv` and `a=simulcast:recv q;h;f` (RFC 8851, RFC 8853). Records per browser which encodings the sender gets, whether setParameters takes the layer sizes and rates, and what the answer says; asserts today's behaviour so that a browser update that changes it is noticed.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { baseUrl, launchChromium, launchFirefox, newChromiumPage } from './browsers.mjs';

/** The layers vicos will ask for (src/media/media_profile.hpp, kCameraLayers). */
const kLayers = [
  { rid: 'q', scale: 4, maxBitrate: 150_000 },
  { rid: 'h', scale: 2, maxBitrate: 500_000 },
  { rid: 'f', scale: 1, maxBitrate: 2_500_000 },
];

/** An offer as src/sdp/offer_builder.cpp writes it, with the camera uplink asking for three rids and RTX. */
function simulcastOffer() {
  const transport = [
    'c=IN IP4 127.0.0.1',
    'a=rtcp:9 IN IP4 0.0.0.0',
    'a=candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host generation 0',
    'a=ice-ufrag:Dv9jIgH9',
    'a=ice-pwd:SBIAgnhRL1Zg0RuGRa+MX5jr',
    'a=fingerprint:sha-256 53:83:63:95:19:AE:8C:59:48:38:DD:B9:99:48:71:B0:86:30:FD:85:6C:11:4B:D5:2C:1E:B7:54:6E:85:7B:8B',
    'a=setup:actpass',
  ];
  const lines = [
    'v=0', 'o=- 7287195672711068977 1 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0 1',
    'a=msid-semantic: WMS', 'a=ice-lite',
    'm=audio 40000 UDP/TLS/RTP/SAVPF 111', ...transport, 'a=mid:0',
    'a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid', 'a=extmap:2 urn:ietf:params:rtp-hdrext:ssrc-audio-level',
    'a=recvonly', 'a=rtcp-mux', 'a=rtcp-rsize', 'a=rtpmap:111 opus/48000/2', 'a=fmtp:111 minptime=10;useinbandfec=1',
    'm=video 40000 UDP/TLS/RTP/SAVPF 96 97', ...transport, 'a=mid:1',
    'a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:mid',
    'a=extmap:3 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
    'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id',
    'a=extmap:5 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id',
    'a=recvonly', 'a=rtcp-mux', 'a=rtcp-rsize', 'a=rtpmap:96 VP8/90000',
    'a=rtcp-fb:96 nack', 'a=rtcp-fb:96 nack pli', 'a=rtcp-fb:96 ccm fir', 'a=rtcp-fb:96 goog-remb',
    'a=rtpmap:97 rtx/90000', 'a=fmtp:97 apt=96',
    ...kLayers.map((l) => `a=rid:${l.rid} recv`), `a=simulcast:recv ${kLayers.map((l) => l.rid).join(';')}`,
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * Runs in the page: answers the offer with the fake camera and microphone, then asks for the
 * layer sizes, rates and three temporal layers.
 * @param {{sdp: string, layers: typeof kLayers}} arg
 */
async function probe({ sdp, layers }) {
  const pc = new RTCPeerConnection();
  await pc.setRemoteDescription({ type: 'offer', sdp });
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 1280, height: 720 } });
  const [audio, video] = pc.getTransceivers();
  audio.direction = 'sendonly';
  video.direction = 'sendonly';
  await audio.sender.replaceTrack(stream.getAudioTracks()[0]);
  await video.sender.replaceTrack(stream.getVideoTracks()[0]);
  const answer = await pc.createAnswer();
  await pc.setLocalDescription(answer);
  const describe = () => video.sender.getParameters().encodings.map((e) => ({
    rid: e.rid ?? null, scale: e.scaleResolutionDownBy ?? null, maxBitrate: e.maxBitrate ?? null,
    scalabilityMode: /** @type {any} */ (e).scalabilityMode ?? null,
  }));
  const before = describe();
  let setParameters = 'ok';
  const params = video.sender.getParameters();
  params.encodings.forEach((e, i) => {
    const layer = layers.find((l) => l.rid === e.rid) ?? layers[Math.min(i, layers.length - 1)];
    e.scaleResolutionDownBy = layer.scale;
    e.maxBitrate = layer.maxBitrate;
    /** @type {any} */ (e).scalabilityMode = 'L1T3';
  });
  try {
    await video.sender.setParameters(params);
  } catch (error) {
    setParameters = String(error);
  }
  const after = describe();
  const videoSection = answer.sdp?.split('m=video')[1] ?? '';
  const lines = videoSection.split('\r\n').filter((l) => /^a=(rid|simulcast|ssrc-group|extmap|rtpmap):/.test(l));
  const settings = stream.getVideoTracks()[0].getSettings();
  stream.getTracks().forEach((t) => t.stop());
  pc.close();
  return { before, after, setParameters, answer: lines, capture: `${settings.width}x${settings.height}` };
}

describe('simulcast asked for in the server\'s offer', () => {
  /** @type {import('playwright-core').Browser} */
  let chromium;
  before(async () => { chromium = await launchChromium(); });
  after(async () => { await chromium?.close(); });

  test('Chromium sends three rids with the sizes, rates and temporal layers set', async () => {
    const page = await newChromiumPage(chromium);
    await page.goto(`${baseUrl}/`);
    const result = await page.evaluate(probe, { sdp: simulcastOffer(), layers: kLayers });
    console.log('chromium', JSON.stringify(result));
    assert.deepEqual(result.before.map((e) => e.rid), ['q', 'h', 'f']);
    assert.equal(result.setParameters, 'ok');
    assert.deepEqual(result.after.map((e) => [e.rid, e.scale, e.maxBitrate, e.scalabilityMode]),
      kLayers.map((l) => [l.rid, l.scale, l.maxBitrate, 'L1T3']));
    assert.ok(result.answer.includes('a=simulcast:send q;h;f'), result.answer.join(' | '));
    for (const l of kLayers) assert.ok(result.answer.includes(`a=rid:${l.rid} send`));
    assert.ok(result.answer.some((l) => l.includes('rtp-stream-id')), 'the rid extension is accepted');
    assert.ok(result.answer.includes('a=rtpmap:97 rtx/90000'), 'RTX is accepted');
    // No SSRCs in the answer: the server learns each layer's SSRC from the rid extension.
    assert.ok(!result.answer.some((l) => l.startsWith('a=ssrc-group')));
  });

  test('Firefox ESR sends three rids with sizes and rates, but takes no scalabilityMode', async () => {
    const firefox = await launchFirefox();
    try {
      const page = await firefox.newPage();
      await page.goto(`${baseUrl}/`);
      const result = await page.evaluate(probe, { sdp: simulcastOffer(), layers: kLayers });
      console.log('firefox', JSON.stringify(result));
      assert.deepEqual(result.before.map((e) => [e.rid, e.scale]), [['q', 4], ['h', 2], ['f', 1]]);
      assert.equal(result.setParameters, 'ok');
      assert.deepEqual(result.after.map((e) => [e.rid, e.scale, e.maxBitrate]),
        kLayers.map((l) => [l.rid, l.scale, l.maxBitrate]));
      // Firefox ESR 153 keeps no scalabilityMode: temporal layers cannot be asked for this way.
      assert.ok(result.after.every((e) => e.scalabilityMode === null));
      assert.ok(result.answer.includes('a=simulcast:send q;h;f'), result.answer.join(' | '));
      for (const l of kLayers) assert.ok(result.answer.includes(`a=rid:${l.rid} send`));
      // Unlike Chromium, it announces each layer's SSRC with its RTX SSRC.
      assert.equal(result.answer.filter((l) => l.startsWith('a=ssrc-group:FID')).length, 3);
    } finally {
      await firefox.close();
    }
  });
});
