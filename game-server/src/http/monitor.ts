import { monitor } from '@colyseus/monitor';
import type { Application, RequestHandler } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';

/** Operator credentials for the monitor panel. */
export interface MonitorCredentials {
  user: string;
  password: string;
}

/** Compares without leaking the length or the first differing byte through timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** HTTP basic auth against one user and password; anything else gets 401 and a login prompt. */
export function basicAuth(credentials: MonitorCredentials): RequestHandler {
  return (req, res, next) => {
    const [scheme, encoded] = (req.headers.authorization ?? '').split(' ');
    const decoded = scheme === 'Basic' && encoded ? Buffer.from(encoded, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const user = colon < 0 ? '' : decoded.slice(0, colon);
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    // Both comparisons always run, so a wrong user costs the same time as a wrong password.
    const userOk = sameSecret(user, credentials.user);
    const passwordOk = sameSecret(password, credentials.password);
    if (userOk && passwordOk) return next();
    res
      .set('WWW-Authenticate', 'Basic realm="Orb Arena monitor", charset="UTF-8"')
      .status(401)
      .send('authentication required');
  };
}

/** Mounts the Colyseus monitor at /monitor behind basic auth; without credentials it is not mounted at all. */
export function mountMonitor(app: Application, credentials: MonitorCredentials | undefined): void {
  if (!credentials) return;
  app.use('/monitor', basicAuth(credentials), monitor() as unknown as RequestHandler);
}
