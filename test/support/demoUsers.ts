import { CONTOSO, FOURTH_COFFEE, USERS, WINGTIP } from '../../bot/demo/demoData';
import type { TeamsUser } from './teamsActivities';

/** The demo tenant's people as Teams identifies them. */
export const alex: TeamsUser = { tenantId: CONTOSO, aadObjectId: USERS.alex, name: 'Alex Wilber', locale: 'en-US' };
export const megan: TeamsUser = { tenantId: CONTOSO, aadObjectId: USERS.megan, name: 'Megan Bowen', locale: 'en-US' };
export const adele: TeamsUser = { tenantId: CONTOSO, aadObjectId: USERS.adele, name: 'Adele Vance', locale: 'en-US' };
export const isaiah: TeamsUser = { tenantId: CONTOSO, aadObjectId: USERS.isaiah, name: 'Isaiah Langer', locale: 'en-US' };
export const wingtipAdmin: TeamsUser = { tenantId: WINGTIP, aadObjectId: USERS.wingtipAdmin, name: 'Wingtip Admin', locale: 'en-US' };
export const coffeeOwner: TeamsUser = { tenantId: FOURTH_COFFEE, aadObjectId: USERS.coffeeOwner, name: 'Coffee Owner', locale: 'en-US' };
export const coffeeReader: TeamsUser = { tenantId: FOURTH_COFFEE, aadObjectId: USERS.coffeeReader, name: 'Coffee Reader', locale: 'en-US' };
export const coffeeGlobalAdmin: TeamsUser = { tenantId: FOURTH_COFFEE, aadObjectId: USERS.coffeeGlobalAdmin, name: 'Coffee Global Admin', locale: 'en-US' };
