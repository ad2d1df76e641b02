import helmet from 'helmet';

/**
 * Helmet, configured for a JSON API: no documents, scripts or frames are ever served from the
 * /v1 surface, so the policy forbids them all. Browser-only headers that protect HTML pages
 * (DNS prefetch, XSS auditor, download options, COOP/COEP, origin clusters) are left out: they
 * cost bytes on every response and protect nothing here.
 */
export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  });
}
