import { fullName, IMPERSONATION_MINUTES, supportTeamName } from '@vantage/contracts';
import { randomBytes } from 'node:crypto';
import { type EntityManager } from 'typeorm';

/** What each demo business is, in the words its team would use. */
export const DEMO_BUSINESS_DESCRIPTIONS: Record<string, string> = {
  'Harbor Freight Co': 'Container shipping between Rotterdam and Boston. Renews its carrier contract every March; Lena Park signs off.',
  'Northwind Traders': 'Specialty food importer, 40 stores in the Midwest. Interested in weekly refrigerated runs.',
  'Corner Café': 'Two cafés downtown. Orders croissants and sourdough daily; wants a second delivery before lunch.',
  'Sunrise Hotels': 'Boutique hotel group (6 sites). Breakfast pastries for about 900 guests a day.',
  'Orbit Analytics': 'Data platform startup, Series B. Looking for help with a pricing review before their next round.',
  'Smile Clinic': 'Family dental practice with 4 chairs; evening hours from September.',
  'Bright Teeth Labs': 'Crowns and aligners for 30 clinics. Slow payers: invoices go to accounts@ with the PO number.',
  'Maple Apartments': '120-unit building under renovation; first leases from June.',
  'Peak Gym': 'Climbing and strength gym. Corporate memberships are their growth plan this year.',
  'Zen Yoga Studio': 'Small studio, 3 teachers. Wants a quote for a retreat weekend in the autumn.',
};

/** Who the demo leads are: real-sounding contacts in every stage of the pipeline. */
export const DEMO_LEAD_CONTACTS = [
  'Jordan Lee',
  'Sasha Kim',
  'Priya Raman',
  'Tomás García',
  'Aiko Tanaka',
  'Noah Williams',
  'Fatima Zahra',
];

interface PersonRow {
  id: string;
  first_name: string;
  last_name: string;
}

async function person(manager: EntityManager, email: string): Promise<PersonRow> {
  const [row] = await manager.query<PersonRow[]>(`SELECT id, first_name, last_name FROM users WHERE email = $1`, [email]);
  return row;
}

/** A support session that happened `daysAgo` days ago and lasted `minutes`, ended as `endReason`, in the customer's team of that name. */
async function pastImpersonation(
  manager: EntityManager,
  visit: { admin: PersonRow; customer: PersonRow; team: string; reason: string; daysAgo: number; minutes: number; endReason: string },
): Promise<string> {
  const [row] = await manager.query<{ id: string }[]>(
    `INSERT INTO impersonations
       (code, impersonator_id, impersonated_user_id, team_id, reason, created_at, expires_at, ended_at, ended_by_id, end_reason)
     SELECT $1, $2, $3, t.id, $4,
            now() - make_interval(days => $5),
            now() - make_interval(days => $5) + make_interval(mins => $6),
            now() - make_interval(days => $5) + make_interval(mins => $7),
            CASE WHEN $8 = 'expired' THEN NULL ELSE $2::uuid END, $8
       FROM teams t WHERE t.name = $9 AND t.id IN (SELECT team_id FROM team_members WHERE user_id = $3)
     RETURNING id`,
    [
      randomBytes(18).toString('base64url').slice(0, 24),
      visit.admin.id,
      visit.customer.id,
      visit.reason,
      visit.daysAgo,
      IMPERSONATION_MINUTES,
      visit.minutes,
      visit.endReason,
      visit.team,
    ],
  );
  return row.id;
}

type Comment = { author: PersonRow; text: string; hoursAgo: number; impersonationId?: string };

