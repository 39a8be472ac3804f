import type { ParamSpec } from '../../../src-shared/backtest';
import type { FieldErrors } from './form-model';
import { FormField } from './FormField';

/** The strategy's parameters, one field per ParamSpec (range and description as the hint). */
export function ParamFields({
  specs,
  values,
  errors,
  onChange,
}: {
  specs: readonly ParamSpec[];
  values: Readonly<Record<string, string | boolean>>;
  errors: FieldErrors;
  onChange: (name: string, value: string | boolean) => void;
}) {
  if (specs.length === 0) return <p className="muted">This strategy has no parameters.</p>;
  return (
    <fieldset className="form-grid params">
      <legend>Parameters</legend>
      {specs.map((spec) => {
        const id = `bt-param-${spec.name}`;
        const range = spec.min !== undefined && spec.max !== undefined ? ` (${spec.min}–${spec.max})` : '';
        return (
          <FormField key={spec.name} id={id} label={spec.label} error={errors[`param.${spec.name}`]} hint={`${spec.description}${range}`}>
            {(p) =>
              spec.type === 'boolean' ? (
                <input {...p} type="checkbox" checked={Boolean(values[spec.name])} onChange={(e) => onChange(spec.name, e.target.checked)} />
              ) : spec.type === 'enum' ? (
                <select {...p} value={String(values[spec.name] ?? '')} onChange={(e) => onChange(spec.name, e.target.value)}>
                  {spec.options?.map((o) => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  {...p}
                  type="number"
                  step={spec.step ?? (spec.type === 'int' ? 1 : 'any')}
                  min={spec.min}
                  max={spec.max}
                  value={String(values[spec.name] ?? '')}
                  onChange={(e) => onChange(spec.name, e.target.value)}
                />
              )
            }
          </FormField>
        );
      })}
    </fieldset>
  );
}
