/**
 * Finds the tokens that TOKEN_RE matches (`\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{M}\p{N}]+`, numbers with
 * their decimal comma and thousands dot), by looking each character up in a table instead of
 * running the regular expression: tokenising was the largest part of keying a plan's sentences and
 * of analysing a question. Characters outside the Basic Multilingual Plane (surrogate pairs) are
 * left to the expression itself.
 */

export const TOKEN_RE = /\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{M}\p{N}]+/gu;

const WORD = 1;
const NUMBER = 2;
let classes: Uint8Array | undefined;

function classTable(): Uint8Array {
  if (classes) return classes;
  const word = /[\p{L}\p{M}\p{N}]/u;
  const number = /\p{N}/u;
  classes = new Uint8Array(0x10000);
  for (let code = 0; code < 0x10000; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const char = String.fromCharCode(code);
    if (word.test(char)) classes[code] = number.test(char) ? WORD | NUMBER : WORD;
  }
  return classes;
}

const isSurrogate = (code: number) => code >= 0xd800 && code <= 0xdfff;

/** A token's place in the text: where it starts (-1: no more tokens) and where it ends. */
export interface TokenSpan {
  start: number;
  end: number;
}

const fallback = new RegExp(TOKEN_RE.source, "gu");

function byExpression(text: string, from: number, span: TokenSpan): TokenSpan {
  fallback.lastIndex = from;
  const match = fallback.exec(text);
  span.start = match ? match.index : -1;
  span.end = match ? match.index + match[0].length : text.length;
  return span;
}

/** The first token at or after `from`, written into `span` (reused by the caller). */
export function nextToken(text: string, from: number, span: TokenSpan): TokenSpan {
  const table = classTable();
  const length = text.length;
  let at = from;
  while (at < length) {
    const code = text.charCodeAt(at);
    if (isSurrogate(code)) return byExpression(text, at, span);
    if (table[code]! !== 0) break;
    at++;
  }
  if (at >= length) {
    span.start = -1;
    span.end = length;
    return span;
  }
  const start = at;
  if ((table[text.charCodeAt(at)]! & NUMBER) !== 0) {
    at = skipDigits(text, at, table);
    while (at + 1 < length) {
      const separator = text.charCodeAt(at);
      if (separator !== 0x2c && separator !== 0x2e) break;
      const next = text.charCodeAt(at + 1);
      if (isSurrogate(next)) return byExpression(text, start, span);
      if ((table[next]! & NUMBER) === 0) break;
      at = skipDigits(text, at + 1, table);
    }
    if (at < length && isSurrogate(text.charCodeAt(at))) return byExpression(text, start, span);
  } else {
    while (at < length) {
      const code = text.charCodeAt(at);
      if (isSurrogate(code)) return byExpression(text, start, span);
      if (table[code]! === 0) break;
      at++;
    }
  }
  span.start = start;
  span.end = at;
  return span;
}

function skipDigits(text: string, at: number, table: Uint8Array): number {
  while (at < text.length && (table[text.charCodeAt(at)]! & NUMBER) !== 0) at++;
  return at;
}
