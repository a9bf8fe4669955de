/** The bridge's unit of audio: 20 ms, at the telephone's 8 kHz and on Opus's 48 kHz RTP clock. */
export const FRAME_MS = 20;
export const TELEPHONE_RATE = 8000;
export const FRAME_SAMPLES_8K = 160;
export const FRAME_TICKS_48K = 960;
