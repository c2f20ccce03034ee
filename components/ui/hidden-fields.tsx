/** Values a form sends besides what the user typed: the account the page shows, the client an admin acts for. */
export function HiddenFields({ fields = {} }: { fields?: Record<string, string> }) {
  return Object.entries(fields).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />);
}
