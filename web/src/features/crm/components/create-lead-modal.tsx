import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { CRM_NAME_MAX_LENGTH, type Business, type Lead } from '@vantage/contracts';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '@/components/error-alert';
import { useForm } from '@/lib/use-form';
import { collectErrors, emailError, nameError } from '@/lib/validation';
import { useCreateLead } from '../api/create-lead';
import { BUSINESS_CHOICES_PAGE_SIZE, useBusinesses } from '../api/get-businesses';

interface LeadFormValues extends Record<string, string> {
  name: string;
  email: string;
  businessId: string;
}

function validateLead(values: LeadFormValues) {
  return collectErrors({
    name: nameError(values.name, 'the lead’s name', CRM_NAME_MAX_LENGTH),
    email: values.email.trim() ? emailError(values.email) : undefined,
  });
}

interface CreateLeadModalProps {
  opened: boolean;
  onClose: () => void;
  teamName: string;
  /** Adding from a business's page: the lead belongs to it, no choice offered. */
  business?: Pick<Business, 'id' | 'name'>;
  onCreated?: (lead: Lead) => void;
}

/** The choice of business, from the team's newest businesses (the API's largest page). */
function BusinessSelect({ value, onChange, error }: { value: string; onChange: (id: string) => void; error?: string }) {
  const businessesQuery = useBusinesses({ page: 1, pageSize: BUSINESS_CHOICES_PAGE_SIZE });
  const options = (businessesQuery.data?.items ?? []).map((business) => ({ value: business.id, label: business.name }));
  const description = businessesQuery.isError
    ? 'The businesses could not be loaded; you can add the lead without one.'
    : 'Optional: the company this lead belongs to.';
  return (
    <Select
      label="Business"
      description={description}
      placeholder={businessesQuery.isPending ? 'Loading businesses…' : 'No business'}
      data={options}
      value={value || null}
      onChange={(next) => onChange(next ?? '')}
      searchable
      clearable
      nothingFoundMessage="No business with that name"
      disabled={businessesQuery.isPending || businessesQuery.isError}
      error={error}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

export function CreateLeadModal({ opened, onClose, teamName, business, onCreated }: CreateLeadModalProps) {
  const createLead = useCreateLead();
  const [formError, setFormError] = useState<unknown>(null);
  const [businessId, setBusinessId] = useState('');
  const form = useForm<LeadFormValues>({
    initialValues: { name: '', email: '', businessId: '' },
    validate: validateLead,
  });

  const close = () => {
    form.reset();
    setBusinessId('');
    setFormError(null);
    createLead.reset();
    onClose();
  };

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    if (!form.validateAll()) return;
    const email = form.values.email.trim();
    const chosenBusinessId = business?.id ?? businessId;
    createLead.mutate(
      {
        name: form.values.name.trim(),
        ...(email ? { email } : {}),
        ...(chosenBusinessId ? { businessId: chosenBusinessId } : {}),
      },
      {
        onSuccess: (lead) => {
          notifications.show({ color: 'indigo', title: 'Lead added', message: `${lead.name} is in ${teamName}, with the status New.` });
          onCreated?.(lead);
          close();
        },
        onError: (error) => {
          if (!form.applyServerFieldErrors(error)) setFormError(error);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={close} title={business ? `New lead for ${business.name}` : 'New lead'} centered size="lg">
      <form ref={form.formRef} onSubmit={handleSubmit} noValidate aria-label="New lead">
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            A person or opportunity to follow up. It starts as New; move it along from its page.
          </Text>
          {formError !== null && <ErrorAlert error={formError} title="Could not add the lead" />}
          <TextInput {...form.field('name')} label="Name" required data-autofocus autoComplete="off" />
          <TextInput {...form.field('email')} label="Email" description="Optional." type="email" autoComplete="off" />
          {!business && <BusinessSelect value={businessId} onChange={setBusinessId} error={form.errors.businessId} />}
          <Group justify="flex-end" gap="sm" mt="xs">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={createLead.isPending}>
              Add lead
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
