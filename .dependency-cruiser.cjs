/**
 * The shape of the house, checked by `npm run lint` (`npm run lint:deps`).
 *
 * The request path runs down the tree: client -> auth -> limits -> routing -> Panel session ->
 * Panel client -> Navixy. Each folder of src/ may import the folders listed for it below and
 * nothing above it; no import cycle of any kind (type-only imports included); the simulator and
 * the gateway never import each other (the demo aside, which runs one in front of the other).
 */

/** What each folder of src/ may import, besides itself (lowest layers first). */
const LAYERS = {
  problems: [],
  observability: ['problems'],
  store: ['observability', 'problems'],
  http: ['observability', 'problems'],
  panel: ['store', 'observability', 'problems'],
  auth: ['panel', 'store', 'observability', 'problems'],
  limits: ['auth', 'store', 'observability', 'problems'],
  routing: ['http', 'auth', 'panel', 'store', 'observability', 'problems'],
  resources: ['routing', 'auth', 'panel', 'observability', 'problems'],
  openapi: ['resources', 'routing', 'auth', 'panel', 'observability', 'problems'],
  config: ['auth', 'limits', 'http', 'panel', 'store', 'observability', 'problems'],
  wiring: [
    'config',
    'openapi',
    'resources',
    'routing',
    'limits',
    'http',
    'auth',
    'panel',
    'store',
    'observability',
    'problems',
  ],
};

/** Folders that must not know about HTTP: the Panel stack and what it stands on. */
const NO_EXPRESS = ['problems', 'observability', 'store', 'panel', 'auth'];

const layerRules = Object.entries(LAYERS).map(([folder, allowed]) => ({
  name: `layer-${folder}`,
  comment:
    `src/${folder}/ may import ${allowed.length ? allowed.map((f) => `src/${f}/`).join(', ') : 'no other folder of src/'}: ` +
    'a lower layer never imports a higher one (see .dependency-cruiser.cjs).',
  severity: 'error',
  from: { path: `^src/${folder}/` },
  to: { path: '^src/', pathNot: `^src/(${[folder, ...allowed].join('|')})/` },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycle, type-only imports included: a contract gets a module of its own.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'no-express-below-http',
      comment: `${NO_EXPRESS.map((f) => `src/${f}/`).join(', ')} know nothing of Express.`,
      severity: 'error',
      from: { path: `^src/(${NO_EXPRESS.join('|')})/` },
      to: { path: '(^|/)node_modules/(@types/)?express/' },
    },
    {
      name: 'entry-points-at-the-root',
      comment: 'Nothing in src/ imports an entry point (main, demo, keys CLI).',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/[^/]+[.]ts$' },
    },
    {
      name: 'gateway-not-simulator',
      comment:
        'The gateway never imports the simulator (the demo aside): it ships without it, and the ' +
        'simulator must be free to disagree with it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/demo[.]ts$' },
      to: { path: '^packages/simulator/' },
    },
    {
      name: 'simulator-not-gateway',
      comment: 'The simulator imports nothing of the gateway: it stands in for Navixy.',
      severity: 'error',
      from: { path: '^packages/simulator/' },
      to: { path: '^(src|tools|scripts|bench|test)/' },
    },
    {
      name: 'client-not-gateway',
      comment:
        'The typed client knows the gateway by openapi.yaml alone: it imports nothing of the ' +
        'gateway or the simulator, so it can be published on its own.',
      severity: 'error',
      from: { path: '^packages/client/' },
      to: { path: '^(src|tools|scripts|bench|test|packages/simulator)/' },
    },
    {
      name: 'production-not-dev',
      comment: 'The gateway never imports tests, tools, scripts or benchmarks.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|tools|scripts|bench)/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: true,
    preserveSymlinks: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
    // The house-rules test's tree breaks every rule on purpose.
    exclude: { path: '(^|/)(dist|coverage)/|^test/fixtures/house/' },
  },
};
