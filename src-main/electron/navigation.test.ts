import { describe, expect, it } from 'vitest';
import { APP_URL } from './app-files';
import { isAppNavigation } from './navigation';

describe('isAppNavigation', () => {
  it('lets the packaged window reload its own page, with any query or hash', () => {
    expect(isAppNavigation(APP_URL, APP_URL)).toBe(true);
    expect(isAppNavigation('app://barwise/index.html#/backtests', APP_URL)).toBe(true);
    expect(isAppNavigation('app://barwise/index.html?x=1', APP_URL)).toBe(true);
  });

  it('keeps the packaged window off every other page, host and scheme', () => {
    for (const url of [
      'app://evil/index.html',
      'app://barwise/other.html',
      'app://barwise/index.html.evil',
      'app://barwise/assets/index.js',
      'app://barwise@evil/index.html',
      'app://barwise:8080/index.html',
      'app://BARWISE/index.html',
      'evil://barwise/index.html',
      'file:///work/out/renderer/index.html',
      'https://example.com/',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'not a url',
    ]) {
      expect(isAppNavigation(url, APP_URL), url).toBe(false);
    }
  });

  it('lets the dev window move within the dev server only', () => {
    const dev = 'http://localhost:5173/';
    expect(isAppNavigation('http://localhost:5173/', dev)).toBe(true);
    expect(isAppNavigation('http://localhost:5173/index.html#/data', dev)).toBe(true);
    expect(isAppNavigation('http://localhost:5174/', dev)).toBe(false);
    expect(isAppNavigation('https://localhost:5173/', dev)).toBe(false);
    expect(isAppNavigation('http://localhost.evil.com:5173/', dev)).toBe(false);
    expect(isAppNavigation('http://user:pw@localhost:5173/', dev)).toBe(false);
  });
});
