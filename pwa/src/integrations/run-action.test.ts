import { afterEach, describe, expect, it } from 'vitest';
import { ApiClientError } from '../api/api-client.ts';
import { i18n } from '../i18n/i18n.ts';
import { createActionRunner, problemText } from './run-action.ts';

const refusal = () => new ApiClientError(400, 'validation_failed', 'invalid body: url: url must be an absolute http(s) URL');

afterEach(() => i18n.setLocale('en'));

describe('what the integrations say went wrong', () => {
  it("is the server's own words on an English page", () => {
    expect(problemText(refusal())).toBe('invalid body: url: url must be an absolute http(s) URL');
  });

  it("is the page's language with the server's detail after it on another page", async () => {
    await i18n.setLocale('nl');
    expect(problemText(refusal())).toBe(
      'Een deel van wat u hebt ingevuld is niet geldig. Controleer het en probeer het opnieuw. (invalid body: url: url must be an absolute http(s) URL)',
    );
  });

  it.each([
    ['no answer', new ApiClientError(0, 'network', ''), /cannot be reached/],
    ['an answer that was not ours', new ApiClientError(418, 'http', '418'), /^The server answered 418\.$/],
    ['a failure of the server', new ApiClientError(500, 'internal', 'boom'), /^boom$/],
  ])('is one sentence for %s', (_, error, text) => {
    expect(problemText(error)).toMatch(text);
  });
});

describe('a section’s requests', () => {
  it('run one at a time, and a failure leaves its reason until the next one', async () => {
    const runner = createActionRunner();
    let release = () => {};
    const first = runner.run(() => new Promise<number>((resolve) => (release = () => resolve(1))));
    expect(runner.busy.value).toBe(true);
    expect(await runner.run(async () => 2)).toBeUndefined();
    release();
    expect(await first).toBe(1);
    expect(await runner.run(() => Promise.reject(refusal()))).toBeUndefined();
    expect(runner.problem.value).toMatch(/absolute http/);
    expect(await runner.run(async () => 3)).toBe(3);
    expect(runner.problem.value).toBeNull();
  });
});
