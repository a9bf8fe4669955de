import { signal } from '@preact/signals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cam, FakeMediaDevices, mic } from '../../../test/pwa/fake-media.ts';
import { createDeviceList } from './device-list.ts';

afterEach(() => vi.unstubAllGlobals());

describe('createDeviceList', () => {
  it('reads the devices at once when nothing holds it', async () => {
    vi.stubGlobal('navigator', { mediaDevices: new FakeMediaDevices() });
    const list = createDeviceList();
    await list.refresh();
    expect(list.devices.value.videoinput.map((d) => d.label)).toEqual(['FaceTime Camera']);
    expect(list.devices.value.audioinput.map((d) => d.label)).toEqual(['Built-in Microphone']);
  });

  it('while the join holds work back, a refresh (or two) reads the devices once it is over', async () => {
    const mediaDevices = new FakeMediaDevices();
    const enumerate = vi.spyOn(mediaDevices, 'enumerateDevices');
    vi.stubGlobal('navigator', { mediaDevices });
    const hold = signal(true);
    const list = createDeviceList({ hold });
    let done = false;
    const first = list.refresh().then(() => (done = true));
    const second = list.refresh();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(enumerate).not.toHaveBeenCalled();
    expect(done).toBe(false);
    expect(list.devices.value.videoinput).toEqual([]);
    mediaDevices.devices = [...mediaDevices.devices, cam('cam-2', 'USB Camera'), mic('mic-2', 'Headset')];
    hold.value = false;
    await Promise.all([first, second]);
    expect(enumerate).toHaveBeenCalledOnce();
    expect(list.devices.value.videoinput.map((d) => d.label)).toEqual(['FaceTime Camera', 'USB Camera']);
    // Held again later (a rejoin): the same.
    hold.value = true;
    const third = list.refresh();
    expect(enumerate).toHaveBeenCalledOnce();
    hold.value = false;
    await third;
    expect(enumerate).toHaveBeenCalledTimes(2);
  });

  it('follows plugs and unplugs from its first read on, and no longer once disposed', async () => {
    const mediaDevices = new FakeMediaDevices();
    const listen = vi.spyOn(mediaDevices, 'addEventListener');
    vi.stubGlobal('navigator', { mediaDevices });
    const list = createDeviceList();
    // Not as it is made (the pre-join page's render): a device plugged in before the first read is in that read.
    expect(listen).not.toHaveBeenCalled();
    await list.refresh();
    await list.refresh();
    expect(listen).toHaveBeenCalledOnce();
    mediaDevices.devices = [...mediaDevices.devices, cam('cam-2', 'USB Camera')];
    mediaDevices.dispatchEvent(new Event('devicechange'));
    await vi.waitFor(() => expect(list.change.value).toMatch(/USB Camera/));
    list.dispose();
    mediaDevices.devices = mediaDevices.devices.slice(0, 2);
    mediaDevices.dispatchEvent(new Event('devicechange'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(list.devices.value.videoinput.map((d) => d.label)).toEqual(['FaceTime Camera', 'USB Camera']);
  });

  it('once disposed, a refresh asked for during the hold never reads the devices', async () => {
    const mediaDevices = new FakeMediaDevices();
    const enumerate = vi.spyOn(mediaDevices, 'enumerateDevices');
    vi.stubGlobal('navigator', { mediaDevices });
    const hold = signal(true);
    const list = createDeviceList({ hold });
    void list.refresh();
    list.dispose();
    hold.value = false;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(enumerate).not.toHaveBeenCalled();
  });
});
