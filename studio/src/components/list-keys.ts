/**
 * Arrow-key navigation for lists and tables of links or buttons: ArrowDown/ArrowUp move the focus to
 * the same kind of control in the next/previous row, Home/End to the first/last. Tab still walks
 * every control; the arrows are the quick way through a long list.
 */
export function onListKeyDown(event: React.KeyboardEvent<HTMLElement>): void {
  const keys = ['ArrowDown', 'ArrowUp', 'Home', 'End'];
  if (!keys.includes(event.key)) return;
  const active = document.activeElement as HTMLElement | null;
  const row = active?.closest('tr, li');
  if (!active || !row || !event.currentTarget.contains(row)) return;
  const rows = [...event.currentTarget.querySelectorAll<HTMLElement>(row.tagName.toLowerCase())];
  const column = [...row.querySelectorAll<HTMLElement>('a, button')].indexOf(active);
  const at = rows.indexOf(row as HTMLElement);
  const next = event.key === 'Home' ? 0 : event.key === 'End' ? rows.length - 1 : at + (event.key === 'ArrowDown' ? 1 : -1);
  const target = rows[Math.max(0, Math.min(rows.length - 1, next))]?.querySelectorAll<HTMLElement>('a, button')[Math.max(0, column)];
  if (target) {
    event.preventDefault();
    target.focus();
  }
}
