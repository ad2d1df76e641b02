import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import express, { type Router } from 'express';
import { GatewayError } from '../problems/gateway-error.js';
import { contextOf } from './context.js';

/** Swagger UI needs its own script and inline styles; the rest of the API allows neither. */
const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; frame-ancestors 'none'";

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Navixy Panel Gateway API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.yaml', dom_id: '#swagger-ui', deepLinking: true });\n`;

/**
 * Interactive docs at `/docs`: Swagger UI from the `swagger-ui-dist` package, served by the
 * gateway itself (no CDN: the gateway may run without internet), reading `/openapi.yaml`.
 */
export function docsRouter(): Router {
  const assets = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const router = express.Router();
  router.use('/docs', (_req, res, next) => {
    res.setHeader('Content-Security-Policy', DOCS_CSP);
    next();
  });
  router.get('/docs', (_req, res) => {
    contextOf(res).route = '/docs';
    res.type('html').send(PAGE);
  });
  router.get('/docs/init.js', (_req, res) => {
    contextOf(res).route = '/docs/init.js';
    res.type('js').send(INIT);
  });
  // serve-static answers other methods itself, a bare 405 with no body; this one is a problem.
  router.use('/docs/assets', (req, _res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    next(
      new GatewayError('METHOD_NOT_ALLOWED', {
        detail: 'The documentation assets support GET, HEAD.',
        headers: { Allow: 'GET, HEAD' },
      }),
    );
  });
  router.use(
    '/docs/assets',
    express.static(assets, { index: false, fallthrough: false, maxAge: '1d' }),
  );
  return router;
}
