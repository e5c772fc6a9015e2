import { ActivityTypes, CallerIdConstants, Channels, CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type InvokeResponse, type ResourceResponse, type TurnContext } from 'botbuilder';
import {
  AuthenticationConfiguration,
  AuthenticationConstants,
  JwtTokenValidation,
  type AuthenticateRequestResult,
  type BotFrameworkAuthentication,
  type ClaimsIdentity,
  type ConnectorClient,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type { Config } from '../config/config';
import type { BotIdentity } from '../identity/botIdentity';
import { MULTITENANT_DEPRECATION } from '../identity/identityConfig';
import type { Localizer, Language } from '../i18n/i18n';
import type { Logger } from '../logging/logger';
import { IdentityCredentialsFactory } from './botCredentials';
import { ConnectorSender } from './connectorSender';
import { foreignIssuer, tenantIssuers } from './tokenIssuer';
import { turnLog } from './turnLog';

/**
 * A `{ failed: boolean }` marker the inbound handler puts in the turn state; onTurnError flips it so the
 * handler knows the turn failed (CloudAdapter swallows the error, and the context is revoked afterwards).
 */
export const TURN_FAILED = Symbol('turnFailed');
export interface TurnMarker {
  failed: boolean;
}

/** A promise the inbound handler puts in the turn state: resolves once the HTTP answer is written. */
export const TURN_ANSWERED = Symbol('turnAnswered');

/** The turn's observer (telemetry/observer.ts) the inbound handler puts in the turn state, for the domain bot. */
export const TURN_OBSERVER = Symbol('turnObserver');

/** The turn's traced ports (telemetry/instrumentedPorts.ts), with telemetry on. */
export const TURN_TRACING = Symbol('turnTracing');

export type AuthOutcome = { ok: true; result: AuthenticateRequestResult } | { ok: false; status: 401 | 503; reason: string };

/**
 * CloudAdapter whose two steps (authenticate, run the turn) the HTTP handler calls separately, so that
 * every authentication failure is a 401 (the stock `process` answers a bad signature with 500 and the
 * library's error text) and no internal message ever reaches the caller.
 */
export class GuardedAdapter extends CloudAdapter {
  /**
   * Connector clients by service URL and audience. CloudAdapter builds a new client (and HTTP pipeline)
   * for every turn; one per channel endpoint is enough, as the older BotFrameworkAdapter kept them.
   */
  private readonly connectors = new Map<string, Promise<ConnectorClient>>();

  /**
   * `homeTenant`: a single-tenant bot's tenant, whose Entra issuers it accepts besides the Bot Framework's.
   * `sender`: sends and updates messages (connectorSender.ts); without one, botbuilder's client does.
   */
  constructor(
    authentication: BotFrameworkAuthentication,
    private readonly homeTenant?: string,
    private readonly sender?: ConnectorSender,
  ) {
    super(authentication);
  }

  /** As CloudAdapter's, with messages posted by the lean sender, signed by the turn's connector credentials. */
  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const client = context.turnState.get(this.ConnectorClientKey) as ConnectorClient | undefined;
    if (!this.sender || !client) return super.sendActivities(context, activities);
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      if (!activity.serviceUrl || !activity.conversation?.id || isHandledByBase(activity)) {
        responses.push(...(await super.sendActivities(context, [activity])));
        continue;
      }
      delete activity.id;
      responses.push(await this.sender.send(activity.serviceUrl, client.credentials, activity));
    }
    return responses;
  }

  override async updateActivity(context: TurnContext, activity: Partial<Activity>): Promise<ResourceResponse | void> {
    const client = context.turnState.get(this.ConnectorClientKey) as ConnectorClient | undefined;
    if (!this.sender || !client || !activity.serviceUrl || !activity.conversation?.id || !activity.id) return super.updateActivity(context, activity);
    const response = await this.sender.update(activity.serviceUrl, client.credentials, activity);
    return response.id ? { id: response.id } : undefined;
  }

  /** Closes the sender's kept-alive connections. */
  close(): void {
    this.sender?.close();
  }

  async authenticate(activity: Activity, authHeader: string): Promise<AuthOutcome> {
    const foreign = this.homeTenant ? foreignIssuer(authHeader, this.homeTenant) : undefined;
    if (foreign) return { ok: false, status: 401, reason: foreign };
    try {
      const result = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
      const connectorFactory = result.connectorFactory && this.reusing(result.connectorFactory, result.claimsIdentity);
      return { ok: true, result: { ...result, connectorFactory } };
    } catch (e) {
      const err = e as { name?: string; message?: string; statusCode?: number };
      // The keys could not be loaded: our fault, not the caller's.
      if (err.statusCode === 500) return { ok: false, status: 503, reason: 'openid metadata unavailable' };
      return { ok: false, status: 401, reason: `${err.name ?? 'Error'}: ${(err.message ?? '').slice(0, 120)}` };
    }
  }

  private reusing(factory: ConnectorFactory, identity: ClaimsIdentity): ConnectorFactory {
    const appId = JwtTokenValidation.getAppIdFromClaims(identity.claims) ?? '';
    const create = (serviceUrl: string, audience?: string): Promise<ConnectorClient> => {
      const key = `${appId}|${audience ?? ''}|${serviceUrl}`;
      let client = this.connectors.get(key);
      if (!client) {
        if (this.connectors.size >= 200) this.connectors.delete(this.connectors.keys().next().value!);
        client = factory.create(serviceUrl, audience);
        client.catch(() => this.connectors.delete(key));
        this.connectors.set(key, client);
      }
      return client;
    };
    return Object.assign(Object.create(factory) as ConnectorFactory, { create });
  }

  async runTurn(auth: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

/** Delays, invoke responses and traces: CloudAdapter handles them without sending anything (or drops them). */
function isHandledByBase(activity: Partial<Activity>): boolean {
  return activity.type === 'delay' || activity.type === ActivityTypes.InvokeResponse || (activity.type === ActivityTypes.Trace && activity.channelId !== Channels.Emulator);
}

/**
 * CloudAdapter also builds a UserTokenClient (its own HTTP client and pipeline, a twentieth of a busy
 * bot's CPU) for every turn, for sign-in prompts this bot never shows. It depends only on the app id
 * (credentials and OAuth endpoint come from the configuration), so one per app id serves every turn.
 */
class ReusingBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly tokenClients = new Map<string, Promise<UserTokenClient>>();

  override createUserTokenClient(identity: ClaimsIdentity): Promise<UserTokenClient> {
    const appId = JwtTokenValidation.getAppIdFromClaims(identity.claims) ?? '';
    let client = this.tokenClients.get(appId);
    if (!client) {
      if (this.tokenClients.size >= 20) this.tokenClients.delete(this.tokenClients.keys().next().value!);
      client = super.createUserTokenClient(identity);
      client.catch(() => this.tokenClients.delete(appId));
      this.tokenClients.set(appId, client);
    }
    return client;
  }
}

