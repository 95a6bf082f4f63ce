import { Logger } from '@nestjs/common';
import { INVITATION_DAYS, type LeadStatus, type Role, type TwoFactorMethod } from '@vantage/contracts';
import { newLinkToken } from '../common/link-token';
import { type DataSource, type EntityManager } from 'typeorm';
import { Business } from '../crm/business.entity';
import { Lead } from '../crm/lead.entity';
import { Team } from '../teams/team.entity';
import { TeamMember } from '../teams/team-member.entity';
import { User } from '../users/user.entity';
import { DEMO_BUSINESS_DESCRIPTIONS, DEMO_LEAD_CONTACTS, seedDemoConversations } from './demo-conversations';

type HashPassword = (password: string) => Promise<string>;
const logger = new Logger('Seed');

/** Creates the configured super admin, or promotes the existing account with that email. */
export async function ensureSuperAdmin(db: DataSource, hash: HashPassword, email: string, password: string): Promise<void> {
  const normalised = email.trim().toLowerCase();
  await db.transaction(async (manager) => {
    const existing = await manager
      .getRepository(User)
      .createQueryBuilder('u')
      .where('lower(u.email) = :email', { email: normalised })
      .getOne();
    if (existing) {
      if (existing.role !== 'super_admin') {
        await manager.getRepository(User).update({ id: existing.id }, { role: 'super_admin' });
        logger.log(`Promoted ${normalised} to super admin`);
      }
      return;
    }
    await createPerson(
      manager,
      { email: normalised, passwordHash: await hash(password), firstName: 'Super', lastName: 'Admin', role: 'super_admin' },
      'Vantage Operations',
    );
    logger.log(`Created super admin ${normalised}`);
  });
}

export const DEMO_PASSWORD = 'vantage-demo-2026';

export interface DemoLogin {
  email: string;
  role: string;
  note: string;
}

interface DemoPerson {
  email: string;
  firstName: string;
  lastName: string;
  role?: Role;
  twoFactorMethod?: TwoFactorMethod;
  impersonationAllowed?: boolean;
}

const STAFF: (DemoPerson & { note: string })[] = [
  {
    email: 'super@vantage.demo',
    firstName: 'Sam',
    lastName: 'Operator',
    role: 'super_admin',
    twoFactorMethod: 'email',
    note: 'super admin; 2FA by email (read the code in the dev mailbox)',
  },
  {
    email: 'ada@vantage.demo',
    firstName: 'Ada',
    lastName: 'Admin',
    role: 'admin',
    twoFactorMethod: 'email',
    note: 'support admin; 2FA by email',
  },
  {
    email: 'grace@vantage.demo',
    firstName: 'Grace',
    lastName: 'Hopper',
    role: 'admin',
    twoFactorMethod: 'email',
    note: 'support admin; 2FA by email',
  },
];

const CUSTOMER_TEAMS: { team: string; owner: DemoPerson; members: DemoPerson[]; businesses: string[] }[] = [
  {
    team: 'Acme Logistics',
    owner: { email: 'olivia@acme.demo', firstName: 'Olivia', lastName: 'Owens' },
    members: [{ email: 'marco@acme.demo', firstName: 'Marco', lastName: 'Mendes' }],
    businesses: ['Harbor Freight Co', 'Northwind Traders'],
  },
  {
    team: 'Bluebird Bakery',
    owner: { email: 'ben@bluebird.demo', firstName: 'Ben', lastName: 'Baker' },
    members: [{ email: 'tara@bluebird.demo', firstName: 'Tara', lastName: 'Tan' }],
    businesses: ['Corner Café', 'Sunrise Hotels'],
  },
  {
    team: 'Cobalt Consulting',
    owner: { email: 'chloe@cobalt.demo', firstName: 'Chloe', lastName: 'Chen', impersonationAllowed: false },
    members: [{ email: 'dev@cobalt.demo', firstName: 'Dev', lastName: 'Patel' }],
    businesses: ['Orbit Analytics'],
  },
  {
    team: 'Delta Dental Group',
    owner: { email: 'diego@delta.demo', firstName: 'Diego', lastName: 'Diaz' },
    members: [],
    businesses: ['Smile Clinic', 'Bright Teeth Labs'],
  },
  {
    team: 'Evergreen Realty',
    owner: { email: 'emma@evergreen.demo', firstName: 'Emma', lastName: 'Evans' },
    members: [{ email: 'finn@evergreen.demo', firstName: 'Finn', lastName: 'Foster' }],
    businesses: ['Maple Apartments'],
  },
  {
    team: 'Fjord Fitness',
    owner: { email: 'freya@fjord.demo', firstName: 'Freya', lastName: 'Nilsen' },
    members: [],
    businesses: ['Peak Gym', 'Zen Yoga Studio'],
  },
];

const LEAD_STATUSES: LeadStatus[] = ['new', 'contacted', 'qualified', 'won', 'lost'];

