import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { ConfigError, DEFAULT_SETTINGS, ENV_SCHEMA, readConfig } from '../src/config.ts';

const README = new URL('../../README.md', import.meta.url);

describe('configuration from the environment', () => {
  test('an empty environment gives the documented defaults', () => {
    const config = readConfig({});
    expect(config.port).toBe(2567);
    expect(config.settings).toEqual(DEFAULT_SETTINGS);
    expect(config.scale).toMatchObject({ redisUrl: undefined, drainSeconds: 60 });
    expect(config.monitor).toBeUndefined();
  });

  test('reads typed values, and treats an empty variable as unset', () => {
    const config = readConfig({
      PORT: '3000',
      TICK_HZ: '60',
      INTEREST: 'all',
      REDIS_URL: 'redis://127.0.0.1:6390/0',
      PUBLIC_ADDRESS: 'game.example.com/p1',
      DRAIN_SECONDS: '0',
      MATCH_SECONDS: '',
      MONITOR_USER: 'ops',
      MONITOR_PASSWORD: 'long enough',
    });
    expect(config.port).toBe(3000);
    expect(config.settings.tickHz).toBe(60);
    expect(config.settings.interest).toBe('all');
    expect(config.settings.matchSeconds).toBe(DEFAULT_SETTINGS.matchSeconds);
    expect(config.scale).toMatchObject({ redisUrl: 'redis://127.0.0.1:6390/0', drainSeconds: 0 });
    expect(config.monitor).toEqual({ user: 'ops', password: 'long enough' });
    expect(config.metricsProcessLabel).toBe('game.example.com/p1');
  });

  test.each([
    ['REDIS_URL', 'localhost:6379', /REDIS_URL: expected a URL like redis:\/\/host:6379.*got "localhost:6379"/],
    ['REDIS_URL', 'http://redis:6379', /REDIS_URL: expected a URL like redis:\/\//],
    ['PORT', 'eighty', /PORT: .*got "eighty"/],
    ['TICK_HZ', '-5', /TICK_HZ: expected a positive number of steps per second, got "-5"/],
    ['INTEREST', 'some', /INTEREST: expected "view" or "all", got "some"/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL: expected one of fatal/],
    ['DRAIN_SECONDS', '-1', /DRAIN_SECONDS: expected seconds >= 0, got "-1"/],
    ['PUBLIC_ADDRESS', 'http://x:1', /PUBLIC_ADDRESS: expected host:port or host\/path/],
  ])('refuses %s=%s with a message naming it, what it expected and what it got', (name, value, message) => {
    expect(() => readConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => readConfig({ [name]: value })).toThrow(message);
  });

  test('lists every bad variable at once', () => {
    expect(() => readConfig({ PORT: 'x', TICK_HZ: '0' })).toThrow(/PORT: [\s\S]*TICK_HZ: /);
  });

  test('refuses a monitor user without a password (and the reverse)', () => {
    expect(() => readConfig({ MONITOR_USER: 'ops' })).toThrow(/MONITOR_USER and MONITOR_PASSWORD must be set together/);
  });

  test('the README documents every variable the server reads', () => {
    const readme = readFileSync(README, 'utf8');
    const missing = Object.keys(ENV_SCHEMA.shape).filter((name) => !readme.includes(`| \`${name}\` |`));
    expect(missing).toEqual([]);
  });
});
