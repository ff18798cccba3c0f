import type { Application } from 'express';

/** What /readyz reports on: each check returns a reason when the process should not take players. */
export type ReadinessCheck = () => string | undefined;

/**
 * Mounts `GET /healthz` (the process is alive: always 200) and `GET /readyz` (it accepts players:
 * 200, or 503 with the reasons, e.g. draining or Redis unreachable). A load balancer routes new
 * players by /readyz and restarts by /healthz.
 */
export function mountHealth(app: Application, checks: ReadinessCheck[]): void {
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/readyz', (_req, res) => {
    const reasons = checks.map((check) => check()).filter((reason): reason is string => reason !== undefined);
    res.status(reasons.length === 0 ? 200 : 503).json({ ready: reasons.length === 0, reasons });
  });
}
