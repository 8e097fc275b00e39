// The safety code: digits derived from every participant's public key, which people compare (read aloud, or side by side) to verify the meeting.

import { compareBytes, fields } from './bytes.js';

/** Groups of digits in a code; 5 groups of 4 digits carry about 66 bits. */
export const kGroups = 5;

/**
 * The same code on every page that sees the same set of public keys, in any order. A key the
 * server swapped or added changes it.
 * @param {Uint8Array[]} publicKeys raw public keys of everyone in the meeting, own included
 * @returns {Promise<string>} e.g. "0123 4567 8901 2345 6789"
 */
export async function safetyCode(publicKeys) {
  const sorted = [...publicKeys].sort(compareBytes);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', fields('safety-code-v1', ...sorted)));
  const groups = [];
  for (let g = 0; g < kGroups; g++) {
    // 40 bits per group; modulo 10,000 leaves a bias below 10^-8.
    let value = 0;
    for (let i = 0; i < 5; i++) value = value * 256 + digest[g * 5 + i];
    groups.push(String(value % 10000).padStart(4, '0'));
  }
  return groups.join(' ');
}
