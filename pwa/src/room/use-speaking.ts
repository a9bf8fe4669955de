import { useEffect, useState } from 'preact/hooks';
import { createSpeakingDetector } from '../media/speaking-detector';

/** Whether the stream's audio is speaking right now; false for null. */
export function useSpeaking(stream: MediaStream | null): boolean {
  const [speaking, setSpeaking] = useState(false);
  useEffect(() => {
    setSpeaking(false);
    if (!stream) return;
    const detector = createSpeakingDetector(stream, setSpeaking);
    return () => detector.dispose();
  }, [stream]);
  return speaking;
}
