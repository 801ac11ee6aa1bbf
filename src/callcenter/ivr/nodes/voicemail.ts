// voicemail: record a message (ended by a key, the time limit or the caller hanging up) and
// ask for a follow-up task.
import { Type } from 'typebox';
import { CatalogueName, Digit, PromptList, nodeBase } from '../flow-fields.ts';
import { SessionEnded } from '../node-context.ts';
import { defineNode, promptListProblems, promptReferences } from '../node-registry.ts';

export const VoicemailNode = Type.Object(
  {
    type: Type.Literal('voicemail'),
    ...nodeBase,
    /** Played before recording (e.g. leave-message, which ends in a beep). */
    prompt: Type.Optional(PromptList),
    /** Longest message. Default 120000. */
    maxDurationMs: Type.Optional(Type.Integer({ minimum: 1000, maximum: 600_000 })),
    /** The key that ends the message. Default `#`. */
    finishKey: Type.Optional(Digit),
    /** Played when the caller ends with the key (e.g. message-saved). */
    savedPrompt: Type.Optional(PromptList),
    /** A follow-up task for a queue; `subject` is a template. */
    task: Type.Optional(
      Type.Object(
        { queue: CatalogueName, subject: Type.String({ minLength: 1, maxLength: 200 }) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const voicemail = defineNode({
  type: 'voicemail',
  schema: VoicemailNode,
  references: (node) => ({
    prompts: [
      ...promptReferences(node.prompt, 'prompt'),
      ...promptReferences(node.savedPrompt, 'savedPrompt'),
    ],
    queues: node.task === undefined ? [] : [{ field: 'task.queue', name: node.task.queue }],
  }),
  canEnd: true,
  waits: true,
  check: (node) => [
    ...promptListProblems(node.prompt, 'prompt'),
    ...promptListProblems(node.savedPrompt, 'savedPrompt'),
  ],
  async run(node, ctx) {
    // Rendered now: after a hang-up the context refuses work, and the subject must not depend on it.
    const task = node.task && { queue: node.task.queue, subject: ctx.render(node.task.subject) };
    if (node.prompt) await ctx.play(ctx.prompts(node.prompt), { bargeIn: false });
    const finishKey = node.finishKey ?? '#';
    const maxDurationMs = node.maxDurationMs ?? 120_000;
    const recording = ctx.record();
    let endedByHangup = false;
    try {
      // Digits pressed during the prompt are not a message's end; only the key pressed while recording is.
      const deadline = ctx.now() + maxDurationMs;
      for (let left = maxDurationMs; left > 0; left = deadline - ctx.now()) {
        const read = await ctx.readDigits({
          maxDigits: 1,
          firstDigitTimeoutMs: left,
          interDigitTimeoutMs: left,
          // The media side may end the recording itself (an error): stop waiting for the key then.
          until: recording.finished,
        });
        if (read.digits === finishKey || read.digits === '') break;
      }
    } catch (error) {
      if (!(error instanceof SessionEnded) || error.by !== 'caller') throw error;
      // Most callers end a message by hanging up: the message is kept.
      endedByHangup = true;
    }
    recording.stop();
    const result = await recording.finished;
    if (result.reason === 'error' || result.reason === 'lost') {
      if (endedByHangup)
        return { end: { kind: 'hangup', by: 'caller', reason: `recording ${result.reason}` } };
      ctx.hangup();
      return { end: { kind: 'hangup', by: 'flow', reason: `recording ${result.reason}` } };
    }
    if (!endedByHangup && node.savedPrompt) {
      try {
        await ctx.play(ctx.prompts(node.savedPrompt), { bargeIn: false });
      } catch (error) {
        if (!(error instanceof SessionEnded)) throw error;
      }
    }
    return {
      end: {
        kind: 'voicemail',
        recordingId: recording.recordingId,
        recordingPath: result.path,
        durationMs: result.durationMs,
        endedByHangup,
        ...(task ? { task } : {}),
      },
    };
  },
});
