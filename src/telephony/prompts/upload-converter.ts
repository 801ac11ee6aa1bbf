// Uploaded prompts (WAV, MP3, OGG, FLAC) converted to what the shipped set is: 8 kHz mono 16-bit WAV.
import { HotlineError } from '../../platform/index.ts';
import { OutputTooLarge, ProgramMissing, runProgram } from './run-program.ts';
import { pcm16MonoWav, readPcm16Mono } from './wav-pcm.ts';

export const UPLOAD_FORMATS = ['wav', 'mp3', 'ogg', 'flac'] as const;
export type UploadFormat = (typeof UPLOAD_FORMATS)[number];

export interface ConvertUploadOptions {
  soxPath?: string;
  /** MP3 is decoded by ffmpeg: Debian's sox has no MP3 handler without libsox-fmt-mp3. */
  ffmpegPath?: string;
  /** Longer prompts are refused. Default 600 s. */
  maxSeconds?: number;
  /** Larger uploads are refused before decoding. Default 50 MB. */
  maxInputBytes?: number;
  timeoutMs?: number;
}

const RATE = 8000;

/**
 * Decodes an uploaded prompt (any rate, channels and sample size sox or ffmpeg reads) and returns
 * an 8 kHz mono 16-bit PCM WAV file. Input a decoder rejects is `invalid-input` (field `file`);
 * a missing decoder is `unavailable`.
 */
export async function convertUpload(
  input: Uint8Array,
  format: UploadFormat,
  options: ConvertUploadOptions = {},
): Promise<Buffer> {
  if (!(UPLOAD_FORMATS as readonly string[]).includes(format)) {
    throw new HotlineError(
      'invalid-input',
      `Upload format "${String(format)}" is not supported: use ${UPLOAD_FORMATS.join(', ')}.`,
      {
        field: 'format',
      },
    );
  }
  const maxInputBytes = options.maxInputBytes ?? 50 * 1024 * 1024;
  if (input.length === 0 || input.length > maxInputBytes) {
    throw new HotlineError(
      'invalid-input',
      `An uploaded prompt must hold 1 byte to ${maxInputBytes} bytes (got ${input.length}).`,
      {
        field: 'file',
      },
    );
  }
  const maxSeconds = options.maxSeconds ?? 600;
  const run = {
    input,
    timeoutMs: options.timeoutMs ?? 60_000,
    maxOutputBytes: (maxSeconds + 1) * RATE * 2 + 4096,
  };
  // Both write 16-bit mono at 8 kHz to a pipe (a WAV whose header sizes may be placeholders).
  const [program, args] =
    format === 'mp3'
      ? [
          options.ffmpegPath ?? 'ffmpeg',
          [
            '-hide_banner',
            '-loglevel',
            'error',
            '-f',
            'mp3',
            '-i',
            'pipe:0',
            '-ac',
            '1',
            '-ar',
            String(RATE),
            '-c:a',
            'pcm_s16le',
            '-f',
            'wav',
            'pipe:1',
          ],
        ]
      : [
          options.soxPath ?? 'sox',
          [
            '-t',
            format,
            '-',
            '-t',
            'wav',
            '-r',
            String(RATE),
            '-c',
            '1',
            '-b',
            '16',
            '-e',
            'signed-integer',
            '-',
          ],
        ];
  let output: Buffer;
  try {
    output = await runProgram(program, args, run);
  } catch (error) {
    if (error instanceof OutputTooLarge) tooLong(maxSeconds, 'more');
    if (error instanceof ProgramMissing) {
      throw new HotlineError(
        'unavailable',
        `Converting ${format} uploads needs ${program}, which is not installed (apt-get install ${format === 'mp3' ? 'ffmpeg' : 'sox'}).`,
        {
          cause: error,
        },
      );
    }
    if (error instanceof HotlineError && /failed \(exit code/.test(error.message)) {
      throw new HotlineError(
        'invalid-input',
        `The uploaded file could not be read as ${format}: ${error.message}`,
        {
          field: 'file',
          cause: error,
        },
      );
    }
    throw error;
  }
  const { samples } = readPcm16Mono(output, `The converted ${format}`);
  if (samples.length === 0 || samples.length > maxSeconds * RATE) {
    tooLong(maxSeconds, `${(samples.length / RATE).toFixed(1)} s`);
  }
  // Rewritten with exact sizes: a pipe leaves placeholders in the header.
  return pcm16MonoWav(samples, RATE);
}

function tooLong(maxSeconds: number, got: string): never {
  throw new HotlineError(
    'invalid-input',
    `An uploaded prompt must hold sound and last at most ${maxSeconds} s (got ${got}).`,
    { field: 'file' },
  );
}
