import { readFileSync } from 'node:fs';

/**
 * RssAnon and RssFile of this process in kB from /proc (-1 where there is no /proc). A process that
 * maps a large file (the LMDB log) counts the pages it touched in its RSS (`maxRSS` too), though the
 * kernel can drop them at any time: RssAnon is the memory the process itself needs.
 */
export function residentKinds(): { anon: number; file: number } {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? -1);
    return { anon: kb('RssAnon'), file: kb('RssFile') };
  } catch {
    return { anon: -1, file: -1 };
  }
}

/**
 * The highest RssAnon seen, sampled every `everyMs` while the event loop turns (a long synchronous
 * step is seen when it ends, its memory usually still held). -1 where there is no /proc.
 */
export function trackPeakAnonMb(everyMs = 100): { peakMb(): number; stop(): void } {
  let peak = residentKinds().anon;
  const timer = setInterval(() => {
    peak = Math.max(peak, residentKinds().anon);
  }, everyMs);
  timer.unref();
  return {
    peakMb: () => {
      peak = Math.max(peak, residentKinds().anon);
      return peak < 0 ? -1 : Math.round(peak / 1024);
    },
    stop: () => clearInterval(timer),
  };
}
