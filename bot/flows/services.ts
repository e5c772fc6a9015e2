import type { AuditTrail } from '../audit/auditTrail';
import type { BillingService } from '../billing/billingService';
import type { CardRenderer } from '../cards/cardRenderer';
import type { Collaboration } from '../collaboration/collaboration';
import type { DirectoryService } from '../directory/directoryService';
import type { Language, Localizer } from '../i18n/i18n';
import type { Logger } from '../logging/logger';
import type { Messenger } from '../messaging/messenger';
import type { RequestParser } from '../nlu/intents';
import type { LanguageModelReader } from '../nlu/llm/languageModelReader';
import type { Store } from '../storage/store';
import type { TurnObserver } from '../telemetry/observer';
import type { BackgroundTasks } from './backgroundTasks';

/** The ports and helpers the flows depend on; wired once at start-up. */
export interface FlowServices {
  billing: BillingService;
  directory: DirectoryService;
  store: Store;
  audit: AuditTrail;
  messenger: Messenger;
  cards: CardRenderer;
  localizer: Localizer;
  parse: RequestParser;
  /** A language model that reads the messages the classifier is unsure about (NLU_LLM); absent when off. */
  languageModel?: LanguageModelReader;
  log: Logger;
  defaultLanguage: Language;
  now: () => Date;
  newId: () => string;
  /** Exactly-once change handling across slow backends, crashes and several instances. */
  resilience: {
    /** This process; written into the lease of the changes it applies. */
    instanceId: string;
    applyLeaseMs: number;
    /** Answer a confirm with "applying…" when the change takes longer than this. */
    confirmAckMs: number;
    background: BackgroundTasks;
  };
  /** Facts about the current turn for operators (intent, decision, flow, outcome); the host sets one per turn. */
  observer: TurnObserver;
  /** Partners, offers and the helpdesk handoff (set by the app once its outbox is built). */
  collaboration?: Collaboration;
}
