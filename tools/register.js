// Runs TypeScript sources directly: each .ts file transpiled on load, one file at a time (types are
// checked by `npm run typecheck`), plus the tsconfig path aliases of the monorepo.
// Not ts-node: its REPL module loads `node:domain`, after which every EventEmitter in the process
// takes the slower domain-aware paths (seen in the gateway's CPU profiles).
const path = require('node:path');
const ts = require('typescript');

const root = path.join(__dirname, '..');
const { options } = ts.parseJsonConfigFileContent(require('../tsconfig.base.json'), ts.sys, root);
const compilerOptions = { ...options, sourceMap: false, inlineSourceMap: true, inlineSources: false, declaration: false, noEmit: false };
process.setSourceMapsEnabled(true);

require.extensions['.ts'] = (module, filename) => {
  const source = require('node:fs').readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};

require('tsconfig-paths').register({
  baseUrl: root,
  paths: require('../tsconfig.base.json').compilerOptions.paths,
});
