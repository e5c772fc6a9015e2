/** Admin-center and documentation links quoted by the seeds (language-neutral fwlinks). */
export const LINKS = {
  adminCenter: 'https://go.microsoft.com/fwlink/p/?linkid=2024339',
  purchaseServices: 'https://go.microsoft.com/fwlink/p/?linkid=868433',
  yourProducts: 'https://go.microsoft.com/fwlink/p/?linkid=842054',
  partnerRelationships: 'https://go.microsoft.com/fwlink/p/?linkid=2074649',
  pinpoint: 'https://pinpoint.microsoft.com',
  removeRelationship: 'https://learn.microsoft.com/partner-center/remove-a-relationship',
  partnerCenterProfile: 'https://partner.microsoft.com/dashboard/account/v3/organization/legalinfo',
} as const;
