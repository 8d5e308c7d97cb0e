import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** Where `npm run build` writes the console's bundle (apps/console/dist), from apps/herald/dist/console. */
export const CONSOLE_DIST = path.resolve(__dirname, '../../../console/dist');

/**
 * Same origin as the API and nothing from elsewhere: the bundle has no inline script or style, and the console only
 * talks to this server. frame-ancestors keeps it out of other sites' frames (a pasted token is worth clickjacking).
 */
export const CONSOLE_CSP =
  "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// Bundle files carry a content hash in their name (esbuild's [hash]); index.html names them, so it is never cached.
const HASHED = /-[A-Z0-9]{8}\.(js|css)$/;

function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', CONSOLE_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  next();
}

/**
 * Serves the console at /console (hash routing, so no deep-link fallback is needed). Returns false, leaving the API
 * as it is, when the bundle was not built: Herald runs without its console rather than not at all.
 */
export function mountConsole(app: NestExpressApplication, dir = CONSOLE_DIST): boolean {
  if (!fs.existsSync(path.join(dir, 'index.html'))) return false;
  app.use('/console', securityHeaders);
  app.useStaticAssets(dir, {
    prefix: '/console',
    index: 'index.html',
    // Only what the build wrote: no directory listings, no dotfiles, no guessing of extensions.
    dotfiles: 'ignore',
    fallthrough: true,
    setHeaders: (res, file) => {
      res.setHeader('Cache-Control', HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return true;
}
