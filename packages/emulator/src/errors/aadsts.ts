/**
 * Every AADSTS error the emulator returns, in one table, so texts can be corrected from real
 * traces in one place (emulator spec §4.2). `{name}` placeholders are filled per request. Rows
 * marked [U] in the spec have wording or mapping that was not confirmed against real Entra.
 */
export interface AadstsEntry {
  /** The number after `AADSTS`, also the first `error_codes` entry. */
  readonly code: number;
  /** OAuth `error` value. */
  readonly error: string;
  readonly status: number;
  readonly message: string;
  readonly suberror?: string;
}

const define = <T extends Record<string, AadstsEntry>>(table: T): { readonly [K in keyof T]: AadstsEntry } => Object.freeze(table);

const NOT_INSTALLED =
  'This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.';

export const AADSTS = define({
  tenantNotFound: {
    code: 90002,
    error: 'invalid_tenant',
    status: 400,
    message:
      "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.",
  },
  tenantEmptyGuid: { code: 900021, error: 'invalid_tenant', status: 400, message: "Requested tenant identifier '{tenant}' is not valid. Tenant identifiers may not be an empty GUID." },
  invalidInstance: { code: 50049, error: 'invalid_instance', status: 400, message: 'Unknown or invalid instance.' },
  appNotFound: {
    code: 700016,
    error: 'unauthorized_client',
    status: 400,
    message: `Application with identifier '{appId}' was not found in the directory '{tenant}'. ${NOT_INSTALLED}`,
  },
  clientIdNotGuid: { code: 90112, error: 'invalid_request', status: 400, message: 'Application identifier is expected to be a GUID.' },
  invalidClientSecret: {
    code: 7000215,
    error: 'invalid_client',
    status: 401,
    message:
      "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{appId}'.",
  },
  expiredClientSecret: { code: 7000222, error: 'invalid_client', status: 401, message: "The provided client secret keys for app '{appId}' are expired. Visit the Azure portal to create new keys for your app." },
  missingClientCredential: { code: 7000218, error: 'invalid_client', status: 401, message: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'." },
  publicClientCredential: { code: 700025, error: 'invalid_client', status: 401, message: "Client is public so neither 'client_assertion' nor 'client_secret' should be presented." },
  assertionSignature: { code: 700027, error: 'invalid_client', status: 401, message: 'Client assertion failed signature validation.' },
  assertionTime: { code: 700024, error: 'invalid_client', status: 401, message: 'Client assertion is not within its valid time range. Current time: {now}, assertion valid from {nbf}, expiry time of assertion {exp}.' },
  assertionAudiences: { code: 5002741, error: 'invalid_client', status: 401, message: 'Number of audience values in the provided client credential exceed maximum allowed. {count} audience values provided, maximum allowed is 1.' },
  assertionAudience: { code: 700021, error: 'invalid_client', status: 401, message: "Client assertion audience claim does not match Realm issuer. Review the documentation at https://aka.ms/certCredentials ." },
  assertionMalformed: { code: 50027, error: 'invalid_request', status: 400, message: 'JWT token is invalid or malformed.' },
  assertionClaims: { code: 700023, error: 'invalid_client', status: 401, message: "Client assertion contains an invalid 'iss' or 'sub' claim; both must equal the client id." },
  missingParameter: { code: 900144, error: 'invalid_request', status: 400, message: "The request body must contain the following parameter: '{name}'." },
  malformedGrant: { code: 9002313, error: 'invalid_grant', status: 400, message: 'Invalid request. Request is malformed or invalid.' },
  unsupportedGrant: { code: 70003, error: 'unsupported_grant_type', status: 400, message: 'The app requested an unsupported grant type.' },
  grantOnCommon: {
    code: 9001023,
    error: 'invalid_request',
    status: 400,
    message: "The grant type isn't supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.",
  },
  clientCredentialsScope: {
    code: 1002012,
    error: 'invalid_scope',
    status: 400,
    message:
      'The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).',
  },
  invalidScope: { code: 70011, error: 'invalid_scope', status: 400, message: "The provided value for the input parameter 'scope' isn't valid. The scope {scope} isn't valid." },
  multipleResources: { code: 28000, error: 'invalid_scope', status: 400, message: 'Provided value for the input parameter scope is not valid because it contains more than one resource. Scope {scope} is not valid.' },
  scopeNotExposed: { code: 650053, error: 'invalid_client', status: 401, message: "The application '{name}' asked for scope '{scope}' that doesn't exist on the resource '{resource}'." },
  resourceNotFound: {
    code: 500011,
    error: 'invalid_resource',
    status: 400,
    message: `The resource principal named {resource} was not found in the tenant named {tenant}. ${NOT_INSTALLED}`,
  },
  appNotAssignedRole: { code: 501051, error: 'invalid_grant', status: 400, message: "Application '{appId}'({name}) is not assigned to a role for the application '{resource}'({resourceName})." },
  userNotAssigned: { code: 50105, error: 'invalid_request', status: 400, message: "The signed in user '{user}' is not assigned to a role for the application '{appId}'({name})." },
  consentRequired: {
    code: 65001,
    error: 'invalid_grant',
    status: 400,
    suberror: 'consent_required',
    message: "The user or administrator has not consented to use the application with ID '{appId}' named '{name}'. Send an interactive authorization request for this user and resource.",
  },
  consentRequiredInteractive: {
    code: 65001,
    error: 'consent_required',
    status: 400,
    message: "The user or administrator has not consented to use the application with ID '{appId}' named '{name}'. Send an interactive authorization request for this user and resource.",
  },
  consentDeclined: { code: 65004, error: 'access_denied', status: 400, message: 'User declined to consent to access the app.' },
  redirectMismatch: {
    code: 50011,
    error: 'invalid_request',
    status: 400,
    message: "The redirect URI '{uri}' specified in the request does not match the redirect URIs configured for the application '{appId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.",
  },
  redirectMismatchAtToken: { code: 500112, error: 'invalid_grant', status: 400, message: "The reply address '{uri}' does not match the reply address '{expected}' provided when requesting Authorization code." },
  responseTypeNotEnabled: { code: 700054, error: 'unsupported_response_type', status: 400, message: "response_type '{type}' is not enabled for the application." },
  unsupportedResponseType: { code: 900144, error: 'unsupported_response_type', status: 400, message: "The provided value for the input parameter 'response_type' is not allowed for this request. Expected values: code, id_token, code id_token, id_token token." },
  nonceRequired: { code: 900144, error: 'invalid_request', status: 400, message: "The request body must contain the following parameter: 'nonce'." },
  codeRedeemed: { code: 54005, error: 'invalid_grant', status: 400, message: 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.' },
  codeExpired: { code: 70008, error: 'invalid_grant', status: 400, message: 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.' },
  codeWrongTenant: { code: 700005, error: 'invalid_grant', status: 400, message: 'Provided Authorization Code is intended to use against other tenant, thus rejected.' },
  codeWrongClient: { code: 70000, error: 'invalid_grant', status: 400, message: 'Provided grant is invalid or malformed.' },
  pkceMismatch: { code: 501481, error: 'invalid_grant', status: 400, message: "The Code_Verifier doesn't match the code_challenge supplied in the authorization request." },
  pkceVerifierSize: { code: 501491, error: 'invalid_grant', status: 400, message: 'Invalid size of Code_Verifier parameter.' },
  refreshInactive: { code: 700082, error: 'invalid_grant', status: 400, message: 'The refresh token has expired due to inactivity. The token was issued on {issued} and was inactive for {inactive}.' },
  spaRefreshExpired: {
    code: 700084,
    error: 'invalid_grant',
    status: 400,
    message: "The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00, which can't be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page. The token was issued on {issued}.",
  },
  grantRevoked: { code: 50173, error: 'invalid_grant', status: 400, message: "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '{issued}' and the TokensValidFrom date (before which tokens are not valid) for this user is '{validFrom}'." },
  refreshReused: { code: 50173, error: 'invalid_grant', status: 400, message: "The provided grant has expired due to it being revoked, a fresh auth token is needed. The refresh token was already used to obtain a successor on '{used}'." },
  oboAudience: { code: 50013, error: 'invalid_grant', status: 400, message: 'Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was \'{aud}\' and the expected audience is \'{appId}\' or one of the Application Id URIs of this application.' },
  oboSignature: { code: 50013, error: 'invalid_grant', status: 400, message: 'Assertion failed signature validation.' },
  oboExpired: { code: 500133, error: 'invalid_grant', status: 400, message: 'Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token. Current time: {now}, expiry time of assertion {exp}.' },
  oboAppOnly: { code: 7000114, error: 'invalid_grant', status: 400, message: "Application '{appId}' isn't allowed to make application on-behalf-of calls." },
  oboIdToken: { code: 240002, error: 'invalid_grant', status: 400, message: 'Input id_token cannot be used as \'urn:ietf:params:oauth:grant-type:jwt-bearer\' grant.' },
  mfaRequired: {
    code: 50076,
    error: 'interaction_required',
    status: 400,
    message: "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '{resource}'.",
  },
  accountSelectionRequired: { code: 16000, error: 'interaction_required', status: 400, message: 'Either multiple user identities are available for the current request or selected account is not supported for the scenario.' },
  loginRequired: { code: 50058, error: 'login_required', status: 400, message: 'Session information is not sufficient for single-sign-on.' },
  invalidCredentials: { code: 50126, error: 'invalid_grant', status: 400, message: 'Error validating credentials due to invalid username or password.' },
  userNotInTenant: { code: 50020, error: 'access_denied', status: 400, message: "User account '{user}' from identity provider '{idp}' does not exist in tenant '{tenant}' and cannot access the application '{appId}'({name}) in that tenant." },
  userNotFound: { code: 50034, error: 'invalid_grant', status: 400, message: 'The user account {user} does not exist in the {tenant} directory. To sign into this application, the account must be added to the directory.' },
  devicePending: { code: 70016, error: 'authorization_pending', status: 400, message: 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.' },
  // [U] The code for a declined device flow is not documented; 70000 is Entra's generic invalid-grant code.
  deviceDeclined: { code: 70000, error: 'authorization_declined', status: 400, message: 'The end user denied the authorization request.' },
  deviceExpired: { code: 70019, error: 'expired_token', status: 400, message: 'Verification code expired.' },
  badVerificationCode: { code: 70018, error: 'bad_verification_code', status: 400, message: 'Invalid verification code.' },
  deviceFlowNotAllowed: { code: 7000218, error: 'invalid_client', status: 401, message: "The request body must contain the following parameter: 'client_assertion' or 'client_secret'." },
  notMultiTenant: {
    code: 50194,
    error: 'invalid_request',
    status: 400,
    message: "Application '{appId}'({name}) isn't configured as a multitenant application. Usage of the /common endpoint isn't supported for such applications created after '10/15/2018'. Use a tenant-specific endpoint or configure the application to be multitenant.",
  },
  selfByUri: { code: 90009, error: 'invalid_request', status: 400, message: "Application '{appId}'({name}) is requesting a token for itself. This scenario is supported only if resource is specified using the GUID based App Identifier." },
  spaNeedsOrigin: { code: 9002327, error: 'invalid_request', status: 400, message: "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests." },
  crossOriginNonSpa: { code: 9002326, error: 'invalid_request', status: 400, message: "Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: '{origin}'." },
  implicitNotEnabled: { code: 700054, error: 'unsupported_response_type', status: 400, message: "response_type 'id_token' is not enabled for the application." },
  temporarilyUnavailable: { code: 90033, error: 'temporarily_unavailable', status: 503, message: 'A transient error has occurred. Please try again.' },
  throttled: { code: 90055, error: 'temporarily_unavailable', status: 429, message: 'The request is throttled temporarily because of too many requests. Please try again later.' },
  serverError: { code: 90100, error: 'server_error', status: 500, message: 'An unexpected error occurred in the emulator: {detail}' },
});

/** The name of a row of {@link AADSTS}. */
export type AadstsName = keyof typeof AADSTS;

/** Whether `name` names a row of the table (for fault injection by name over HTTP). */
export function isAadstsName(name: string): name is AadstsName {
  return Object.hasOwn(AADSTS, name);
}
