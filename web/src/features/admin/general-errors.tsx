// The complaints of a failed save that no field of the form can show, above the form or list.
export function GeneralErrors(props: { messages: readonly string[]; testId?: string }) {
  if (props.messages.length === 0) return null;
  return (
    <div className="form-error" role="alert" data-testid={props.testId}>
      {props.messages.map((message, i) => (
        <p key={i}>{message}</p>
      ))}
    </div>
  );
}
