/** Environment variables the deployed stack sets on its functions, read when the config is. */
export const DEPLOYMENT_ENV = {
  /** The database, through RDS Proxy (or, for migrations, built from the database secret). */
  databaseUrl: 'DATABASE_URL',
  /** `true`: sign in with an RDS IAM token instead of a password. */
  databaseIamAuth: 'DATABASE_IAM_AUTH',
  /** The RDS credentials secret, for the one function that connects without the proxy. */
  databaseSecretArn: 'DATABASE_SECRET_ARN',
  /** A JSON secret whose keys become environment variables, such as `CLAIRLESS_PSK_KEY`. */
  appSecretArn: 'CLAIRLESS_SECRET_ARN',
  /** The API's base URL: notification callbacks point there. */
  apiUrl: 'CLAIRLESS_API_URL',
} as const;

/** The key the stack generates in the app secret: the PSK, written `${CLAIRLESS_PSK_KEY}` in the config. */
export const PSK_KEY_ENV = 'CLAIRLESS_PSK_KEY';
