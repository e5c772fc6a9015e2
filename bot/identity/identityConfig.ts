import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional());
const optionalUrl = z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https?$/ }).optional());
const GUID = /^[0-9a-f]+(-[0-9a-f]+){4}$/i;

/**
 * The bot's own Entra identity: what the Azure Bot resource is registered with, and what the bot
 * uses for everything it calls (the Bot Connector; Graph, billing and Blob Storage when they are set to).
 * A fragment of the bot's settings (merge `identityConfigShape`, apply `refineIdentityConfig`).
 */
export const identityConfigShape = {
  /** The Azure Bot's Microsoft App ID (app registration client id, or the managed identity's client id). Empty: authentication off (local only). */
  MicrosoftAppId: z.string().default(''),
  /** Client secret of a SingleTenant app registration (or a certificate below). Never with UserAssignedMSI. */
  MicrosoftAppPassword: z.string().default(''),
  /**
   * SingleTenant (app registration with a secret or certificate) or UserAssignedMSI (a user-assigned managed
   * identity). MultiTenant still starts for registrations made before Azure stopped creating them (31 July 2025).
   */
  MicrosoftAppType: z.enum(['SingleTenant', 'UserAssignedMSI', 'MultiTenant']).default('SingleTenant'),
  /** Entra tenant of the app registration or managed identity. */
  MicrosoftAppTenantId: z.string().default(''),
  /** SingleTenant with a certificate: its thumbprint (hex; SHA-1, 40 digits, or SHA-256, 64 digits) and its private key (PEM file). */
  CertificateThumbprint: z.preprocess(
    (v) => (v === '' || v === undefined ? undefined : String(v).replace(/[\s:]/g, '').toUpperCase()),
    z.string().regex(/^([0-9A-F]{40}|[0-9A-F]{64})$/, 'must be the certificate thumbprint in hex: 40 digits (SHA-1) or 64 (SHA-256)').optional(),
  ),
  CertificatePrivateKeyFile: optionalString,
  /** TEST / SOVEREIGN-CLOUD ONLY: the Entra sign-in host the bot's identity gets its tokens from. */
  BOT_LOGIN_URL: optionalUrl,
  /** TEST / SOVEREIGN-CLOUD ONLY: OpenID metadata of Entra-issued tokens sent to the bot (its own tenant's). */
  BOT_ENTRA_OPENID_METADATA_URL: optionalUrl,
};

const shapeObject = z.object(identityConfigShape);
export type IdentityConfig = z.infer<typeof shapeObject>;

/** Cross-field rules, each naming the key that is missing or conflicts. */
export function refineIdentityConfig(c: IdentityConfig, ctx: z.RefinementCtx): void {
  const issue = (key: keyof IdentityConfig, message: string) => ctx.addIssue({ code: 'custom', path: [key], message });
  const certificate = c.CertificateThumbprint !== undefined || c.CertificatePrivateKeyFile !== undefined;
  if (certificate) {
    if (c.CertificateThumbprint === undefined) issue('CertificateThumbprint', 'is required with CertificatePrivateKeyFile (a certificate needs both parts)');
    if (c.CertificatePrivateKeyFile === undefined) issue('CertificatePrivateKeyFile', 'is required with CertificateThumbprint (a certificate needs both parts)');
    else if (!existsSync(c.CertificatePrivateKeyFile)) issue('CertificatePrivateKeyFile', `no such file: ${c.CertificatePrivateKeyFile}`);
    else if (!/-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(readFileSync(c.CertificatePrivateKeyFile, 'utf8'))) issue('CertificatePrivateKeyFile', 'must be a PEM file holding the private key');
  }
  // Without an app id authentication is off (local tools): nothing else applies.
  if (!c.MicrosoftAppId) return;
  const tenant = () => {
    if (!c.MicrosoftAppTenantId) issue('MicrosoftAppTenantId', `is required with MicrosoftAppType=${c.MicrosoftAppType} (the Entra tenant of the bot's identity)`);
    else if (!GUID.test(c.MicrosoftAppTenantId)) issue('MicrosoftAppTenantId', 'must be an Entra tenant id (GUID)');
  };
  switch (c.MicrosoftAppType) {
    case 'SingleTenant':
      tenant();
      if (!c.MicrosoftAppPassword && !certificate) issue('MicrosoftAppPassword', 'SingleTenant needs a client secret (MicrosoftAppPassword) or a certificate (CertificateThumbprint and CertificatePrivateKeyFile)');
      if (c.MicrosoftAppPassword && certificate) issue('MicrosoftAppPassword', 'set either a client secret or a certificate, not both');
      break;
    case 'UserAssignedMSI':
      tenant();
      if (c.MicrosoftAppPassword) issue('MicrosoftAppPassword', 'must be empty with UserAssignedMSI (the managed identity has no secret)');
      if (certificate) issue('CertificateThumbprint', 'must be empty with UserAssignedMSI (the managed identity has no certificate)');
      break;
    case 'MultiTenant':
      if (certificate) issue('CertificateThumbprint', 'certificates are supported with SingleTenant only');
      break;
  }
}

/** The one warning a MultiTenant registration gets at start-up: it still works, nobody can create a new one. */
export const MULTITENANT_DEPRECATION =
  'MicrosoftAppType=MultiTenant is deprecated: Azure has not created multi-tenant bots since 31 July 2025. This registration keeps working; a new deployment uses SingleTenant or UserAssignedMSI (docs/deploy.md)';
