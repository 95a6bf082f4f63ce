import { MantineProvider } from '@mantine/core';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { SettingsNavigation } from './settings-navigation';

const SECTIONS = [
  { id: 'profile', label: 'Profile', content: <p>Your name</p> },
  { id: 'password', label: 'Password', content: <p>Change it</p> },
];

describe('settings navigation', () => {
  it('links each section by its anchor from the side list, and a phone’s picker jumps to it', async () => {
    const scrolledTo = vi.spyOn(Element.prototype, 'scrollIntoView').mockImplementation(() => undefined);
    render(
      <MantineProvider env="test">
        <SettingsNavigation label="Profile settings sections" sections={SECTIONS} />
      </MantineProvider>,
    );

    const nav = screen.getByRole('navigation', { name: 'Profile settings sections' });
    expect(within(nav).getByRole('link', { name: 'Password' })).toHaveAttribute('href', '#password');
    expect(screen.getByText('Change it').parentElement).toHaveAttribute('id', 'password');

    await userEvent.setup({ delay: null }).selectOptions(screen.getByLabelText('Go to section'), 'Password');
    expect(scrolledTo.mock.contexts.at(-1)).toHaveAttribute('id', 'password');
    expect(window.location.hash).toBe('#password');
  });
});
