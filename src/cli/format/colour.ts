// ANSI colours for people's terminals, off for pipes, files and NO_COLOR.
export type Colour = 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'white' | 'grey' | 'bold';

const codes: Record<Colour, [number, number]> = {
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
  white: [37, 39],
  grey: [90, 39],
  bold: [1, 22],
};

export type Paint = (colour: Colour, text: string) => string;

export const paintWith = (enabled: boolean): Paint => (colour, text) => (enabled ? `\x1b[${codes[colour][0]}m${text}\x1b[${codes[colour][1]}m` : text);

/** Colour when writing to a terminal, unless NO_COLOR is set (https://no-color.org); FORCE_COLOR forces it. */
export function colourEnabled(stream: { isTTY?: boolean }, env: Record<string, string | undefined> = process.env): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

// eslint-disable-next-line no-control-regex
const ansi = /\x1b\[[0-9;]*[A-Za-z]/g;
export const stripAnsi = (s: string) => s.replace(ansi, '');
/** Width on screen: without escape codes; every code point one column (our glyphs are). */
export const visibleWidth = (s: string) => [...stripAnsi(s)].length;
