// The confirmation of what an action just did, read out politely (role=status); nothing without one.
import type { ReactNode } from 'react';

export function Notice(props: {
  text: string | undefined;
  testId?: string;
  /** More to show with the text (a password shown once); the text then stands in a paragraph. */
  children?: ReactNode;
}) {
  if (!props.text) return null;
  if (props.children === undefined || props.children === null || props.children === false)
    return (
      <p className="ok notice" role="status" data-testid={props.testId}>
        {props.text}
      </p>
    );
  return (
    <div className="ok notice" role="status" data-testid={props.testId}>
      <p>{props.text}</p>
      {props.children}
    </div>
  );
}
