import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { existsSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';

/** Hashed build output (Vite names it after its content): safe to keep for a year. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';
/** The page itself must be revalidated on every visit, or a new deploy would never reach players. */
export const REVALIDATE_CACHE = 'no-cache';
/** Other files (favicon): an hour. */
export const SHORT_CACHE = 'public, max-age=3600';

/** The encodings a precompressed file can have, best first, with the file suffix each uses. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/** The encodings an Accept-Encoding header allows (q > 0), lower-cased. */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    if (!token) continue;
    const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    if (q === undefined || Number(q.slice(2)) > 0) accepted.add(token);
  }
  return accepted;
}

/** Cache-Control for a request path of the built client. */
export function cacheControlFor(path: string): string {
  if (path.startsWith('/assets/')) return IMMUTABLE_CACHE;
  if (path === '/' || path.endsWith('.html')) return REVALIDATE_CACHE;
  return SHORT_CACHE;
}

/** The file under `root` that `path` names (index.html for a folder), or null if none or outside root. */
function fileFor(root: string, path: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return null;
  }
  const file = resolve(root, `.${decoded.endsWith('/') ? `${decoded}index.html` : decoded}`);
  if (file !== root && !file.startsWith(root + sep)) return null;
  return existsSync(file) && statSync(file).isFile() ? file : null;
}

/**
 * Serves the built client from `dir`: a precompressed `.br` or `.gz` sibling when the browser accepts
 * it (written at build time, see game-client/build/precompress.ts), hashed assets cached for a year,
 * the page revalidated on every visit. Requests for anything else fall through to `next()`.
 */
export function serveClient(dir: string): RequestHandler {
  const root = resolve(dir);
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const file = fileFor(root, req.path);
    if (!file) return next();
    const accepted = acceptedEncodings(req.headers['accept-encoding']);
    const encoding = ENCODINGS.find((candidate) => accepted.has(candidate.name) && existsSync(file + candidate.suffix));
    res.setHeader('Cache-Control', cacheControlFor(req.path));
    res.setHeader('Vary', 'Accept-Encoding');
    res.type(extname(file));
    if (encoding) res.setHeader('Content-Encoding', encoding.name);
    res.sendFile(join(encoding ? file + encoding.suffix : file), { cacheControl: false, dotfiles: 'deny' }, (error) => {
      if (error) next(error);
    });
  };
}
