import { BillingInitial1764300000002 } from './1764300000002-billing-initial';

export const billingMigrations = [BillingInitial1764300000002];