/**
 * Bot Framework authentication settings. With BOT_OPENID_METADATA_URL or BOT_ENTRA_OPENID_METADATA_URL
 * (tests, sovereign clouds) every public-cloud value is spelled out.
 */
function authSettings(config: Config) {
  const identity = {
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    // No app id: authentication off, which botbuilder expresses as a MultiTenant factory without credentials.
    MicrosoftAppType: config.MicrosoftAppId ? config.MicrosoftAppType : 'MultiTenant',
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  };
  if (!config.BOT_OPENID_METADATA_URL && !config.BOT_ENTRA_OPENID_METADATA_URL) return identity;
  // Setting any endpoint switches botbuilder to "parameterized" mode, which then needs all of them.
  return {
    ...identity,
    ToBotFromChannelOpenIdMetadataUrl: config.BOT_OPENID_METADATA_URL ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: config.BOT_ENTRA_OPENID_METADATA_URL ?? AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ValidateAuthority: true,
  };
}

/** CloudAdapter with Bot Framework authentication (off when MicrosoftAppId is empty, for local tools). */
export function createAdapter(config: Config, log: Logger, localizer: Localizer, language: Language, identity?: BotIdentity): GuardedAdapter {
  if (!config.MicrosoftAppId) log.warn({}, 'MicrosoftAppId is empty: Bot Framework authentication is OFF (local use only)');
  else if (config.MicrosoftAppType === 'MultiTenant') log.warn({ MicrosoftAppType: 'MultiTenant' }, MULTITENANT_DEPRECATION);
  else log.info({ appType: config.MicrosoftAppType, identity: identity?.kind, tenantId: config.MicrosoftAppTenantId }, 'Bot Framework authentication on');
  if (config.BOT_OPENID_METADATA_URL) log.warn({ url: config.BOT_OPENID_METADATA_URL }, 'inbound token keys from a non-default OpenID metadata URL');
  if (config.BOT_ENTRA_OPENID_METADATA_URL) log.warn({ url: config.BOT_ENTRA_OPENID_METADATA_URL }, 'Entra token keys from a non-default OpenID metadata URL');
  // A single-tenant bot (SingleTenant or UserAssignedMSI) signs its calls with its own identity and accepts
  // Entra-issued tokens from its own tenant only; a legacy MultiTenant one is left to botbuilder as it was.
  const authentication = identity
    ? new ReusingBotFrameworkAuthentication(authSettings(config), new IdentityCredentialsFactory(identity), new AuthenticationConfiguration([], undefined, tenantIssuers(identity.tenantId)))
    : new ReusingBotFrameworkAuthentication(authSettings(config));
  const adapter = new GuardedAdapter(authentication, identity?.tenantId, new ConnectorSender());
  adapter.onTurnError = async (context, error) => {
    const marker = context.turnState.get(TURN_FAILED) as TurnMarker | undefined;
    if (marker) marker.failed = true;
    // Logged with the stack here; the user gets a plain apology, never internals.
    turnLog(context, log).error({ err: { name: error.name, message: error.message, stack: error.stack }, activityType: context.activity.type, activityId: context.activity.id }, 'unhandled turn error');
    if (context.activity.type === 'message') await context.sendActivity(localizer.t(language)('failure.text'));
  };
  return adapter;
}
