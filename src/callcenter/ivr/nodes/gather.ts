// Prompt, read digits, retry: the loop menu, collect, language and survey share.
import type { PromptSpec } from '../flow-fields.ts';
import type { NodeContext, ReadDigitsOptions } from '../node-context.ts';

export interface GatherSpec<T> {
  prompt: readonly PromptSpec[];
  invalidPrompt?: readonly PromptSpec[];
  noInputPrompt?: readonly PromptSpec[];
  /** Attempts after the first. */
  retries: number;
  bargeIn: boolean;
  read: ReadDigitsOptions;
  /** The value the digits stand for, or undefined when they are not acceptable. */
  accept(digits: string): T | undefined;
}

export type Gathered<T> =
  | { kind: 'ok'; value: T; digits: string }
  | { kind: 'invalid'; digits: string }
  | { kind: 'no-input' };

/**
 * Plays the prompt and reads digits up to `1 + retries` times. Before a retry it plays the
 * invalid or no-input prompt; when retries run out the last failure is returned and the
 * node takes its exit (the exit's own prompt says goodbye or apologises).
 */
export async function gather<T>(ctx: NodeContext, spec: GatherSpec<T>): Promise<Gathered<T>> {
  let last: Gathered<T> = { kind: 'no-input' };
  for (let attempt = 0; attempt <= spec.retries; attempt++) {
    if (attempt > 0) {
      const retry = last.kind === 'invalid' ? spec.invalidPrompt : spec.noInputPrompt;
      if (retry) await ctx.play(ctx.prompts(retry), { bargeIn: spec.bargeIn });
    }
    await ctx.play(ctx.prompts(spec.prompt), { bargeIn: spec.bargeIn });
    const read = await ctx.readDigits(spec.read);
    if (read.digits === '' && !read.terminated) {
      ctx.report({ type: 'no-input' });
      last = { kind: 'no-input' };
      continue;
    }
    const value = spec.accept(read.digits);
    ctx.report({ type: 'digits', digits: read.digits, accepted: value !== undefined });
    if (value !== undefined) return { kind: 'ok', value, digits: read.digits };
    last = { kind: 'invalid', digits: read.digits };
  }
  return last;
}
