/* global document, window, fetch, history, location, URLSearchParams */
// The orders page. The access token lives in the `session` variable below and nowhere else
// (no storage, no cookie): a reload gets a new one from POST /auth/token, which uses the
// HttpOnly refresh cookie the page itself can never read.

const CSRF_HEADERS = { 'X-Requested-With': 'fetch' };
/** Refresh this long before the access token expires, so a request never goes out with a token about to lapse. */
const EARLY_MS = 60_000;

const SIGN_IN_ERRORS = {
  expired: 'The sign-in took too long or was started in another tab. Please sign in again.',
  denied: 'The sign-in was cancelled, so you are not signed in.',
  failed: 'The sign-in did not succeed. Please try again.',
  unavailable: 'The sign-in service is not reachable right now. Please try again in a moment.',
};

/** In memory only: { accessToken, expiresAt } (expiresAt by this computer's clock). */
let session = null;
let user = null;
/** GET /api/me as the API sees the caller (object id, scopes, roles). */
let me = null;
let refreshing = null;
let refreshes = 0;

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** The session is over (no or expired refresh cookie): the page shows the sign-in card. */
class SignedOut extends Error {
  constructor(message) {
    super(message);
  }
}

const $ = (id) => document.getElementById(id);

function say(id, text) {
  const el = $(id);
  el.textContent = text ?? '';
  el.hidden = !text;
}

const showError = (text) => say('error', text);
const showNotice = (text) => say('notice', text);

function view(name) {
  for (const id of ['loading', 'signed-out', 'signed-in']) $(id).hidden = id !== name;
  $('account').hidden = name !== 'signed-in';
}

async function problemOf(res) {
  try {
    if ((res.headers.get('content-type') ?? '').includes('json')) return await res.json();
  } catch {
    // not JSON after all
  }
  return null;
}

/** An HTTP failure in words. The problem body's detail is shown as text, never as HTML. */
function describe(status, problem) {
  const fields = Array.isArray(problem?.errors) ? problem.errors.map((e) => e?.message).filter((m) => typeof m === 'string') : [];
  const detail = fields.length > 0 ? fields.join('; ') : typeof problem?.detail === 'string' && problem.detail !== '' ? problem.detail : undefined;
  switch (status) {
    case 400:
    case 422:
      return `The server did not accept this${detail === undefined ? '' : `: ${detail}`} (${status}).`;
    case 401:
      return 'Your session has expired. Please sign in again (401).';
    case 403:
      return 'You are not allowed to do this (403).';
    case 404:
      return 'This was not found (404).';
    case 429:
      return 'Too many requests. Wait a moment and try again (429).';
    case 503:
      return 'The service is not available right now. Try again in a moment (503).';
    default:
      return status >= 500 ? `The server had a problem (${status}). Try again later.` : `The request failed (${status}).`;
  }
}

const unreachable = () => new ApiError(0, 'The server cannot be reached. Check your connection and try again.');

function renderAccount() {
  if (user === null) return;
  $('user-name').textContent = user.name;
  $('user-username').textContent = user.username ?? '';
  $('tenant-id').textContent = user.tenantId;
}

function renderTokenInfo() {
  if (session === null) return;
  const until = new Date(session.expiresAt).toLocaleTimeString();
  $('token-info').textContent = `Access token held in this page's memory, valid until ${until} · obtained ${refreshes} time${refreshes === 1 ? '' : 's'} on this visit.`;
}

