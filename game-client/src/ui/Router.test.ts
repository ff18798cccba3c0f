import { describe, expect, test } from 'vitest';
import { formatRoute, parseRoute, type Route } from './Router.ts';

describe('routes and URLs', () => {
  test.each<[string, Route]>([
    ['/', { screen: 'menu' }],
    ['/?lobby', { screen: 'lobby' }],
    ['/?play=blitz', { screen: 'play', mode: 'blitz' }],
    ['/?room=K7QX9B', { screen: 'play', room: 'K7QX9B' }],
    ['/?create=blitz&round=90', { screen: 'play', mode: 'blitz', create: true, round: 90 }],
    ['/?create=classic', { screen: 'play', mode: 'classic', create: true }],
    ['/?spectate=abc123', { screen: 'spectate', room: 'abc123' }],
    ['/?results', { screen: 'results' }],
  ])('%s is read back as the route it was written from', (url, route) => {
    expect(formatRoute(route)).toBe(url);
    expect(parseRoute(url)).toEqual(route);
    expect(parseRoute(url.slice(1))).toEqual(route);
  });

  test('an unknown query is the menu', () => {
    expect(parseRoute('?nonsense=1')).toEqual({ screen: 'menu' });
  });

  test('a room id wins over a mode when both are present', () => {
    expect(parseRoute('?play=classic&room=AB12')).toEqual({ screen: 'play', room: 'AB12' });
  });

  test('developer parameters (server, match) stay on every URL; others are dropped', () => {
    const current = '?server=http%3A%2F%2F127.0.0.1%3A2568&match=3&room=OLD';
    expect(formatRoute({ screen: 'lobby' }, current)).toBe('/?lobby&server=http%3A%2F%2F127.0.0.1%3A2568&match=3');
    expect(parseRoute(formatRoute({ screen: 'play', room: 'NEW' }, current))).toEqual({ screen: 'play', room: 'NEW' });
  });
});
