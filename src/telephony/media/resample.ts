// Sample-rate conversion for prompts (done once, when a file is loaded): windowed-sinc interpolation.

const HALF_TAPS = 16;

/**
 * Converts mono PCM from `fromRate` to `toRate` with a Blackman-windowed sinc whose cut-off is the
 * lower Nyquist frequency, so down-sampling (16 kHz prompts to 8 kHz) does not alias. Quality is
 * that of a 32-tap filter: ample for telephone audio, and a file is converted once per load.
 */
export function resample(input: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (fromRate === toRate) return input;
  const ratio = toRate / fromRate;
  const length = Math.floor(input.length * ratio);
  const output = new Int16Array(length);
  // Cut-off relative to the input rate: below both Nyquist frequencies.
  const cutoff = Math.min(1, ratio);
  const halfWidth = HALF_TAPS / cutoff;
  for (let n = 0; n < length; n++) {
    const center = n / ratio;
    const first = Math.max(0, Math.ceil(center - halfWidth));
    const last = Math.min(input.length - 1, Math.floor(center + halfWidth));
    let sum = 0;
    let weights = 0;
    for (let k = first; k <= last; k++) {
      const x = k - center;
      const w = sinc(x * cutoff) * blackman(x / halfWidth);
      sum += input[k]! * w;
      weights += w;
    }
    const value = weights === 0 ? 0 : sum / weights;
    output[n] = value > 32767 ? 32767 : value < -32768 ? -32768 : Math.round(value);
  }
  return output;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

/** Blackman window over [-1, 1]. */
function blackman(t: number): number {
  if (t <= -1 || t >= 1) return 0;
  const a = Math.PI * (t + 1);
  return 0.42 - 0.5 * Math.cos(a) + 0.08 * Math.cos(2 * a);
}
