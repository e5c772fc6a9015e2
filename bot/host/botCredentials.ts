import { AppCredentials, AuthenticationConstants, ServiceClientCredentialsFactory, type AuthenticatorResult, type ServiceClientCredentials } from 'botframework-connector';
import { defaultScope, type BotIdentity } from '../identity/botIdentity';

/**
 * Bot Connector credentials from the bot's own identity (SingleTenant secret or certificate, or a
 * user-assigned managed identity): the same TokenCredential that Graph, billing and Blob Storage use.
 * AppCredentials keeps the token until five minutes before it expires and signs each outgoing request.
 */
class IdentityAppCredentials extends AppCredentials {
  constructor(
    private readonly identity: BotIdentity,
    scope: string,
  ) {
    super(identity.appId, identity.tenantId, scope);
  }

  async refreshToken(): Promise<AuthenticatorResult> {
    const token = await this.identity.credential.getToken(defaultScope(this.oAuthScope));
    if (!token) throw new Error(`No token for ${this.oAuthScope} from the bot's ${this.identity.kind} identity`);
    return { accessToken: token.token, expiresOn: new Date(token.expiresOnTimestamp) };
  }
}

/** What CloudAdapter asks for credentials: only the bot's own app id is valid, and its identity signs every call. */
export class IdentityCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(private readonly identity: BotIdentity) {
    super();
  }

  async isValidAppId(appId = ''): Promise<boolean> {
    return appId === this.identity.appId;
  }

  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }

  async createCredentials(appId: string, audience?: string): Promise<ServiceClientCredentials> {
    if (appId !== this.identity.appId) throw new Error('Invalid appId.');
    return new IdentityAppCredentials(this.identity, audience || AuthenticationConstants.ToChannelFromBotOAuthScope);
  }
}
