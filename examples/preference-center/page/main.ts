/**
 * The preference-center page: sign in, see your details, edit what you may, save.
 *
 * Saving goes through `ProfileForm` (examples/contact-client.ts), which names each submission with
 * an Idempotency-Key, and the page does what the README's table says for each outcome:
 * OK shows "Saved" (the next Save is a new submission); INVALID puts each message next to its
 * field; FAIL shows SFMC's messages; UNKNOWN and retryable errors keep the edits and offer
 * "Try again", which resends the same input with the same key. Only OK replaces the edits.
 */
import type { UpdateContactInput } from '../../__generated__/graphql.js';
import { createContactsClient, ProfileForm, type SaveResult } from '../../contact-client.js';
import { type Consent, loadConsent, requestSmsOptIn, setTrackingOptOut, smsText, trackingText } from './consent.js';
import {
  type AttributeScalar,
  type EditableAttribute,
  type EditableGroup,
  loadEditableGroups,
  loadPerson,
  type Person,
} from './person.js';

interface Settings {
  graphqlUrl: string;
  writable: string[];
  suggestedContactKey: string;
}

interface Session {
  contactKey: string;
  token: string;
}

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const signInForm = byId<HTMLFormElement>('sign-in');
const contactKeyInput = byId<HTMLInputElement>('contact-key');
const signInStatus = byId<HTMLParagraphElement>('sign-in-status');
const profile = byId<HTMLElement>('profile');
const who = byId<HTMLParagraphElement>('who');
const details = byId<HTMLDListElement>('details');
const groupsBox = byId<HTMLDivElement>('groups');
const editForm = byId<HTMLFormElement>('edit');
const saveButton = byId<HTMLButtonElement>('save');
const tryAgainButton = byId<HTMLButtonElement>('try-again');
const signOutButton = byId<HTMLButtonElement>('sign-out');
const statusBox = byId<HTMLDivElement>('status');
const consentBox = byId<HTMLElement>('consent');
const trackingBox = byId<HTMLInputElement>('tracking-opt-out');
const trackingStatus = byId<HTMLParagraphElement>('tracking-status');
const smsForm = byId<HTMLFormElement>('sms-opt-in');
const smsNumber = byId<HTMLInputElement>('sms-number');
const smsNumberError = byId<HTMLParagraphElement>('sms-number-error');
const smsSubscriptions = byId<HTMLSpanElement>('sms-subscriptions');
const smsStatus = byId<HTMLParagraphElement>('sms-status');

const settings = (await (await fetch('/dev/settings')).json()) as Settings;
let session: Session | undefined;
const client = createContactsClient(settings.graphqlUrl, () => session?.token);
let form = new ProfileForm(client);

let person: Person | undefined;
let groups: EditableGroup[] = [];
/** The values as SFMC holds them (after loading, or after an OK): what "changed" is measured against. */
let saved: Record<string, Record<string, AttributeScalar>> = {};
/** The input of a submission whose outcome is not final (UNKNOWN, a retryable error): "Try again" resends it. */
let pending: UpdateContactInput | undefined;
let retryTimer: ReturnType<typeof setInterval> | undefined;

contactKeyInput.value = settings.suggestedContactKey;

/** `input.emailDemographics.firstName`: the userError field path of an attribute, and its input's name. */
const pathOf = (group: EditableGroup, attribute: EditableAttribute) => `input.${group.fieldName}.${attribute.fieldName}`;

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

signInForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  signInStatus.textContent = 'Signing in…';
  try {
    const answer = await fetch('/dev/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contactKey: contactKeyInput.value }),
    });
    if (!answer.ok) throw new Error('sign-in refused');
    const signedIn = (await answer.json()) as Session;
    const again = session !== undefined && person !== undefined && signedIn.contactKey === person.contactKey;
    session = signedIn;
    signInStatus.textContent = '';
    signInForm.hidden = true;
    profile.hidden = false;
    who.textContent = `Signed in as ${signedIn.contactKey}`;
    // Signed in again after UNAUTHENTICATED: the edits on screen stay, "Try again" sends them.
    if (!again) await loadProfile();
  } catch {
    signInStatus.textContent = 'Could not sign in. Please try again.';
  }
});

