// @vitest-environment happy-dom
import { signal } from '@preact/signals';
import { options, render } from 'preact';
import { useState } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { stopDrawing } from './stop-drawing.ts';

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const streams = signal(['Hanna', 'Lea']);
let renders = 0;

function Tiles() {
  renders++;
  const [title] = useState('Call');
  return (
    <section aria-label={title}>
      {streams.value.map((name) => (
        <figure key={name}>{name}</figure>
      ))}
    </section>
  );
}

describe('stopDrawing (a page that is going away)', () => {
  const before = options.debounceRendering;
  afterEach(() => {
    options.debounceRendering = before;
    render(null, document.body);
    streams.value = ['Hanna', 'Lea'];
  });

  it('draws the changes made before it', async () => {
    render(<Tiles />, document.body);
    streams.value = ['Hanna'];
    await settle();
    expect(document.querySelectorAll('figure')).toHaveLength(1);
  });

  it('leaves the page as it is: the call torn down after it renders nothing', async () => {
    render(<Tiles />, document.body);
    const drawn = renders;
    stopDrawing();
    streams.value = [];
    await settle();
    expect(renders).toBe(drawn);
    expect([...document.querySelectorAll('figure')].map((f) => f.textContent)).toEqual(['Hanna', 'Lea']);
  });
});
