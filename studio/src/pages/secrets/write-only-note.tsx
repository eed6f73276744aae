/** The one explanation of what the vault shows and what it never shows, on every secrets page. */
export function WriteOnlyNote(): React.JSX.Element {
  return (
    <p className="write-only" data-testid="write-only-note">
      <strong>Values are write-only.</strong> You can store a secret, set new versions, rotate it and decide who reads it, but no page, API
      answer or command shows a value again: only the workflows and functions it is meant for read it, when they run. This page sends a value
      once, when you save it, and then forgets it.
    </p>
  );
}