signOutButton.addEventListener('click', () => {
  session = undefined;
  person = undefined;
  pending = undefined;
  form = new ProfileForm(client);
  profile.hidden = true;
  consentBox.hidden = true;
  signInForm.hidden = false;
  who.textContent = '';
  showStatus(undefined, '');
});

async function loadProfile(): Promise<void> {
  showStatus(undefined, 'Loading your details…');
  groupsBox.replaceChildren();
  details.replaceChildren();
  saveButton.disabled = true;
  try {
    groups = await loadEditableGroups(client, settings.writable);
    const loaded = await loadPerson(client, groups);
    if (loaded === null) {
      showStatus('ERROR', 'We have no profile for you yet.');
      return;
    }
    person = loaded;
    renderConsent(await loadConsent(client));
  } catch {
    showStatus('ERROR', 'Your details could not be loaded. Please reload the page.');
    return;
  }
  saved = Object.fromEntries(groups.map((g) => [g.fieldName, { ...(person?.groups[g.fieldName] ?? {}) }]));
  renderDetails(person);
  renderGroups();
  form = new ProfileForm(client);
  pending = undefined;
  saveButton.disabled = false;
  showStatus(undefined, '');
}

function renderDetails(p: Person): void {
  const row = (term: string, value: string) => [element('dt', { textContent: term }), element('dd', { textContent: value })];
  const addresses = p.emailAddresses.map((a) => a.emailAddress).filter((a): a is string => !!a);
  details.replaceChildren(
    ...row('Contact key', p.contactKey),
    ...row('Contact id', p.contactId ?? '—'),
    ...row('Email addresses', addresses.join(', ') || '—'),
  );
}

function renderGroups(): void {
  if (groups.length === 0) {
    groupsBox.replaceChildren(element('p', { className: 'muted', textContent: 'There is nothing here you can change.' }));
    return;
  }
  groupsBox.replaceChildren(
    ...groups.map((group) =>
      element(
        'fieldset',
        {},
        element('legend', { textContent: group.name }),
        ...group.attributes.map((attribute) => renderField(group, attribute)),
      ),
    ),
  );
}

function renderField(group: EditableGroup, attribute: EditableAttribute): HTMLElement {
  const path = pathOf(group, attribute);
  const id = path.replaceAll('.', '-');
  const value = saved[group.fieldName]?.[attribute.fieldName] ?? null;
  const input = element('input', { id, name: path, title: attribute.description });
  input.setAttribute('aria-describedby', `${id}-error`);
  if (attribute.graphqlType === 'Boolean') {
    input.type = 'checkbox';
    input.checked = value === true;
  } else {
    input.value = value === null ? '' : String(value);
    if (attribute.graphqlType === 'Int' || attribute.graphqlType === 'Float') input.inputMode = 'decimal';
  }
  input.addEventListener('input', onEdit);
  return element(
    'div',
    { className: 'field' },
    element('label', { htmlFor: id, textContent: attribute.name }),
    input,
    element('p', { id: `${id}-error`, className: 'field-error' }),
  );
}

/** What the input holds, as the service's type wants it. Empty clears a nullable attribute. */
function fieldValue(input: HTMLInputElement, attribute: EditableAttribute): AttributeScalar {
  if (attribute.graphqlType === 'Boolean') return input.checked;
  if (input.value === '' && attribute.isNullable) return null;
  if ((attribute.graphqlType === 'Int' || attribute.graphqlType === 'Float') && /^-?\d+(\.\d+)?$/.test(input.value.trim())) {
    return Number(input.value);
  }
  // Sent as typed: a blank name or a word for a number comes back as a problem next to the field.
  return input.value;
}

