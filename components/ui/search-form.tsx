import { buttonClasses } from "./button";
import { inputClasses } from "./field";

/** A list's search box: a plain GET form to the list's own path, so the URL holds the search and pages keep it. */
export function SearchForm({
  action,
  id,
  label,
  placeholder,
  q,
}: {
  action: string;
  id: string;
  label: string;
  placeholder: string;
  q: string;
}) {
  return (
    <search>
      <form className="flex max-w-md gap-2" action={action}>
        <label htmlFor={id} className="sr-only">
          {label}
        </label>
        <input id={id} name="q" type="search" defaultValue={q} placeholder={placeholder} className={inputClasses} />
        <button type="submit" className={buttonClasses("secondary")}>
          Search
        </button>
      </form>
    </search>
  );
}
