/** A run or task status as a coloured label (colour + text: never colour alone). */
export function StatusBadge({ status }: { status: string }): React.JSX.Element {
  return (
    <span className={`status-badge status-${status}`}>
      {status}
    </span>
  );
}
