import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { PNG } from 'pngjs';
import { ICON_RULES } from './iconChecks';

/**
 * Renders the icon sources (manifest/icon-src/{color,outline}.svg) to the PNGs the manifest names.
 * Returns the paths written.
 */
export function renderIcons(manifestDir: string): string[] {
  const written: string[] = [];
  for (const role of ['color', 'outline'] as const) {
    const rule = ICON_RULES[role];
    const svg = readFileSync(join(manifestDir, 'icon-src', `${role}.svg`), 'utf8');
    const rendered = new Resvg(svg, { fitTo: { mode: 'width', value: rule.width }, background: 'rgba(0,0,0,0)' })
      .render()
      .asPng();
    const png = rule.whiteOnTransparent ? whiten(rendered) : rendered;
    const out = join(manifestDir, `${role}.png`);
    writeFileSync(out, png);
    written.push(out);
  }
  return written;
}

/**
 * Anti-aliased edges come out of the renderer as off-white after un-premultiplying; Teams wants an
 * outline icon of pure white with only alpha varying, so every visible pixel is set to white.
 */
function whiten(png: Buffer): Buffer {
  const image = PNG.sync.read(png);
  for (let i = 0; i < image.data.length; i += 4) {
    if (image.data[i + 3] === 0) image.data.fill(0, i, i + 3);
    else image.data.fill(255, i, i + 3);
  }
  return PNG.sync.write(image, { colorType: 6 });
}
