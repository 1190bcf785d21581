import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// Next to this file: `define.ts` when run from the sources, `define.js` from dist/.
const here = fileURLToPath(import.meta.url);
const entry = fileURLToPath(new URL(`../define${extname(here)}`, import.meta.url));

/**
 * Bundles the one-line loader `widget.js`: `define.ts` and all it imports, minified, as one IIFE
 * for browsers. The gateway serves it as `GET /widget.js`, so a page needs only
 * `<script src="https://gateway/widget.js" async></script>` and `<contact-status token="…">`.
 * Node only; build once when the gateway starts and serve the text from memory.
 *
 * @example
 * ```ts
 * const widget = await buildWidgetBundle();
 * server.on('request', (req, res) => req.url === '/widget.js' && res.writeHead(200, { 'content-type': 'text/javascript' }).end(widget));
 * ```
 */
export async function buildWidgetBundle(): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@contactmesh/source'],
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  const bundle = result.outputFiles[0]?.text;
  if (bundle === undefined) throw new Error(`esbuild produced no output for ${entry}.`);
  return bundle;
}