/** The demo accounts a newcomer can sign in as, in the order they are printed at every start. */
export function demoLogins(): DemoLogin[] {
  const logins: DemoLogin[] = STAFF.map((person) => ({ email: person.email, role: person.role!, note: person.note }));
  for (const spec of CUSTOMER_TEAMS) {
    logins.push({
      email: spec.owner.email,
      role: 'user',
      note: `owner of ${spec.team}${spec.owner.impersonationAllowed === false ? '; has switched support access off' : ''}`,
    });
    for (const member of spec.members) logins.push({ email: member.email, role: 'user', note: `member of ${spec.team}` });
  }
  const marco = logins.find((login) => login.email === 'marco@acme.demo');
  if (marco) marco.note = 'member of Acme Logistics and of Bluebird Bakery';
  return logins;
}

/** Seeds demo data into an empty database, once. Returns whether it seeded (false: the data was already there). */
export async function seedDemoData(db: DataSource, hash: HashPassword, appUrl: string): Promise<boolean> {
  const [{ count }] = await db.query<{ count: number }[]>(`SELECT count(*)::int AS count FROM users WHERE email LIKE '%.demo'`);
  if (count > 0) return false;
  const passwordHash = await hash(DEMO_PASSWORD);
  await db.transaction(async (manager) => {
    for (const person of STAFF) {
      await createPerson(manager, { ...person, passwordHash }, `${person.firstName}'s Support Desk`);
    }
    let leadNumber = 0;
    for (const spec of CUSTOMER_TEAMS) {
      const { team } = await createPerson(manager, { ...spec.owner, passwordHash }, spec.team);
      for (const member of spec.members) {
        const { user } = await createPerson(manager, { ...member, passwordHash }, null);
        await manager.getRepository(TeamMember).insert({ teamId: team.id, userId: user.id, role: 'member' });
        await manager.getRepository(User).update({ id: user.id }, { currentTeamId: team.id });
      }
      for (const name of spec.businesses) {
        const business = await manager
          .getRepository(Business)
          .save(manager.getRepository(Business).create({ teamId: team.id, name, description: DEMO_BUSINESS_DESCRIPTIONS[name] ?? null }));
        for (let lead = 0; lead < 2; lead += 1) {
          leadNumber += 1;
          const contact = DEMO_LEAD_CONTACTS[leadNumber % DEMO_LEAD_CONTACTS.length];
          await manager.getRepository(Lead).insert({
            teamId: team.id,
            businessId: business.id,
            name: `${contact} (${name})`,
            email: `${contact.split(' ')[0].toLowerCase()}@${name.toLowerCase().replace(/[^a-z]+/g, '')}.example`,
            status: LEAD_STATUSES[leadNumber % LEAD_STATUSES.length],
          });
        }
      }
    }
    await seedMembership(manager, appUrl);
    await seedDemoConversations(manager);
  });
  return true;
}

/**
 * So a newcomer sees teams being shared: Marco of Acme also works in Bluebird Bakery, and Acme has a
 * pending invitation (its link is only printed here; the token is stored hashed, as every link is).
 */
async function seedMembership(manager: EntityManager, appUrl: string): Promise<void> {
  // Teams are found through their demo owners, not by name: another customer's team may share the name.
  await manager.query(
    `INSERT INTO team_members (team_id, user_id, role)
     SELECT t.id, u.id, 'member' FROM teams t, users u
      WHERE u.email = 'marco@acme.demo'
        AND t.id = (SELECT m.team_id FROM team_members m JOIN users o ON o.id = m.user_id WHERE o.email = 'ben@bluebird.demo' AND m.role = 'owner')`,
  );
  const { token, hash } = newLinkToken();
  await manager.query(
    `INSERT INTO team_invitations (team_id, email, role, token_hash, invited_by_id, expires_at)
     SELECT m.team_id, 'nina@newcomer.demo', 'member', $1, u.id, now() + make_interval(days => $2)
       FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.role = 'owner' AND u.email = 'olivia@acme.demo'`,
    [hash, INVITATION_DAYS],
  );
  logger.log(`Pending invitation of nina@newcomer.demo to Acme Logistics: open ${appUrl}/invitations/${token} to accept it as Nina`);
}

async function createPerson(
  manager: EntityManager,
  person: DemoPerson & { passwordHash: string },
  teamName: string | null,
): Promise<{ user: User; team: Team }> {
  const user = await manager.getRepository(User).save(
    manager.getRepository(User).create({
      email: person.email,
      passwordHash: person.passwordHash,
      firstName: person.firstName,
      lastName: person.lastName,
      role: person.role ?? 'user',
      impersonationAllowed: person.impersonationAllowed ?? true,
      isTwoFactorEnabled: Boolean(person.twoFactorMethod),
      twoFactorMethod: person.twoFactorMethod ?? null,
    }),
  );
  let team = null as unknown as Team;
  if (teamName) {
    team = await manager.getRepository(Team).save(manager.getRepository(Team).create({ name: teamName }));
    await manager.getRepository(TeamMember).insert({ teamId: team.id, userId: user.id, role: 'owner' });
    await manager.getRepository(User).update({ id: user.id }, { currentTeamId: team.id });
  }
  return { user, team };
}
