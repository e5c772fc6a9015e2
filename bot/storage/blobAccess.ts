import type { TokenCredential } from '@azure/core-auth';
import { ContainerClient } from '@azure/storage-blob';

/** How the bot reaches its Blob Storage account: a connection string, or the account URL and a token credential. */
export type BlobAccess = { connectionString: string } | { accountUrl: string; credential: TokenCredential };

/** The container's URL under an account URL (trailing slashes dropped). */
export const containerUrl = (accountUrl: string, containerName: string): string => `${accountUrl.replace(/\/+$/, '')}/${encodeURIComponent(containerName)}`;

/** A client for one container, whichever way the account is reached. */
export function containerClient(access: BlobAccess, containerName: string): ContainerClient {
  return 'connectionString' in access ? new ContainerClient(access.connectionString, containerName) : new ContainerClient(containerUrl(access.accountUrl, containerName), access.credential);
}
