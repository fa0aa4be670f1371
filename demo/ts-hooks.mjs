// Lets plain Node run the demo's TypeScript: Node strips the types itself (the code base uses only
// erasable syntax), and this hook maps the `.js` specifiers that NodeNext resolution requires onto
// the `.ts` files beside them. No build step and no extra runtime dependency.
import { existsSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { fileURLToPath } from 'node:url';

if (typeof nodeModule.registerHooks !== 'function' || !process.features.typescript) {
  console.error(`The demo runs TypeScript with Node's own type stripping: it needs Node 22.18 or newer (this is ${process.version}).`);
  process.exit(1);
}

nodeModule.registerHooks({
  resolve(specifier, context, nextResolve) {
    const relative = specifier.startsWith('./') || specifier.startsWith('../');
    if (relative && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
      const typescript = new URL(`${specifier.slice(0, -3)}.ts`, context.parentURL);
      if (existsSync(fileURLToPath(typescript))) return nextResolve(typescript.href, context);
    }
    return nextResolve(specifier, context);
  },
});
