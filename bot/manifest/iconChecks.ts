import { PNG } from 'pngjs';

export interface IconRule {
  /** The manifest's icons.* key, for messages. */
  role: 'color' | 'outline';
  width: number;
  height: number;
  /** Teams' outline rule: only white pixels (any alpha) on a fully transparent background. */
  whiteOnTransparent: boolean;
}

export const ICON_RULES: Record<'color' | 'outline', IconRule> = {
  color: { role: 'color', width: 192, height: 192, whiteOnTransparent: false },
  outline: { role: 'outline', width: 32, height: 32, whiteOnTransparent: true },
};

/** Decodes a PNG and returns every way it breaks the rule (empty when it is fine). */
export function checkIcon(fileName: string, png: Buffer, rule: IconRule): string[] {
  let image: PNG;
  try {
    image = PNG.sync.read(png);
  } catch (err) {
    return [`${fileName}: not a readable PNG (${(err as Error).message})`];
  }
  const errors: string[] = [];
  if (image.width !== rule.width || image.height !== rule.height) {
    errors.push(
      `${fileName}: ${rule.role} icon must be ${rule.width}x${rule.height} pixels, is ${image.width}x${image.height}`,
    );
  }
  if (rule.whiteOnTransparent) errors.push(...checkWhiteOnTransparent(fileName, image));
  return errors;
}

function checkWhiteOnTransparent(fileName: string, image: PNG): string[] {
  const { data, width, height } = image;
  let coloured = 0;
  let firstColoured = '';
  let transparent = 0;
  let white = 0;
  for (let i = 0; i < width * height; i++) {
    const [r, g, b, a] = [data[i * 4], data[i * 4 + 1], data[i * 4 + 2], data[i * 4 + 3]];
    if (a === 0) transparent++;
    else if (r === 255 && g === 255 && b === 255) white++;
    else {
      if (coloured === 0) firstColoured = `(${i % width},${Math.floor(i / width)}) is rgba(${r},${g},${b},${a})`;
      coloured++;
    }
  }
  const errors: string[] = [];
  if (coloured > 0) {
    errors.push(`${fileName}: outline icon may only have white or fully transparent pixels; ${coloured} are neither, e.g. ${firstColoured}`);
  }
  // A background is what surrounds the glyph: the corners must be see-through.
  const corners = [0, width - 1, (height - 1) * width, height * width - 1];
  if (corners.some((p) => data[p * 4 + 3] !== 0)) {
    errors.push(`${fileName}: outline icon background must be fully transparent (a corner pixel is not)`);
  }
  if (white === 0) errors.push(`${fileName}: outline icon has no white pixels (empty glyph)`);
  if (transparent === 0) errors.push(`${fileName}: outline icon has no transparent pixels`);
  return errors;
}
