import { BillingInitial1764300000002 } from './1764300000002-billing-initial';
import { BillingReports1764900000001 } from './1764900000001-billing-reports';

export const billingMigrations = [BillingInitial1764300000002, BillingReports1764900000001];