/** POST /auth/token, one at a time: concurrent callers share the same refresh. */
function refresh() {
  refreshing ??= (async () => {
    let res;
    try {
      res = await fetch('/auth/token', { method: 'POST', headers: CSRF_HEADERS, credentials: 'same-origin' });
    } catch {
      throw unreachable();
    }
    const body = await problemOf(res);
    if (res.status === 401) {
      session = null;
      throw new SignedOut(body?.code === 'session_ended' ? 'Your session has ended. Please sign in again.' : '');
    }
    if (!res.ok || body === null || typeof body.accessToken !== 'string') throw new ApiError(res.status, describe(res.status, body));
    // Timed by this computer's clock (expiresIn), which may differ from the server's (expiresAt).
    const expiresAt = typeof body.expiresIn === 'number' ? Date.now() + body.expiresIn * 1000 : Number(body.expiresAt);
    session = { accessToken: body.accessToken, expiresAt };
    user = body.user;
    refreshes += 1;
    renderAccount();
    renderTokenInfo();
    return session;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function accessToken() {
  if (session !== null && Date.now() < session.expiresAt - EARLY_MS) return session.accessToken;
  return (await refresh()).accessToken;
}

/** Calls the API with the Bearer token; on 401 refreshes once and retries. */
async function api(path, init = {}) {
  for (let attempt = 0; ; attempt += 1) {
    const token = await accessToken();
    let res;
    try {
      res = await fetch(path, { ...init, headers: { Accept: 'application/json', ...init.headers, Authorization: `Bearer ${token}` } });
    } catch {
      throw unreachable();
    }
    if (res.status === 401 && attempt === 0) {
      // Expired early, revoked, or the clock of this computer is off: a new token, one more try.
      session = null;
      continue;
    }
    if (!res.ok) throw new ApiError(res.status, describe(res.status, await problemOf(res)));
    return res.status === 204 ? null : res.json();
  }
}

/** Shows what went wrong; a session that ended sends the page back to the sign-in card. */
function fail(prefix, err) {
  if (err instanceof SignedOut || (err instanceof ApiError && err.status === 401)) {
    session = null;
    view('signed-out');
    showError(err.message || 'Your session has ended. Please sign in again.');
    return;
  }
  showError(`${prefix}: ${err instanceof Error ? err.message : String(err)}`);
}

function ordersOf(body) {
  if (Array.isArray(body)) return body;
  for (const key of ['orders', 'items', 'data', 'value']) if (body !== null && Array.isArray(body[key])) return body[key];
  return [];
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className !== undefined) td.className = className;
  return td;
}

function placedAt(order) {
  const when = order.createdAt ?? order.created_at;
  if (when === undefined || when === null) return '';
  const date = new Date(when);
  return Number.isNaN(date.getTime()) ? String(when) : date.toLocaleString();
}

function renderOrders(orders) {
  // Admins see their whole tenant's orders: then a column says whose each one is.
  const mine = (order) => me === null || order.ownerObjectId === undefined || order.ownerObjectId === me.objectId;
  const showOwner = orders.some((order) => !mine(order));
  $('owner-col').hidden = !showOwner;
  $('orders-title').textContent = Array.isArray(me?.roles) && me.roles.includes('Orders.Admin') ? 'Orders in your tenant' : 'Your orders';
  const body = $('orders-body');
  body.replaceChildren(
    ...orders.map((order) => {
      const tr = document.createElement('tr');
      tr.dataset.orderId = String(order.id ?? '');
      tr.append(cell(String(order.item ?? '')), cell(String(order.quantity ?? ''), 'num'), cell(placedAt(order), 'when'));
      if (showOwner) tr.append(cell(mine(order) ? 'you' : `another user (${String(order.ownerObjectId).slice(0, 8)}…)`, 'owner'));
      const id = cell(String(order.id ?? '').slice(0, 8), 'id');
      id.title = String(order.id ?? '');
      tr.append(id);
      return tr;
    }),
  );
  $('orders').hidden = orders.length === 0;
  $('orders-empty').hidden = orders.length !== 0;
}

async function loadOrders() {
  try {
    renderOrders(ordersOf(await api('/api/orders')));
  } catch (err) {
    fail('Your orders could not be loaded', err);
  }
}

async function loadMe() {
  try {
    me = await api('/api/me');
    const list = (v) => (Array.isArray(v) ? v.join(' ') : '');
    const parts = [];
    if (list(me?.scopes) !== '') parts.push(`Permissions: ${list(me.scopes)}`);
    if (list(me?.roles) !== '') parts.push(`Roles: ${list(me.roles)}`);
    $('permissions').textContent = parts.join(' · ');
    if (typeof me?.tenantId === 'string') $('tenant-id').textContent = me.tenantId;
  } catch (err) {
    fail('Your account could not be loaded', err);
  }
}

async function placeOrder(event) {
  event.preventDefault();
  showError('');
  showNotice('');
  const item = $('item').value.trim();
  const quantity = Number($('quantity').value);
  if (item === '') return showError('Enter the item you want to order.');
  if (!Number.isInteger(quantity) || quantity < 1) return showError('The quantity must be a whole number of at least 1.');
  const button = $('place-order');
  button.disabled = true;
  try {
    await api('/api/orders', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ item, quantity }) });
    showNotice(`Order placed: ${quantity} × ${item}.`);
    $('order-form').reset();
    await loadOrders();
  } catch (err) {
    fail('The order was not placed', err);
  } finally {
    button.disabled = false;
  }
}

async function signOut() {
  const button = $('sign-out');
  button.disabled = true;
  session = null;
  user = null;
  me = null;
  let target = '/?signed_out=1';
  try {
    const res = await fetch('/auth/logout', { method: 'POST', headers: CSRF_HEADERS, credentials: 'same-origin' });
    const body = await problemOf(res);
    if (res.ok && typeof body?.redirectTo === 'string') target = body.redirectTo;
  } catch {
    // signed out here anyway: the cookie is the server's to clear, and the next load shows the sign-in card
  }
  window.location.assign(target);
}

async function start() {
  $('order-form').addEventListener('submit', placeOrder);
  $('sign-out').addEventListener('click', signOut);
  $('reload').addEventListener('click', () => {
    showError('');
    showNotice('');
    void loadMe().then(loadOrders);
  });

  const params = new URLSearchParams(location.search);
  const signInError = params.get('signin_error');
  if (params.has('signed_out')) showNotice('You signed out.');
  if (signInError !== null) showError(Object.hasOwn(SIGN_IN_ERRORS, signInError) ? SIGN_IN_ERRORS[signInError] : SIGN_IN_ERRORS.failed);
  if (location.search !== '') history.replaceState(null, '', '/');

  try {
    await refresh();
  } catch (err) {
    view('signed-out');
    if (err instanceof SignedOut) {
      if (err.message !== '') showError(err.message);
    } else {
      showError(`You could not be signed in: ${err.message}`);
    }
    return;
  }
  view('signed-in');
  await loadMe();
  await loadOrders();
  document.body.dataset.ready = 'true';
}

void start();
