// Makes the client an installable web app: registers the service worker (web/sw.js), which keeps copies of static client files only.

/**
 * Registers the service worker for the whole site. Browsers without service workers, or that
 * refuse them (e.g. a certificate they do not trust), run the client as before.
 * @returns {Promise<ServiceWorkerRegistration | null>}
 */
export async function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return null;
  try {
    return await navigator.serviceWorker.register('/sw.js', { scope: '/', type: 'classic', updateViaCache: 'none' });
  } catch {
    return null;
  }
}
