/** `npm run icons`: renders manifest/icon-src/*.svg to manifest/color.png and manifest/outline.png. */
import { join } from 'node:path';
import { ROOT } from '../paths';
import { renderIcons } from '../manifest/renderIcons';

for (const file of renderIcons(join(ROOT, 'manifest'))) console.log(`wrote ${file}`);
