import { PaymentsInitial1764600000000 } from './1764600000000-payments-initial';

export const paymentsMigrations = [PaymentsInitial1764600000000];
