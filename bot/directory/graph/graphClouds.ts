/** National clouds the bot can talk to: sign-in host and Microsoft Graph host (DOMAIN.md §6). */
export const GRAPH_CLOUDS = {
  worldwide: { loginUrl: 'https://login.microsoftonline.com', graphUrl: 'https://graph.microsoft.com' },
  china21vianet: { loginUrl: 'https://login.chinacloudapi.cn', graphUrl: 'https://microsoftgraph.chinacloudapi.cn' },
} as const;

export type GraphCloud = keyof typeof GRAPH_CLOUDS;

export interface GraphEndpoints {
  loginUrl: string;
  graphUrl: string;
}

/** The cloud's hosts, each overridable (tests, proxies). Trailing slashes dropped. */
export function graphEndpoints(cloud: GraphCloud, overrides: Partial<GraphEndpoints> = {}): GraphEndpoints {
  const base = GRAPH_CLOUDS[cloud];
  return {
    loginUrl: (overrides.loginUrl ?? base.loginUrl).replace(/\/+$/, ''),
    graphUrl: (overrides.graphUrl ?? base.graphUrl).replace(/\/+$/, ''),
  };
}

/** Where a customer's admin grants the bot's app its Graph permissions for their tenant. */
export function adminConsentUrl(loginUrl: string, tenantId: string, clientId: string): string {
  return `${loginUrl}/${encodeURIComponent(tenantId)}/adminconsent?client_id=${encodeURIComponent(clientId)}`;
}
