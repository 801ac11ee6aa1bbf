// The prompt files' public surface: the resolver the app wires in, run-time TTS and WAV helpers.
export { PromptLibrary, MAX_SILENCE_MS, type PromptLibraryOptions } from './prompt-library.ts';
export {
  EspeakTts,
  DEFAULT_VOICES,
  type EspeakTtsOptions,
  type EspeakTtsStats,
  type EspeakVoice,
} from './espeak-tts.ts';
export { readWavInfo, readPcm16Mono, pcm16MonoWav, type WavInfo } from './wav-pcm.ts';
export {
  convertUpload,
  UPLOAD_FORMATS,
  type UploadFormat,
  type ConvertUploadOptions,
} from './upload-converter.ts';
