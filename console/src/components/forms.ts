// Shows a server problem next to the fields it names, or as a message.
import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';

export function showProblem(
  error: unknown,
  form: FormInstance | undefined,
  notify: (text: string) => void,
): void {
  if (!(error instanceof ApiError)) {
    notify(String(error));
    return;
  }
  const fields = (error.problem.errors ?? [])
    .map((e) => ({ name: e.field.replace(/^\/body\//, '').split('/')[0]!, errors: [e.message] }))
    .filter((f) => f.name && form?.getFieldInstance(f.name) !== undefined);
  if (form && fields.length) form.setFields(fields);
  notify(`${error.problem.detail} (${error.problem.code})`);
}
