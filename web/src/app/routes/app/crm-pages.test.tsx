import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorMessages, type Comment } from '@vantage/contracts';
import { describe, expect, it } from 'vitest';
import { buildAuth, buildBusiness, buildComment, buildLead, buildPage, buildTeam, buildUser } from '@/testing/data';
import { apiError, mockApi } from '@/testing/mock-api';
import { fillIn, renderApp } from '@/testing/render';

const signedIn = {
  'POST /auth/refresh': { body: buildAuth(buildUser()) },
  'GET /teams': { body: [buildTeam()] },
};

const harbor = buildBusiness();

describe('businesses list', () => {
  it('a page past the end offers the first page; a page that fails to load says so and tries again', async () => {
    let failNext = false;
    mockApi({
      ...signedIn,
      'GET /businesses': (request) => {
        if (failNext) {
          failNext = false;
          return apiError(500, 'INTERNAL_ERROR', errorMessages.INTERNAL_ERROR);
        }
        const page = Number(new URLSearchParams(request.path.split('?')[1]).get('page'));
        return { body: buildPage(page === 1 ? [harbor] : [], { page, total: 1 }) };
      },
    });
    const { router } = renderApp('/businesses?page=3');
    const user = userEvent.setup({ delay: null });

    expect(await screen.findByText('There is no page 3 of businesses.')).toBeInTheDocument();
    failNext = true;
    await user.click(screen.getByRole('button', { name: 'Go to the first page' }));
    await waitFor(() => expect(router.state.location.search).not.toContain('page=3'));
    expect(await screen.findByText('Could not load the businesses')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Try again' }));
    const table = await screen.findByRole('table', { name: 'Businesses' });
    expect(within(table).getByRole('link', { name: harbor.name })).toBeInTheDocument();
    expect(screen.getByText('1 business')).toBeInTheDocument();
  });

  it('shows the team, an empty state that creates the first business, and field errors from the API', async () => {
    let created = false;
    const server = mockApi({
      ...signedIn,
      'GET /businesses': () => ({ body: buildPage(created ? [harbor] : []) }),
      'POST /businesses': (request) => {
        const { name } = request.body as { name: string };
        if (name.length > 10) {
          return apiError(400, 'VALIDATION_FAILED', 'Validation failed', {
            errors: [{ field: 'name', message: 'name must be shorter than or equal to 10 characters' }],
          });
        }
        created = true;
        return { status: 201, body: { ...harbor, name } };
      },
      'GET /businesses/business-harbor': { body: harbor },
      'GET /businesses/business-harbor/comments': { body: buildPage([]) },
      'GET /leads': { body: buildPage([]) },
    });
    const { router } = renderApp('/businesses');
    const user = userEvent.setup({ delay: null });

    expect(await screen.findByRole('heading', { level: 1, name: 'Businesses' })).toBeInTheDocument();
    expect(within(screen.getByRole('main')).getByText('Acme')).toBeInTheDocument();
    expect(await screen.findByText('No businesses yet — create the first one')).toBeInTheDocument();

    await user.click(screen.getAllByRole('button', { name: 'New business' })[1]);
    const dialog = await screen.findByRole('dialog', { name: 'New business' });
    const name = within(dialog).getByLabelText(/^Name/);
    await user.click(within(dialog).getByRole('button', { name: 'Add business' }));
    expect(name).toHaveAccessibleDescription('Enter the business’s name.');
    expect(server.callsTo('POST /businesses')).toHaveLength(0);

    await fillIn(user, name, 'A name that is too long');
    await user.click(within(dialog).getByRole('button', { name: 'Add business' }));
    await waitFor(() => expect(name).toHaveAccessibleDescription('name must be shorter than or equal to 10 characters'));

    await user.clear(name);
    await fillIn(user, name, 'Harbor');
    await fillIn(user, within(dialog).getByLabelText('Description'), 'Shipping partner');
    await user.click(within(dialog).getByRole('button', { name: 'Add business' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/businesses/business-harbor'));
    expect(server.callsTo('POST /businesses')[1].body).toEqual({ name: 'Harbor', description: 'Shipping partner' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Harbor' })).toBeInTheDocument();
  });

  it('pages through a long list with the page kept in the URL', async () => {
    const server = mockApi({
      ...signedIn,
      'GET /businesses': (request) => {
        const page = Number(new URL(request.path, 'http://x').searchParams.get('page'));
        return { body: buildPage([buildBusiness({ id: `b${page}`, name: `Business on page ${page}` })], { page, total: 45 }) };
      },
    });
    const { router } = renderApp('/businesses');
    const user = userEvent.setup({ delay: null });

    expect(await screen.findByRole('link', { name: 'Business on page 1' })).toHaveAttribute('href', '/businesses/b1');
    expect(screen.getByText('1–20 of 45 businesses')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Next page' }));

    expect(await screen.findByRole('link', { name: 'Business on page 2' })).toBeInTheDocument();
    expect(router.state.location.search).toBe('?page=2');
    expect(server.callsTo('GET /businesses').at(-1)?.path).toBe('/businesses?page=2&pageSize=20');
  });
});

describe('business page', () => {
  it('shows the business, its leads, and its comments oldest first; a new comment appears last, under its author', async () => {
    let comments: Comment[] = [
      buildComment({ id: 'c1', text: 'First call went well.' }),
      buildComment({ id: 'c2', text: 'Sent the quote.', authorName: 'Grace Hopper' }),
    ];
    const server = mockApi({
      ...signedIn,
      'GET /businesses/business-harbor': { body: harbor },
      'GET /businesses/business-harbor/comments': () => ({ body: buildPage(comments, { pageSize: 50 }) }),
      'GET /leads': { body: buildPage([buildLead({ status: 'qualified' })], { pageSize: 10 }) },
      'POST /businesses/business-harbor/comments': (request) => {
        const created = buildComment({ id: 'c3', text: (request.body as { text: string }).text });
        comments = [...comments, created];
        return { status: 201, body: created };
      },
    });
    renderApp('/businesses/business-harbor');
    const user = userEvent.setup({ delay: null });

    expect(await screen.findByRole('heading', { level: 1, name: 'Harbor Freight Co' })).toBeInTheDocument();
    expect(screen.getByText('Shipping partner on the east coast.')).toBeInTheDocument();
    const leads = await screen.findByRole('list', { name: 'Leads of Harbor Freight Co' });
    expect(within(leads).getByRole('link', { name: 'Jordan Lee' })).toHaveAttribute('href', '/leads/lead-jordan');
    expect(within(leads).getByText('Qualified')).toBeInTheDocument();
    expect(server.callsTo('GET /leads')[0].path).toContain('businessId=business-harbor');

    const thread = await screen.findByRole('list', { name: 'Comments on Harbor Freight Co' });
    expect(
      within(thread)
        .getAllByRole('article')
        .map((article) => article.getAttribute('aria-label')),
    ).toEqual(['Comment by Ada Lovelace', 'Comment by Grace Hopper']);

    await fillIn(user, screen.getByLabelText('Add a comment'), '  Signed the contract!  ');
    await user.click(screen.getByRole('button', { name: 'Post comment' }));

    await waitFor(() => expect(within(thread).getAllByRole('article')).toHaveLength(3));
    const newest = within(thread).getAllByRole('article')[2];
    expect(newest).toHaveTextContent('Signed the contract!');
    expect(newest).toHaveAccessibleName('Comment by Ada Lovelace');
    expect(server.callsTo('POST /businesses/business-harbor/comments')[0].body).toEqual({ text: 'Signed the contract!' });
    expect(screen.getByLabelText('Add a comment')).toHaveValue('');
  });

  it('says so when the business is not in the current team', async () => {
    mockApi({
      ...signedIn,
      'GET /businesses/business-elsewhere': apiError(404, 'BUSINESS_NOT_FOUND'),
      'GET /businesses/business-elsewhere/comments': apiError(404, 'BUSINESS_NOT_FOUND'),
      'GET /leads': { body: buildPage([]) },
    });
    renderApp('/businesses/business-elsewhere');

    expect(await screen.findByText('This business is not in your current team')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to businesses' })).toHaveAttribute('href', '/businesses');
  });
});

describe('leads list', () => {
  it('adds a lead from the Leads page, for a business chosen by name, and checks the email first', async () => {
    let leads = [] as ReturnType<typeof buildLead>[];
    const server = mockApi({
      ...signedIn,
      'GET /leads': () => ({ body: buildPage(leads) }),
      'GET /businesses': { body: buildPage([harbor, buildBusiness({ id: 'business-blue', name: 'Blue Whale Shipping' })]) },
      'GET /businesses/business-blue': { body: buildBusiness({ id: 'business-blue', name: 'Blue Whale Shipping' }) },
      'POST /leads': (request) => {
        const created = buildLead({ ...(request.body as object), id: 'lead-new' });
        leads = [created];
        return { status: 201, body: created };
      },
    });
    renderApp('/leads');
    const user = userEvent.setup({ delay: null });

    expect(await screen.findByText('No leads yet — add the first one')).toBeInTheDocument();
    await user.click(screen.getAllByRole('button', { name: 'New lead' })[0]);
    const dialog = await screen.findByRole('dialog', { name: 'New lead' });
    await fillIn(user, within(dialog).getByLabelText(/^Name/), 'Mia Chen');
    await fillIn(user, within(dialog).getByLabelText('Email'), 'mia@');
    await user.click(within(dialog).getByRole('button', { name: 'Add lead' }));
    expect(within(dialog).getByLabelText('Email')).toHaveAccessibleDescription(/Enter an email address like/);

    await user.clear(within(dialog).getByLabelText('Email'));
    await fillIn(user, within(dialog).getByLabelText('Email'), 'mia@bluewhale.example');
    const businessPicker = within(dialog).getByLabelText(/^Business/, { selector: 'input' });
    await waitFor(() => expect(businessPicker).toBeEnabled());
    await user.click(businessPicker);
    await user.click(await screen.findByRole('option', { name: 'Blue Whale Shipping' }));
    await user.click(within(dialog).getByRole('button', { name: 'Add lead' }));

    const table = await screen.findByRole('table', { name: 'Leads' });
    expect(server.callsTo('POST /leads')[0].body).toEqual({
      name: 'Mia Chen',
      email: 'mia@bluewhale.example',
      businessId: 'business-blue',
    });
    expect(within(table).getByRole('link', { name: 'Mia Chen' })).toHaveAttribute('href', '/leads/lead-new');
    expect(await within(table).findByRole('link', { name: 'Blue Whale Shipping' })).toHaveAttribute('href', '/businesses/business-blue');
  });
});

describe('lead page', () => {
  it('saves a new status as soon as it is chosen, and goes back to the saved one when refused', async () => {
    const server = mockApi({
      ...signedIn,
      'GET /leads/lead-jordan': { body: buildLead() },
      'GET /leads/lead-jordan/comments': { body: buildPage([]) },
      'GET /businesses/business-harbor': { body: harbor },
      'PATCH /leads/lead-jordan': (request) => ({ body: buildLead({ status: (request.body as { status: 'contacted' }).status }) }),
    });
    renderApp('/leads/lead-jordan');
    const user = userEvent.setup({ delay: null });

    const status = await screen.findByRole('combobox', { name: /Status/ });
    expect(status).toHaveValue('new');
    expect(await screen.findByRole('link', { name: 'Harbor Freight Co' })).toHaveAttribute('href', '/businesses/business-harbor');

    await user.selectOptions(status, 'contacted');
    expect(await screen.findByText('Status saved: Contacted.')).toBeInTheDocument();
    expect(status).toHaveValue('contacted');
    expect(server.callsTo('PATCH /leads/lead-jordan')[0].body).toEqual({ status: 'contacted' });

    server.on('PATCH /leads/lead-jordan', apiError(404, 'LEAD_NOT_FOUND'));
    await user.selectOptions(status, 'won');
    expect(await screen.findByRole('alert')).toHaveTextContent(errorMessages.LEAD_NOT_FOUND);
    expect(status).toHaveValue('contacted');
  });

  it('shows the unknown-lead page for an id that cannot be one, not a validation error with "Try again"', async () => {
    mockApi({
      ...signedIn,
      'GET /leads/not-a-lead-id': apiError(400, 'VALIDATION_FAILED', errorMessages.VALIDATION_FAILED, {
        errors: [{ field: 'id', message: 'must be a UUID' }],
      }),
      'GET /leads/not-a-lead-id/comments': apiError(400, 'VALIDATION_FAILED', errorMessages.VALIDATION_FAILED, {
        errors: [{ field: 'id', message: 'must be a UUID' }],
      }),
    });
    renderApp('/leads/not-a-lead-id');

    expect(await screen.findByText('This lead is not in your current team')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to leads' })).toHaveAttribute('href', '/leads');
    expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
  });

  it('says why it could not load the lead, and loads it on "Try again"', async () => {
    let fail = true;
    mockApi({
      ...signedIn,
      'GET /leads/lead-jordan': () => (fail ? apiError(503, 'SERVICE_UNAVAILABLE') : { body: buildLead({ businessId: null }) }),
      'GET /leads/lead-jordan/comments': { body: buildPage([]) },
    });
    renderApp('/leads/lead-jordan');
    const user = userEvent.setup({ delay: null });

    expect(await screen.findByRole('alert')).toHaveTextContent(errorMessages.SERVICE_UNAVAILABLE);
    expect(screen.getByText('Could not load the lead')).toBeInTheDocument();

    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Jordan Lee' })).toBeInTheDocument();
    expect(document.title).toBe('Jordan Lee · Leads · Vantage');
  });
});
