import { Alert, Button, Code, CopyButton, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { KeyIcon } from '@/components/icons';

interface RecoveryCodesPanelProps {
  codes: string[];
  email: string;
  onDone: () => void;
}

/** The text of the .txt download and of "Copy": the codes, and what they are for. */
export function recoveryCodesText(codes: string[], email: string): string {
  return [
    `Vantage recovery codes for ${email}`,
    '',
    'Each code signs you in once, instead of a code from your authenticator app.',
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

/** Shown once, right after the authenticator app is confirmed: the server never shows these again. */
export function RecoveryCodesPanel({ codes, email, onDone }: RecoveryCodesPanelProps) {
  const asText = recoveryCodesText(codes, email);

  return (
    <Stack gap="md">
      <Alert color="indigo" icon={<KeyIcon />} title="Save your recovery codes now">
        If you lose your phone, each of these codes signs you in once instead of a code from the app. This is the only time they are shown:
        store them somewhere safe, like a password manager.
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
        Setting up a new authenticator app later gives you new codes; these then stop working.
      </Text>
    </Stack>
  );
}
