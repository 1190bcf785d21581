// The API reference, generated from TSDoc by `npm run docs` into docs/api/ (ignored, never committed).
// test/docs/api-reference.test.ts converts the same entry points and checks the key functions are documented.
import { OptionDefaults } from 'typedoc';

/** @type {Partial<import('typedoc').TypeDocOptions>} */
const config = {
  name: 'contactmesh',
  // Only the three library packages: the packages resolve each other through the
  // "@contactmesh/source" condition of tsconfig.base.json, and the cli and the tests stay out.
  tsconfig: './tsconfig.typedoc.json',
  // The public entries, one per export of each package.json.
  entryPoints: [
    'packages/core/src/index.ts',
    'packages/core/src/protocol/index.ts',
    'packages/core/src/check/index.ts',
    'packages/transports/src/memory/index.ts',
    'packages/transports/src/websocket/index.ts',
    'packages/transports/src/websocket/browser.ts',
    'packages/transports/src/mqtt/index.ts',
    'packages/transports/src/signing/index.ts',
    'packages/web-widget/src/index.ts',
    'packages/web-widget/src/client/index.ts',
    'packages/web-widget/src/gateway/index.ts',
    'packages/web-widget/src/bundle/index.ts',
  ],
  out: 'docs/api',
  // The guides in docs/ are the front page; here the module list is.
  readme: 'none',
  // The custom element documents itself the way lit does.
  blockTags: [...OptionDefaults.blockTags, '@fires', '@csspart', '@cssprop', '@slot'],
  // A symbol without a comment is a warning, never a failed build.
  treatWarningsAsErrors: false,
};

export default config;