/** The changed fields only: the service writes what is sent, and nothing else is touched. */
function changes(): UpdateContactInput | undefined {
  if (!person) return undefined;
  const input: Record<string, unknown> = { contactKey: person.contactKey };
  let any = false;
  for (const group of groups) {
    const row: Record<string, AttributeScalar> = {};
    for (const attribute of group.attributes) {
      const field = editForm.elements.namedItem(pathOf(group, attribute)) as HTMLInputElement | null;
      if (!field) continue;
      const value = fieldValue(field, attribute);
      if (value !== (saved[group.fieldName]?.[attribute.fieldName] ?? null)) row[attribute.fieldName] = value;
    }
    if (Object.keys(row).length > 0) {
      input[group.fieldName] = row;
      any = true;
    }
  }
  return any ? (input as UpdateContactInput) : undefined;
}

/** Editing after an unsettled outcome starts a new submission: new values, so a new Idempotency-Key. */
function onEdit(event: Event): void {
  const input = event.target as HTMLInputElement;
  input.removeAttribute('aria-invalid');
  const error = document.getElementById(`${input.id}-error`);
  if (error) error.textContent = '';
  if (pending) {
    pending = undefined;
    form = new ProfileForm(client);
    setTryAgain(false);
  }
}

editForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = changes();
  if (!input) {
    showStatus(undefined, 'Nothing has changed.');
    return;
  }
  await submit(input);
});

tryAgainButton.addEventListener('click', async () => {
  if (pending) await submit(pending);
});

async function submit(input: UpdateContactInput): Promise<void> {
  saveButton.disabled = true;
  setTryAgain(false);
  clearFieldErrors();
  showStatus(undefined, 'Saving…');
  const result = await form.save(input);
  saveButton.disabled = false;
  showResult(input, result);
}

function showResult(input: UpdateContactInput, result: SaveResult): void {
  if (result.saved) {
    pending = undefined;
    for (const group of groups) {
      const row = (input as Record<string, unknown>)[group.fieldName] as Record<string, AttributeScalar> | undefined;
      if (row) saved[group.fieldName] = { ...saved[group.fieldName], ...row };
    }
    const how = result.verification === 'READ_BACK' ? ' (confirmed by reading your profile back)' : '';
    showStatus('OK', `Saved${how}.`, result.requestId);
    return;
  }
  switch (result.reason) {
    case 'INVALID': {
      pending = undefined;
      const elsewhere: string[] = [];
      for (const problem of result.problems ?? []) {
        const field = editForm.elements.namedItem(problem.field) as HTMLInputElement | null;
        const error = field ? document.getElementById(`${field.id}-error`) : null;
        if (!field || !error) {
          elsewhere.push(problem.message);
          continue;
        }
        field.setAttribute('aria-invalid', 'true');
        error.textContent = error.textContent ? `${error.textContent} ${problem.message}` : problem.message;
      }
      showStatus('INVALID', 'Please check the highlighted fields. Nothing was saved.', result.requestId, elsewhere);
      return;
    }
    case 'FAIL':
      pending = undefined;
      showStatus(
        'FAIL',
        'Marketing Cloud refused the change; your edits are still here.',
        result.requestId,
        result.message ? [result.message] : [],
      );
      return;
    case 'UNAUTHENTICATED':
      // The token expired: sign in again, then "Try again" sends the same edits with the same key.
      pending = input;
      showStatus('RETRY', result.message, result.requestId);
      setTryAgain(true);
      signInForm.hidden = false;
      return;
    default:
      if (result.retryable) {
        pending = input;
        showStatus(result.reason === 'UNKNOWN' ? 'UNKNOWN' : 'RETRY', result.message, result.requestId);
        setTryAgain(true, result.retryAfterSeconds);
      } else {
        pending = undefined;
        showStatus('ERROR', `${result.message} Your edits are still here.`, result.requestId);
      }
  }
}

