import { getCollectionProps, getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";

// Field components accept any field of any form; each form keeps its own typed schema.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyField = FieldMetadata<any, any, string[]>;

/**
 * A field's messages, its items' included: a list field (patent numbers, keywords) is checked
 * item by item, and those messages belong beside the field too. Each message once.
 */
export function fieldMessages(field: Pick<AnyField, "allErrors">): string[] {
  return [...new Set(Object.values(field.allErrors ?? {}).flat())];
}

function Errors({ field }: { field: AnyField }) {
  const messages = fieldMessages(field);
  if (!messages.length) return null;
  return (
    <ul className="errors" id={field.errorId}>
      {messages.map((e) => (
        <li key={e}>{e}</li>
      ))}
    </ul>
  );
}

function Shell({ field, label, hint, children }: { field: AnyField; label: ReactNode; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className={`field${fieldMessages(field).length ? " invalid" : ""}`}>
      <label htmlFor={field.id}>{label}</label>
      {children}
      {hint && (
        <span className="hint" id={field.descriptionId}>
          {hint}
        </span>
      )}
      <Errors field={field} />
    </div>
  );
}

export function TextField({
  field,
  label,
  hint,
  type = "text",
  autoComplete,
}: {
  field: AnyField;
  label: ReactNode;
  hint?: ReactNode;
  type?: "text" | "email" | "password" | "date" | "tel" | "number";
  autoComplete?: string;
}) {
  const { key, ...props } = getInputProps(field as FieldMetadata<string>, {
    type,
    ariaInvalid: "allErrors",
    ariaDescribedBy: hint ? field.descriptionId : undefined,
  });
  return (
    <Shell field={field} label={label} hint={hint}>
      <input key={key} {...props} autoComplete={autoComplete} inputMode={type === "text" && String(field.name).endsWith("Wan") ? "decimal" : undefined} />
    </Shell>
  );
}

export function TextArea({ field, label, hint, rows = 6 }: { field: AnyField; label: ReactNode; hint?: ReactNode; rows?: number }) {
  const { key, ...props } = getTextareaProps(field as FieldMetadata<string>, {
    ariaInvalid: "allErrors",
    ariaDescribedBy: hint ? field.descriptionId : undefined,
  });
  return (
    <Shell field={field} label={label} hint={hint}>
      <textarea key={key} rows={rows} {...props} />
    </Shell>
  );
}

export type Option = { value: string; label: string };
export type OptionGroup = { label: string; options: Option[] };

export function SelectField({
  field,
  label,
  hint,
  options,
  groups,
  placeholder,
}: {
  field: AnyField;
  label: ReactNode;
  hint?: ReactNode;
  options?: Option[];
  groups?: OptionGroup[];
  placeholder?: string;
}) {
  const { key, ...props } = getSelectProps(field as FieldMetadata<string>, { ariaInvalid: "allErrors" });
  return (
    <Shell field={field} label={label} hint={hint}>
      <select key={key} {...props}>
        <option value="">{placeholder ?? "—"}</option>
        {options?.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
        {groups?.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </Shell>
  );
}

export function ChoiceGroup({
  field,
  label,
  options,
  type = "checkbox",
}: {
  field: AnyField;
  label: ReactNode;
  options: Option[];
  type?: "checkbox" | "radio";
}) {
  const inputs = getCollectionProps(field as FieldMetadata<string[]>, { type, ariaInvalid: "allErrors", options: options.map((o) => o.value) });
  return (
    <div className={`field${fieldMessages(field).length ? " invalid" : ""}`}>
      <span className="label" id={`${field.id}-label`}>
        <strong>{label}</strong>
      </span>
      <fieldset aria-labelledby={`${field.id}-label`}>
        {inputs.map(({ key, ...props }, i) => (
          <label key={key}>
            <input {...props} />
            {options[i]!.label}
          </label>
        ))}
      </fieldset>
      <Errors field={field} />
    </div>
  );
}

export function FormErrors({ errors }: { errors?: string[] | null }) {
  if (!errors?.length) return null;
  return (
    <div className="alert error" role="alert">
      {errors.map((e) => (
        <p key={e}>{e}</p>
      ))}
    </div>
  );
}
