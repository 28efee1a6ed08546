/** Development-only JWT secret shared by `npm start` and `npm run token` when JWT_SECRET is unset. */
export const DEV_JWT_SECRET = 'dev-only-secret-do-not-use-in-production-0123456789';
