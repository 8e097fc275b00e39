// Entry point of the browser client: language, routing between the screens, and the link between devices, session and UI.

import { bindText, detectLanguage, kLanguages, language, setLanguage } from './i18n.js';
import { LocalMedia } from './devices.js';
import { Session } from './protocol/session.js';
import { kRoomPattern } from './protocol/signaling.js';
import { byId, showScreen } from './ui/dom.js';
import { codeOf } from './ui/errors.js';
import { initLeft, showLeft } from './ui/left.js';
import { MeetingView } from './ui/meeting.js';
import { initPrejoin, showPrejoin } from './ui/prejoin.js';
import { initStart, resetStart, roomFromPath } from './ui/start.js';
import { initSiteLinks } from './ui/site_links.js';
import { initPrivacyReport, showPrivacyReport } from './ui/privacy_report.js';
import { initAdmin, offerAdminLink, showAdmin } from './ui/admin.js';
import { parseLinkFragment } from './e2ee/link_secret.js';
import { fetchAccount, initLogin, showAccount, showLogin } from './ui/login.js';
import { initSecondFactor } from './ui/second_factor.js';
import { initWaiting, showWaiting, showWaitingError } from './ui/waiting.js';
import { registerServiceWorker } from './app_install.js';

const media = new LocalMedia();
/** @type {Session | null} */
let session = null;
let room = '';
/** Where the login page returns to (path and fragment, kept in the page only: the fragment holds the meeting's secret). */
let returnTo = '/';

const meeting = new MeetingView(media, () => {
  session?.leave();
  session = null;
  media.stopAll();
  meeting.clear();
  showLeft(null);
});

// Whatever the user switches is sent at once while in a meeting.
media.onChange((kind, track) => {
  session?.setTrack(kind, track).catch(() => meeting.showAlert('media-failed'));
});

/** @param {string} name */
async function join(name) {
  const current = new Session({
    ...meeting.sessionEvents(),
    ended: (code) => {
      if (session !== current) return;
      session = null;
      media.stopAll();
      meeting.clear();
      showLeft(code);
    },
    waiting: (reason) => {
      if (session === current) showWaiting(reason);
    },
    waitingError: (code) => {
      if (session === current) showWaitingError(code);
    },
  });
  session = current;
  try {
    await current.setTrack('audio', media.tracks.audio);
    await current.setTrack('video', media.tracks.video);
    // The secret stays in the page: fragments are never sent to the server (docs/e2ee.md).
    await current.join(room, name, undefined, parseLinkFragment(location.hash));
  } catch (error) {
    const wasWaiting = current.self !== '';
    if (session === current) session = null;
    // Leaving from the waiting screen, or losing the connection there, ends on the left screen.
    if (codeOf(error) === 'left') return;
    if (wasWaiting) {
      media.stopAll();
      showLeft(codeOf(error));
      return;
    }
    throw error;
  }
  meeting.show(current, name);
}

/** Shows the screen that belongs to the current path. */
function route() {
  if (location.pathname === '/login') {
    showLogin();
    return;
  }
  if (location.pathname === '/privacy-report') {
    showPrivacyReport();
    return;
  }
  if (location.pathname === '/admin') {
    showAdmin();
    return;
  }
  const fromPath = roomFromPath(location.pathname);
  if (fromPath === null || !kRoomPattern.test(fromPath)) {
    const title = document.querySelector('title');
    if (title) bindText(title, 'start.title');
    resetStart(fromPath === null ? null : 'invalid-room');
    showScreen('start');
    return;
  }
  room = fromPath;
  showPrejoin(room);
}

/**
 * @param {string} newRoom
 * @param {string} fragment `#k=…` with the meeting's secret, or '' (then joining is refused)
 */
function openRoom(newRoom, fragment) {
  history.pushState(null, '', `/${newRoom}${fragment}`);
  route();
}

initStart(openRoom);
initPrivacyReport();
initAdmin();
for (const [id, path] of [['start-report', '/privacy-report'], ['start-admin', '/admin'], ['admin-report-link', '/privacy-report']]) {
  byId(id, HTMLAnchorElement).addEventListener('click', (event) => {
    event.preventDefault();
    history.pushState(null, '', path);
    route();
  });
}
void initSiteLinks();
initPrejoin(media, join);
initLeft(() => showPrejoin(room));
initWaiting(() => {
  session?.leave();
  session = null;
  media.stopAll();
  showLeft(null);
}, (pin) => session?.door?.sendPin(pin));
/** @param {{login: string, name: string}} account */
function loggedIn(account) {
  showAccount(account);
  void offerAdminLink(account);
  history.replaceState(null, '', returnTo);
  returnTo = '/';
  route();
}
initSecondFactor({
  loggedIn,
  close: () => {
    history.replaceState(null, '', '/');
    route();
  },
});
initLogin({
  openLogin: () => {
    if (location.pathname !== '/login') returnTo = location.pathname + location.hash;
    history.pushState(null, '', '/login');
    route();
  },
  loggedIn,
  loggedOut: () => {
    void offerAdminLink(null);
  },
});
window.addEventListener('popstate', () => {
  if (session) return;
  route();
});
window.addEventListener('pagehide', () => {
  session?.leave();
  media.stopAll();
});

const languageSelect = byId('language', HTMLSelectElement);
languageSelect.addEventListener('change', () => {
  const lang = kLanguages.find((l) => l === languageSelect.value) ?? 'en';
  setLanguage(lang).catch(() => {});
});

// Test hook for tests/e2e only: the live peer connection and a snapshot of the session.
Object.defineProperty(window, 'vicos', {
  value: Object.freeze({
    get pc() {
      return session?.peer?.pc ?? null;
    },
    get state() {
      return {
        phase: session?.phase ?? 'idle',
        role: session?.role ?? '',
        self: session?.self ?? '',
        room: session?.room ?? room,
        language: language(),
        participants: session ? [...session.participants.values()] : [],
        streams: session?.peer ? [...session.peer.streams.values()] : [],
        activeSpeaker: session?.activeSpeaker ?? '',
        e2ee: session?.encryption?.status ?? null,
        connection: session?.connection ?? '',
        // The media path ICE chose (web/js/protocol/media_path.js): udp, tcp or turn-udp/tcp/tls.
        mediaPath: session?.mediaPath ?? null,
        // Breakout rooms: ours (null: the main room) and whose media keys we hold now.
        breakoutRoom: session?.breakouts?.mine ?? null,
        keysHeld: session ? [...session.participants.keys()].filter((id) => session?.encryption?.session.hasKeyOf(id)) : [],
      };
    },
    /** Drops the signaling socket as a network failure would (docs/protocol.md "Reconnecting"). */
    dropSignaling() {
      session?.dropSignalingForTest();
    },
    /** Frame encryption counters of the transform worker (docs/e2ee.md `MediaStats`). */
    e2eeStats() {
      return session?.encryption?.transforms?.stats() ?? Promise.resolve(null);
    },
  }),
});

const initial = detectLanguage(navigator.language);
languageSelect.value = initial;
fetchAccount().then((account) => {
  showAccount(account);
  void offerAdminLink(account);
}).catch(() => {});
void registerServiceWorker();
try {
  await setLanguage(initial);
} finally {
  route();
}
document.body.classList.remove('is-loading');