function setTryAgain(shown: boolean, waitSeconds = 0): void {
  clearInterval(retryTimer);
  tryAgainButton.hidden = !shown;
  tryAgainButton.textContent = 'Try again';
  tryAgainButton.disabled = false;
  if (!shown || waitSeconds <= 0) return;
  // A rate limit says how long to wait: the button counts down instead of sending early.
  let left = Math.ceil(waitSeconds);
  tryAgainButton.disabled = true;
  tryAgainButton.textContent = `Try again (${left} s)`;
  retryTimer = setInterval(() => {
    left -= 1;
    if (left > 0) {
      tryAgainButton.textContent = `Try again (${left} s)`;
      return;
    }
    clearInterval(retryTimer);
    tryAgainButton.textContent = 'Try again';
    tryAgainButton.disabled = false;
  }, 1000);
}

function clearFieldErrors(): void {
  for (const field of editForm.querySelectorAll('input[aria-invalid]')) field.removeAttribute('aria-invalid');
  for (const error of editForm.querySelectorAll('.field-error')) error.textContent = '';
}

/** The status line: its outcome (for styling and tests), the text, SFMC's or other messages, the request id for support. */
function showStatus(outcome: string | undefined, text: string, requestId?: string, messages: string[] = []): void {
  if (outcome === undefined) delete statusBox.dataset.outcome;
  else statusBox.dataset.outcome = outcome;
  statusBox.replaceChildren(text);
  if (messages.length > 0) statusBox.append(element('ul', {}, ...messages.map((m) => element('li', { textContent: m }))));
  if (requestId) statusBox.append(element('span', { className: 'request-id', textContent: `Request ${requestId}` }));
}

// ---- Consent: the controls of docs/frontend.md's preference-center table. ----

function renderConsent(consent: Consent | null): void {
  consentBox.hidden = consent === null;
  if (consent === null) return;
  trackingBox.checked = consent.trackingOptOut === true;
  trackingStatus.textContent = '';
  smsStatus.textContent = '';
  const numbers = consent.smsSubscriptions.map((s) => `${s.mobileNumber} (${s.keyword})`);
  smsSubscriptions.textContent = numbers.length > 0 ? `subscribed with ${numbers.join(', ')}` : 'not subscribed';
}

trackingBox.addEventListener('change', async () => {
  if (!person) return;
  const wanted = trackingBox.checked;
  trackingBox.disabled = true;
  trackingStatus.textContent = 'Saving…';
  try {
    const outcome = await setTrackingOptOut(client, person.contactKey, wanted);
    trackingStatus.dataset.outcome = outcome.operationStatus;
    trackingStatus.textContent = trackingText(outcome);
    // Only OK changes what SFMC holds for sure; otherwise the box goes back to what it held.
    if (outcome.operationStatus === 'OK') trackingBox.checked = outcome.trackingOptOut === true;
    else if (outcome.operationStatus !== 'UNKNOWN') trackingBox.checked = !wanted;
  } catch {
    trackingBox.checked = !wanted;
    trackingStatus.textContent = 'The change could not be sent. Please try again.';
  } finally {
    trackingBox.disabled = false;
  }
});

smsForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  smsNumber.removeAttribute('aria-invalid');
  smsNumberError.textContent = '';
  smsStatus.textContent = 'Sending…';
  try {
    const outcome = await requestSmsOptIn(client, smsNumber.value);
    smsStatus.dataset.outcome = outcome.operationStatus;
    const numberProblem = outcome.userErrors.find((e) => e.field.join('.') === 'input.mobileNumber');
    if (numberProblem) {
      smsNumber.setAttribute('aria-invalid', 'true');
      smsNumberError.textContent = numberProblem.message;
      smsStatus.textContent = 'Please check the number. Nothing was sent.';
      return;
    }
    smsStatus.textContent = smsText(outcome);
  } catch {
    smsStatus.textContent = 'The request could not be sent. Please try again.';
  }
});
