// A modal holding one form: save submits it, a server problem lands on the fields it names.
import { App, Form, Modal } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import { showProblem } from './forms';

interface FormModalProps<T> {
  title: ReactNode;
  open?: boolean;
  initialValues?: Partial<T>;
  /** Runs the mutation; resolves when saved, rejects with the server's problem. */
  onSubmit: (values: T) => Promise<unknown>;
  onSaved?: (result: unknown) => void;
  onClose: () => void;
  pending: boolean;
  /** Wider for long forms; Ant Design's default otherwise. */
  width?: number;
  children: ReactNode;
}

export function FormModal<T extends object>({
  title,
  open = true,
  initialValues,
  onSubmit,
  onSaved,
  onClose,
  pending,
  width,
  children,
}: FormModalProps<T>) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<T>();
  return (
    <Modal
      open={open}
      title={title}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={pending}
      onCancel={onClose}
      onOk={() => form.submit()}
      width={width}
      destroyOnHidden
    >
      <Form<T>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) =>
          onSubmit(values).then(
            (result) => {
              form.resetFields();
              if (onSaved) onSaved(result);
              else {
                void message.success(t('common.saved'));
                onClose();
              }
            },
            (error: unknown) => showProblem(error, form, (text) => void message.error(text)),
          )
        }
      >
        {children}
      </Form>
    </Modal>
  );
}
