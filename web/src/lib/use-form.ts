import { useCallback, useEffect, useRef, useState, type ChangeEvent } from 'react';
import { isApiClientError } from './api-client';

export type FieldErrors<Values> = Partial<Record<keyof Values & string, string>>;

interface UseFormOptions<Values extends Record<string, string>> {
  initialValues: Values;
  /** Returns a message per invalid field; an empty object means the form can be sent. */
  validate: (values: Values) => FieldErrors<Values>;
}

/**
 * Minimal form state for our text-only forms: values, per-field errors (from the client-side
 * rules or from the API's VALIDATION_FAILED list), and focus on the first invalid input so
 * keyboard and screen-reader users land where the problem is.
 */
export function useForm<Values extends Record<string, string>>({ initialValues, validate }: UseFormOptions<Values>) {
  const [values, setValues] = useState<Values>(initialValues);
  const [errors, setErrors] = useState<FieldErrors<Values>>({});
  const formRef = useRef<HTMLFormElement>(null);
  const focusFirstInvalidPending = useRef(false);

  useEffect(() => {
    if (!focusFirstInvalidPending.current) return;
    focusFirstInvalidPending.current = false;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  const showErrors = useCallback((next: FieldErrors<Values>) => {
    focusFirstInvalidPending.current = Object.keys(next).length > 0;
    setErrors(next);
  }, []);

  const field = useCallback(
    (name: keyof Values & string) => ({
      name,
      value: values[name],
      error: errors[name],
      // Mantine's PasswordInput does not set aria-invalid itself; screen readers need it on every input.
      'aria-invalid': errors[name] ? true : undefined,
      onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => {
        const value = event.currentTarget.value;
        setValues((previous) => ({ ...previous, [name]: value }));
        setErrors((previous) => {
          if (!(name in previous)) return previous;
          const { [name]: _cleared, ...rest } = previous;
          return rest as FieldErrors<Values>;
        });
      },
    }),
    [values, errors],
  );

  /** Runs the client-side rules; true when the form may be submitted. */
  const validateAll = useCallback((): boolean => {
    const found = validate(values);
    showErrors(found);
    return Object.keys(found).length === 0;
  }, [validate, values, showErrors]);

  /**
   * Puts the API's field errors next to their inputs. Returns true when at least one belonged to
   * this form (then a generic alert would only repeat it).
   */
  const applyServerFieldErrors = useCallback(
    (error: unknown): boolean => {
      if (!isApiClientError(error)) return false;
      const matched: FieldErrors<Values> = {};
      for (const [fieldName, message] of Object.entries(error.fieldErrors)) {
        if (fieldName in values) matched[fieldName as keyof Values & string] = message;
      }
      if (Object.keys(matched).length === 0) return false;
      showErrors(matched);
      return true;
    },
    [values, showErrors],
  );

  const setFieldError = useCallback(
    (name: keyof Values & string, message: string) => showErrors({ [name]: message } as FieldErrors<Values>),
    [showErrors],
  );

  // Callers pass a fresh object literal on every render; reset to the values the form started with.
  const firstValues = useRef(initialValues);
  const reset = useCallback(() => {
    setValues(firstValues.current);
    setErrors({});
  }, []);

  return { values, errors, formRef, field, validateAll, applyServerFieldErrors, setFieldError, reset };
}
