import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../bot/app';
import { loadConfig } from '../../bot/config/config';
import { createLogger } from '../../bot/logging/logger';
import { startServer, type RunningServer } from '../../bot/server/server';
import { cardOf } from './cards';
import { LocalConnector } from './localConnector';
import { activityBase, cardAction, message, type TeamsUser } from './teamsActivities';

/** The playground's built-in helpdesk team: its General channel has the team's id. */
export const HELPDESK_CHANNEL = '19:contoso-my-team-general@thread.tacv2';

/**
 * The real bot on loopback with one local connector that outlives bot restarts, so that admins,
 * partners and the helpdesk channel talk to it at once, and a restart can happen in the middle.
 */
export class TeamsWorld {
  readonly connector = new LocalConnector();
  app!: App;
  private server?: RunningServer;
  readonly dataDir = mkdtempSync(join(tmpdir(), 'por-world-'));

  constructor(private readonly env: Record<string, string> = {}) {}

  async start(): Promise<this> {
    await this.connector.start();
    await this.startBot();
    return this;
  }

  private async startBot(): Promise<void> {
    const config = loadConfig({
      PORT: '0',
      DATA_DIR: this.dataDir,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      OUTBOX_RETRY_BASE_MS: '50',
      OUTBOX_POLL_MS: '100',
      ...this.env,
    });
    const log = createLogger(config.LOG_LEVEL);
    this.app = await createApp(config, log);
    this.server = await startServer(config, this.app, log);
  }

  /** Stops the bot (its outbox stays in the data folder) and starts a new process on the same data. */
  async restart(): Promise<void> {
    await this.server?.close();
    await this.app.close();
    await this.startBot();
  }

  async stop(): Promise<void> {
    await this.server?.close();
    await this.app?.close();
    await this.connector.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  async post(activity: object): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.server!.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  /** A personal-chat message; returns what the bot posted to that chat during the turn. */
  async say(user: TeamsUser, text: string): Promise<any[]> {
    const activity = message(user, this.connector.url, text);
    const before = this.connector.received.length;
    const res = await this.post(activity);
    if (res.status !== 200) throw new Error(`bot answered ${res.status}`);
    return this.connector.received.slice(before).filter((r) => r.conversationId === activity.conversation.id).map((r) => r.body);
  }

  /** Clicks an Action.Execute button on the card with message id `cardId`; returns the card it turned into. */
  async click(user: TeamsUser, card: any, verb: string, cardId: string, inputs: Record<string, unknown> = {}): Promise<{ card: any; status: number; body: any }> {
    const action = (card.actions ?? []).find((a: any) => a.verb === verb);
    if (!action) throw new Error(`No ${verb} on card: ${JSON.stringify(card).slice(0, 400)}`);
    const res = await this.post(cardAction(user, this.connector.url, verb, { ...action.data, ...inputs }, cardId));
    return { card: res.body?.type === 'application/vnd.microsoft.card.adaptive' ? res.body.value : undefined, status: res.status, body: res.body };
  }

  /** Cards posted (not updated) to a conversation, each with the message id the connector gave it. */
  cardsIn(conversationId: string): { id: string; card: any }[] {
    return this.connector.received
      .filter((r) => r.method === 'POST' && r.conversationId === conversationId && cardOf(r.body))
      .map((r) => ({ id: this.idOf(r), card: cardOf(r.body) }));
  }

  textsIn(conversationId: string): string[] {
    return this.connector.received.filter((r) => r.method === 'POST' && r.conversationId === conversationId && typeof r.body?.text === 'string').map((r) => r.body.text);
  }

  /** Card updates (PUT) of one message. */
  updatesOf(conversationId: string, activityId: string): any[] {
    return this.connector.received.filter((r) => r.method === 'PUT' && r.conversationId === conversationId && r.activityId === activityId).map((r) => cardOf(r.body));
  }

  /** The connector numbers its answers: the id it returned for the n-th received request. */
  private idOf(r: { body: any }): string {
    return this.connector.idFor(r.body);
  }

  async until<T>(probe: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value) return value;
      if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

/** Someone in the helpdesk team, writing in the channel (in a ticket's thread) or clicking its cards. */
export function channelActivity(user: TeamsUser, serviceUrl: string, conversationId: string, extra: Record<string, unknown>) {
  return {
    ...activityBase(user, serviceUrl, { id: conversationId, conversationType: 'channel', isGroup: true, tenantId: user.tenantId }),
    channelData: { tenant: { id: user.tenantId }, team: { id: HELPDESK_CHANNEL }, channel: { id: HELPDESK_CHANNEL } },
    ...extra,
  };
}
