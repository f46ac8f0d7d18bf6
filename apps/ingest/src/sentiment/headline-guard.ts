/**
 * What makes a line unscorable, checked before any scoring. Such a line is scored neutral (0) with
 * the reason, never thrown on.
 */
export type UnscorableReason = 'empty' | 'too-long' | 'invalid-utf8' | 'no-words' | 'not-english';

/** Longest headline scored, in UTF-8 bytes: longer lines are not headlines. */
export const MAX_HEADLINE_BYTES = 10 * 1024;

/** A lone surrogate (text decoded from broken UTF-16) or U+FFFD (bytes a decoder could not read). */
const BROKEN = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\uFFFD/;

/** The reason a text cannot be scored at all, or undefined. */
export function unscorable(text: unknown): UnscorableReason | undefined {
  if (typeof text !== 'string' || text.trim() === '') return 'empty';
  // Cheap bound first: a UTF-8 byte per UTF-16 unit at least, three at most.
  if (text.length > MAX_HEADLINE_BYTES || (text.length * 3 > MAX_HEADLINE_BYTES && Buffer.byteLength(text, 'utf8') > MAX_HEADLINE_BYTES)) return 'too-long';
  if (BROKEN.test(text)) return 'invalid-utf8';
  return undefined;
}

/** Letters of a text by script: ASCII Latin, other Latin (accented), and other scripts. */
export interface ScriptCounts {
  ascii: number;
  accented: number;
  other: number;
}

/**
 * Counts letters by code point range (no regex: this runs on every headline). Punctuation such as
 * "…" or "’" counts for no side. Other scripts: Greek, Cyrillic, Hebrew, Arabic, Indic, Thai, CJK,
 * Hangul...
 */
export function scriptCounts(text: string): ScriptCounts {
  let ascii = 0;
  let accented = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) ascii++;
    } else if ((c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x1e00 && c <= 0x1eff)) accented++;
    else if ((c >= 0x370 && c <= 0x1dff) || (c >= 0x1f00 && c <= 0x1fff) || (c >= 0x2e80 && c <= 0xd7ff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff66 && c <= 0xffdc)) other++;
  }
  return { ascii, accented, other };
}

/** True when more than a fifth of the letters are outside the Latin script: not English. */
export const mostlyNonLatin = (k: ScriptCounts) => k.other > 0 && k.other > (k.ascii + k.accented + k.other) * 0.2;

/**
 * Function words of French, German, Spanish, Italian, Portuguese and Dutch that are not also English
 * words, abbreviations or common name parts ("de", "la", "die", "el", "van", "das", "del", "al",
 * "est", "au", "com", "im" are left out).
 */
const FOREIGN_FUNCTION_WORDS = new Set([
  'les', 'des', 'du', 'et', 'une', 'dans', 'pour', 'sur', 'avec', 'sont', 'après', 'selon', 'aux', 'cette', 'leur', 'pas', 'qui',
  'der', 'und', 'nach', 'mit', 'für', 'von', 'ist', 'nicht', 'ein', 'eine', 'auf', 'bei', 'zum', 'zur', 'sich', 'wird', 'auch', 'aus',
  'los', 'las', 'por', 'para', 'tras', 'una', 'sus', 'según', 'más', 'está', 'como',
  'il', 'della', 'delle', 'degli', 'gli', 'che', 'sono', 'nel', 'nella', 'dopo', 'nei',
  'dos', 'uma', 'não', 'são', 'após', 'pelo', 'pela',
  'het', 'een', 'voor', 'niet', 'bij', 'zijn', 'naar',
]);

/** Common English function words, weighed against the foreign ones. */
const ENGLISH_FUNCTION_WORDS = new Set([
  'the', 'a', 'an', 'of', 'to', 'in', 'for', 'on', 'and', 'is', 'are', 'was', 'with', 'at', 'by', 'as', 'from', 'its', 'after', 'over',
  'up', 'down', 'will', 'has', 'have', 'be', 'than', 'this', 'that', 'it', 'but', 'or', 'not', 'more', 'into', 'out', 'new', 'says',
]);

/**
 * Whether a tokenised headline reads as English: not mostly in another script; and, when it has a
 * foreign function word or an accented letter, not more foreign function words than English ones
 * (two foreign at least) and (with three or more words) at least `minKnownShare` of its words known
 * to the model's vocabulary (words of its training headlines and of the lexicon). Company names are
 * unknown words too, so that bar is low.
 */
export function looksEnglish(script: ScriptCounts, stems: readonly string[], vocabulary: ReadonlySet<string>, minKnownShare = 0.25): boolean {
  if (mostlyNonLatin(script)) return false;
  let foreign = 0;
  // Every foreign function word has 2 to 6 letters: longer stems need no lookup.
  for (const s of stems) if (s.length >= 2 && s.length <= 6 && FOREIGN_FUNCTION_WORDS.has(s)) foreign++;
  // No accented letter and no foreign function word: English (the common case, decided cheaply).
  if (foreign === 0 && script.accented === 0) return true;
  let words = 0;
  let known = 0;
  let english = 0;
  for (const s of stems) {
    if (s === 'a') english++;
    if (s.length < 2) continue;
    words++;
    if (ENGLISH_FUNCTION_WORDS.has(s)) english++;
    if (!FOREIGN_FUNCTION_WORDS.has(s) && vocabulary.has(s)) known++;
  }
  if (foreign >= 2 && foreign > english) return false;
  return words < 3 || known >= words * minKnownShare;
}
