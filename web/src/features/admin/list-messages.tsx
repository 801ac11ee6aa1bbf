// Above an administration list: what the last action did (role=status) or why it failed
// (role=alert), never both.
import type { ReactNode } from 'react';
import { Notice } from '../../ui/notice.tsx';
import { GeneralErrors } from './general-errors.tsx';

export function ListMessages(props: {
  notice: string | undefined;
  errors: readonly string[];
  /** The notice is `<testId>-notice`, the failure `<testId>-error`. */
  testId: string;
  /** A notice test id of another name (the prompts page's is older than the rule). */
  noticeTestId?: string;
  /** More to show with the notice, such as a password shown once. */
  children?: ReactNode;
}) {
  return (
    <>
      <Notice text={props.notice} testId={props.noticeTestId ?? `${props.testId}-notice`}>
        {props.children}
      </Notice>
      <GeneralErrors messages={props.errors} testId={`${props.testId}-error`} />
    </>
  );
}
