import { Alert, Button, Code, CopyButton, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import type { TwoFactorMethod } from '@vantage/contracts';
import { KeyIcon } from '@/components/icons';

interface RecoveryCodesPanelProps {
  codes: string[];
  email: string;
  /** The second factor the codes stand in for. */
  method?: TwoFactorMethod;
  onDone: () => void;
}

const INSTEAD_OF: Record<TwoFactorMethod, { code: string; lost: string }> = {
  totp: {
    code: 'a code from your authenticator app',
    lost: 'If you lose your phone, each of these codes signs you in once instead of a code from the app.',
  },
  email: {
    code: 'a code we email you',
    lost: 'If you cannot get our emails, each of these codes signs you in once instead of a code we email you.',
  },
};

/** The text of the .txt download and of "Copy": the codes, and what they are for. */
export function recoveryCodesText(codes: string[], email: string, method: TwoFactorMethod = 'totp'): string {
  return [
    `Vantage recovery codes for ${email}`,
    '',
    `Each code signs you in once, instead of ${INSTEAD_OF[method].code}.`,
    'Keep them somewhere safe, like a password manager.',
    '',
    ...codes,
    '',
  ].join('\n');
}

function download(fileName: string, contents: string) {
  const url = URL.createObjectURL(new Blob([contents], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/** Shown once, right after they are made (confirming an authenticator app, or asking for new ones): the server never shows them again. */
export function RecoveryCodesPanel({ codes, email, method = 'totp', onDone }: RecoveryCodesPanelProps) {
  const asText = recoveryCodesText(codes, email, method);

  return (
    <Stack gap="md">
      <Alert color="indigo" icon={<KeyIcon />} title="Save your recovery codes now">
        {INSTEAD_OF[method].lost} This is the only time they are shown: store them somewhere safe, like a password manager.
      </Alert>

      <SimpleGrid
        component="ol"
        cols={{ base: 1, xs: 2 }}
        spacing="xs"
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
        aria-label="Recovery codes"
      >
        {codes.map((code) => (
          <li key={code}>
            <Code fz="md" px="sm" py={6} display="block" ta="center" style={{ letterSpacing: '0.06em' }}>
              {code}
            </Code>
          </li>
        ))}
      </SimpleGrid>

      <Group gap="sm" justify="space-between" wrap="wrap">
        <Group gap="sm">
          <CopyButton value={asText} timeout={2000}>
            {({ copied, copy }) => (
              <Button variant="default" onClick={copy}>
                {copied ? 'Copied' : 'Copy codes'}
              </Button>
            )}
          </CopyButton>
          <Button variant="default" onClick={() => download('vantage-recovery-codes.txt', asText)}>
            Download .txt
          </Button>
        </Group>
        <Button onClick={onDone}>I saved them</Button>
      </Group>
      <Text size="xs" c="dimmed">
        Getting new recovery codes, or setting up a new authenticator app, gives you new codes; these then stop working.
      </Text>
    </Stack>
  );
}