/** On the record of that name in the author's team (or, for support, the visited team): names are not unique across teams. */
async function comment(manager: EntityManager, on: { business?: string; lead?: string }, entry: Comment): Promise<void> {
  const name = entry.impersonationId ? supportTeamName(fullName(toNames(entry.author))) : fullName(toNames(entry.author));
  const [table, parentColumn, parentTable, parentName] = on.business
    ? ['business_comments', 'business_id', 'businesses', on.business]
    : ['lead_comments', 'lead_id', 'leads', on.lead!];
  await manager.query(
    `INSERT INTO ${table} (team_id, ${parentColumn}, text, author_id, author_name, is_impersonated, impersonation_id, created_at)
     SELECT p.team_id, p.id, $1, $2, $3, $4, $5, now() - make_interval(hours => $6)
       FROM ${parentTable} p
      WHERE p.name = $7
        AND p.team_id IN (SELECT team_id FROM impersonations WHERE id = $5 UNION SELECT team_id FROM team_members WHERE user_id = $2)`,
    [entry.text, entry.author.id, name, Boolean(entry.impersonationId), entry.impersonationId ?? null, entry.hoursAgo, parentName],
  );
}

const toNames = (row: PersonRow) => ({ firstName: row.first_name, lastName: row.last_name });

/**
 * Conversations and a history of support access, so the demo shows what the product is for:
 * customers discussing their accounts, support's visits (ended, with their reasons) and the
 * comment support left during one, attributed as support.
 */
export async function seedDemoConversations(manager: EntityManager): Promise<void> {
  // One at a time: a transaction's connection runs one statement at a time.
  const people: PersonRow[] = [];
  for (const email of [
    'ada@vantage.demo',
    'grace@vantage.demo',
    'olivia@acme.demo',
    'marco@acme.demo',
    'ben@bluebird.demo',
    'tara@bluebird.demo',
  ]) {
    people.push(await person(manager, email));
  }
  const [ada, grace, olivia, marco, ben, tara] = people;

  const exportQuestion = await pastImpersonation(manager, {
    admin: ada,
    customer: olivia,
    team: 'Acme Logistics',
    reason: 'Olivia asked why Harbor Freight’s leads were missing from her export.',
    daysAgo: 3,
    minutes: 12,
    endReason: 'cancelled',
  });
  await pastImpersonation(manager, {
    admin: grace,
    customer: olivia,
    team: 'Acme Logistics',
    reason: 'Checking a duplicated business reported by email.',
    daysAgo: 9,
    minutes: IMPERSONATION_MINUTES,
    endReason: 'expired',
  });
  await pastImpersonation(manager, {
    admin: grace,
    customer: ben,
    team: 'Bluebird Bakery',
    reason: 'Ben could not change a lead’s status on his phone.',
    daysAgo: 5,
    minutes: 7,
    endReason: 'ended_by_admin',
  });

  await comment(
    manager,
    { business: 'Harbor Freight Co' },
    {
      author: olivia,
      text: 'Met Lena at the port expo. They are reviewing carriers in March — we should send our rates before then.',
      hoursAgo: 80,
    },
  );
  await comment(
    manager,
    { business: 'Harbor Freight Co' },
    {
      author: ada,
      text: 'Support here: the export skipped leads without an email. Both Harbor Freight leads now export; nothing was lost.',
      hoursAgo: 72,
      impersonationId: exportQuestion,
    },
  );
  await comment(
    manager,
    { business: 'Harbor Freight Co' },
    {
      author: marco,
      text: 'Rates sent on Monday. Lena wants a call next week to go through the reefer surcharge.',
      hoursAgo: 20,
    },
  );
  await comment(
    manager,
    { lead: 'Sasha Kim (Harbor Freight Co)' },
    {
      author: marco,
      text: 'Sasha handles the Boston side. Prefers email; out until the 14th.',
      hoursAgo: 44,
    },
  );
  await comment(
    manager,
    { business: 'Corner Café' },
    {
      author: tara,
      text: 'They liked the rye sample. Asking whether we can deliver at 11:00 as well as 6:30.',
      hoursAgo: 30,
    },
  );
  await comment(
    manager,
    { business: 'Corner Café' },
    {
      author: ben,
      text: 'Yes for 11:00 from next month, once the second van is on the road.',
      hoursAgo: 6,
    },
  );
}
