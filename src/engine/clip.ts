// Echoing input back in error messages: a value the user typed or a file held is shown cut to a
// few dozen characters, so a 50 KB value or a whole unrelated file never floods the terminal.

/** Characters of an echoed value shown before it is cut. */
export const CLIP_CHARS = 60;

/** `text`, or its first `max` characters and how long it really was. */
export function clip(text: string, max = CLIP_CHARS): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}... (${text.length} characters)`;
}
