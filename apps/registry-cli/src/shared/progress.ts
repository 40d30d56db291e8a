import { Presets, SingleBar } from 'cli-progress';

/**
 * A progress bar with rate and ETA on stderr, shown only on a terminal and only once the work has run
 * for 2 s (short commands stay quiet; pipes and tests get no control characters).
 */
export class Progress {
  private bar: SingleBar | null = null;
  private readonly started = Date.now();
  private value = 0;

  constructor(
    private readonly label: string,
    private total: number,
    private readonly unit = 'events',
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(value: number): void {
    this.value = value;
    if (!this.bar) {
      if (!this.stream.isTTY || Date.now() - this.started < 2000) return;
      this.bar = new SingleBar(
        {
          stream: this.stream,
          format: `${this.label} [{bar}] {percentage}% | {value}/{total} ${this.unit} | {rate}/s | ETA {eta_formatted}`,
          hideCursor: true,
          etaBuffer: 50,
        },
        Presets.shades_classic,
      );
      this.bar.start(Math.max(this.total, value), value, { rate: 0 });
    }
    const seconds = Math.max(0.001, (Date.now() - this.started) / 1000);
    if (value > this.total) this.setTotal(value);
    this.bar.update(value, { rate: Math.round(value / seconds) });
  }

  setTotal(total: number): void {
    this.total = total;
    this.bar?.setTotal(total);
  }

  stop(): void {
    if (this.bar) {
      this.bar.update(this.value);
      this.bar.stop();
    }
  }
}
