// Helpers of the source-scan tests: the server's and the client's source files, and the calls to a function with their arguments split at top-level commas.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Files below `dir` (relative to the repository) whose names end in one of `extensions`;
 * `skip` filters out by relative path.
 * @param {string} dir
 * @param {string[]} extensions
 * @param {(path: string) => boolean} [skip]
 * @returns {{path: string, text: string}[]}
 */
export function sourceFiles(dir, extensions, skip = () => false) {
  /** @type {{path: string, text: string}[]} */
  const files = [];
  /** @param {string} at */
  const walk = (at) => {
    for (const name of readdirSync(at)) {
      const full = join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (extensions.some((e) => name.endsWith(e))) {
        const path = relative(root, full);
        if (!skip(path)) files.push({ path, text: readFileSync(full, 'utf8') });
      }
    }
  };
  walk(join(root, dir));
  return files;
}

/**
 * Removes // and block comments but keeps string literals and line breaks.
 * @param {string} text
 */
export function stripComments(text) {
  return text.replace(/"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|\/\/[^\n]*|\/\*[\s\S]*?\*\//g,
    (m) => (m.startsWith('/') ? m.replace(/[^\n]/g, ' ') : m));
}

/**
 * Every call of `callee(...)` in `text`: its line and its arguments, split at commas outside
 * parentheses, brackets, braces and string literals.
 * @param {string} text comment-free source
 * @param {RegExp} callee matches the name before the opening parenthesis (global flag)
 * @returns {{name: string, line: number, args: string[]}[]}
 */
export function calls(text, callee) {
  const found = [];
  for (const match of text.matchAll(callee)) {
    let at = (match.index ?? 0) + match[0].length;
    while (text[at] === ' ') at += 1;
    if (text[at] !== '(') continue;
    const args = [];
    let depth = 0;
    let current = '';
    for (at += 1; at < text.length; at += 1) {
      const c = text[at];
      if (c === '"' || c === "'") {
        const end = text.indexOf(c, at + 1);
        let close = end;
        while (close > 0 && text[close - 1] === '\\') close = text.indexOf(c, close + 1);
        current += text.slice(at, close + 1);
        at = close;
        continue;
      }
      if ('([{'.includes(c)) depth += 1;
      if (')]}'.includes(c)) {
        if (depth === 0) break;
        depth -= 1;
      }
      if (c === ',' && depth === 0) {
        args.push(current.trim());
        current = '';
      } else current += c;
    }
    args.push(current.trim());
    found.push({ name: match[0], line: text.slice(0, match.index).split('\n').length, args });
  }
  return found;
}

/**
 * The words of the identifiers in an expression, lower case: `peerAddr.ip()` gives peer, addr, ip.
 * String literals are left out.
 * @param {string} expression
 */
export function identifierWords(expression) {
  const code = expression.replace(/"(?:\\.|[^"\\])*"/g, ' ');
  return [...code.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)]
    .flatMap((m) => m[0].replace(/^m(?=[A-Z])/, '').split(/_|(?<=[a-z0-9])(?=[A-Z])/))
    .filter((w) => w !== '')
    .map((w) => w.toLowerCase());
}
