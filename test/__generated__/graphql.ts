/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** An attribute group the schema does not type (a tenant group), by its SFMC name. */
export type AttributeSetInput = {
  /** The rows to write. */
  items: Array<AttributeSetItemInput>;
  /** The SFMC attribute group name, e.g. "Preferences". */
  name: string;
};

/** One row of an attribute group. */
export type AttributeSetItemInput = {
  /** The attributes of the row. */
  values: Array<AttributeValueInput>;
};

/** One SFMC attribute by its SFMC name, for attributes the schema does not type. */
export type AttributeValueInput = {
  /** The SFMC attribute name, e.g. "Number Profile Attribute". */
  name: string;
  /** The value to write. */
  value: string | number | boolean;
};

/** Whose contacts a deletion or restriction names. */
export type ContactOperationInput = {
  /** The contact keys (at most 100). Admins must give them; a self-service caller leaves it out (or gives their own key alone): their own contact. */
  contactKeys?: Array<string> | null | undefined;
};

/** What a ContactOperation does. */
export type ContactOperationKind =
  /** Deletes the contacts: suppressed first (restorable for restorableDays), then deleted everywhere. */
  | 'DELETE'
  /** Restricts the processing of the contacts: kept, but not processed (GDPR art. 18). */
  | 'RESTRICT';

/** Where an operation is, from SFMC's two phases (suppression, then deletion) as one status. SFMC processes one operation at a time; one can take hours. */
export type ContactOperationStatus =
  /** The deletion was stopped and the contacts restored. */
  | 'ABORTED'
  /** The contacts are deleted. This cannot be undone. */
  | 'DELETED'
  /** SFMC is deleting the contacts from every channel, list and journey (also an undocumented SFMC value). */
  | 'DELETING'
  /** SFMC declared the operation invalid; nothing more will happen to it. */
  | 'INVALID'
  /** Waiting: SFMC has not suppressed the contacts yet (phase 1 pending). */
  | 'QUEUED'
  /** A restriction in effect: SFMC no longer processes the contacts. */
  | 'RESTRICTED'
  /** The contacts are suppressed and can still be restored (restorableDays); deletion has not started. */
  | 'SUPPRESSED';

/** Email addresses of the contact. Many rows per contact. SFMC attribute group "Email Addresses". */
export type EmailAddressesInput = {
  /** The email address. Identifies the row. SFMC attribute "Email Address", EmailAddress (at most 254 characters). */
  emailAddress: string;
  /** Attributes of "Email Addresses" that this schema does not type (a tenant's own), by SFMC name. */
  extraAttributes?: Array<AttributeValueInput> | null | undefined;
  /** Whether the contact receives HTML email at this address. SFMC attribute "HTML Enabled", Boolean. */
  htmlEnabled?: boolean | null | undefined;
};

/** Profile attributes of the contact; a tenant's own profile attributes go in extraAttributes. One row per contact. SFMC attribute group "Email Demographics". */
export type EmailDemographicsInput = {
  /** Attributes of "Email Demographics" that this schema does not type (a tenant's own), by SFMC name. */
  extraAttributes?: Array<AttributeValueInput> | null | undefined;
  /** First name. SFMC attribute "First Name", Text (at most 100 characters). */
  firstName?: string | null | undefined;
  /** Last name. SFMC attribute "Last Name", Text (at most 100 characters). */
  lastName?: string | null | undefined;
};

/** LINE addresses of the contact. Many rows per contact. SFMC attribute group "GroupConnect LINE Addresses". */
export type GroupConnectLineAddressesInput = {
  /** The LINE address id, as returned by the LINE API. Identifies the row. SFMC attribute "Address ID", Text (at most 100 characters). */
  addressId: string;
  /** Attributes of "GroupConnect LINE Addresses" that this schema does not type (a tenant's own), by SFMC name. */
  extraAttributes?: Array<AttributeValueInput> | null | undefined;
};

/** LINE profile of each LINE address. Many rows per contact. SFMC attribute group "GroupConnect LINE Demographics". */
export type GroupConnectLineDemographicsInput = {
  /** The LINE address id, as returned by the LINE API. Identifies the row. SFMC attribute "Address ID", Text (at most 100 characters). */
  addressId: string;
  /** LINE display name. SFMC attribute "Display Name", Text (at most 200 characters). */
  displayName?: string | null | undefined;
  /** Attributes of "GroupConnect LINE Demographics" that this schema does not type (a tenant's own), by SFMC name. */
  extraAttributes?: Array<AttributeValueInput> | null | undefined;
  /** LINE profile picture URL. SFMC attribute "Picture Url", Text (at most 200 characters). */
  pictureUrl?: string | null | undefined;
  /** LINE status message. SFMC attribute "Status Message", Text (at most 200 characters). */
  statusMessage?: string | null | undefined;
};

/** LINE channel subscriptions of the contact. Many rows per contact. SFMC attribute group "GroupConnect LINE Subscriptions". */
export type GroupConnectLineSubscriptionsInput = {
  /** The LINE address id, as returned by the LINE API. Identifies the row. SFMC attribute "Address ID", Text (at most 100 characters). */
  addressId: string;
  /** The LINE channel id. Identifies the row. SFMC attribute "Channel ID", Text. */
  channelId: string;
  /** Attributes of "GroupConnect LINE Subscriptions" that this schema does not type (a tenant's own), by SFMC name. */
  extraAttributes?: Array<AttributeValueInput> | null | undefined;
};

/** SMS (MobileConnect) numbers of the contact. Many rows per contact. SFMC attribute group "MobileConnect Demographics". */
export type MobileConnectDemographicsInput = {
  /** City. SFMC attribute "City", Text (at most 200 characters). */
  city?: string | null | undefined;
  /** Attributes of "MobileConnect Demographics" that this schema does not type (a tenant's own), by SFMC name. */
  extraAttributes?: Array<AttributeValueInput> | null | undefined;
  /** First name. SFMC attribute "First Name", Text (at most 100 characters). */
  firstName?: string | null | undefined;
  /** Whether daylight saving time applies. SFMC attribute "Is Honor DST", Boolean. */
  isHonorDst?: boolean | null | undefined;
  /** Last name. SFMC attribute "Last Name", Text (at most 100 characters). */
  lastName?: string | null | undefined;
  /** Two-letter country code of the number, e.g. "US"; needed when the number is new. SFMC attribute "Locale", Text (at most 2 characters). */
  locale?: string | null | undefined;
  /** The mobile number. Identifies the row. SFMC attribute "Mobile Number", Phone (at most 15 characters). */
  mobileNumber: string;
  /** State or region. SFMC attribute "State", Text (at most 200 characters). */
  state?: string | null | undefined;
  /** Channel status code (0-255). SFMC attribute "Status", Byte. */
  status?: number | null | undefined;
  /** Offset from UTC in hours, e.g. -5. SFMC attribute "UTC Offset", Decimal. */
  utcOffset?: number | null | undefined;
  /** Postal code. SFMC attribute "Zip Code", Text (at most 20 characters). */
  zipCode?: string | null | undefined;
};

/** Push (MobilePush) devices of the contact. Many rows per contact. SFMC attribute group "MobilePush Demographics". */
export type MobilePushDemographicsInput = {
  /** The MobilePush application id. Identifies the row. SFMC attribute "Application", Text (at most 38 characters). */
  application: string;
  /** City. SFMC attribute "City", Text (at most 200 characters). */
  city?: string | null | undefined;
  /** The device id registered by the MobilePush SDK. Identifies the row. SFMC attribute "Device ID", Text (at most 200 characters). */
  deviceId: string;
  /** Attributes of "MobilePush Demographics" that this schema does not type (a tenant's own), by SFMC name. */
  extraAttributes?: Array<AttributeValueInput> | null | undefined;
  /** First name. SFMC attribute "First Name", Text (at most 100 characters). */
  firstName?: string | null | undefined;
  /** Whether daylight saving time applies. SFMC attribute "Is Honor DST", Boolean. */
  isHonorDst?: boolean | null | undefined;
  /** Last name. SFMC attribute "Last Name", Text (at most 100 characters). */
  lastName?: string | null | undefined;
  /** State or region. SFMC attribute "State", Text (at most 200 characters). */
  state?: string | null | undefined;
  /** Channel status code (0-255). SFMC attribute "Status", Byte. */
  status?: number | null | undefined;
  /** Offset from UTC in hours, e.g. -5. SFMC attribute "UTC Offset", Decimal. */
  utcOffset?: number | null | undefined;
  /** Postal code. SFMC attribute "Zip Code", Text (at most 20 characters). */
  zipCode?: string | null | undefined;
};

/** How the update ended. A frontend should keep the person's edits unless it is OK. */
export type OperationStatus =
  /** SFMC refused the update; messages say why. Nothing was applied. */
  | 'FAIL'
  /** The input was refused before anything was sent to SFMC; userErrors say where and why. Nothing was applied, and sending the same input again is refused again. */
  | 'INVALID'
  /** updateContacts only: the update was not sent (SFMC refused this service's credentials, or calls to it are paused after repeated faults) or SFMC provably did not process it. Nothing was applied; retryable: send it again later. */
  | 'NOT_SENT'
  /** SFMC applied the update. */
  | 'OK'
  /** The outcome cannot be known (e.g. the connection was lost after the update was sent). It may or may not have been applied; see retryable. */
  | 'UNKNOWN';

/** How the operationStatus of an update is known. */
export type OutcomeVerification =
  /** SFMC's answer was lost (or this is a resend after an UNKNOWN outcome): the contact was read back and holds every value sent. */
  | 'READ_BACK'
  /** From SFMC's answer to the update. */
  | 'SFMC_RESPONSE';

/** A web form's SMS opt-in: SFMC texts the number a confirmation (double opt-in) for the program's short code and keyword. A self-service caller's number is subscribed under their own contact key. */
export type RequestSmsOptInInput = {
  /** The program's opt-in keyword, e.g. "JOIN". */
  keyword: string;
  /** The mobile number, country code first: 8 to 15 digits; spaces, dashes, dots, parentheses and a leading + are dropped. */
  mobileNumber: string;
  /** The program's short (or long) code, digits. */
  shortCode: string;
};

/** Whose tracking opt-out to set, and to what. A self-service caller may set only their own contact's. */
export type SetTrackingOptOutInput = {
  /** The contact key of the contact. */
  contactKey: string;
  /** True: do not track this contact; false: tracking is allowed. */
  optOut: boolean;
};

/** What became of one number of an opt-in request. */
export type SmsOptInStatus =
  /** SFMC did not queue the confirmation; reason says why. */
  | 'NOT_QUEUED'
  /** The confirmation SMS is queued: the number is subscribed once the person replies to it. */
  | 'PENDING_CONFIRMATION';

/** What to change on one contact: which contact (contactKey, contactId or both) and the attribute groups to write. Fields left out are not sent; an explicit null clears a nullable attribute. */
export type UpdateContactInput = {
  /** Attribute groups that have no typed field here (a tenant's own groups), by SFMC name. */
  attributeSets?: Array<AttributeSetInput> | null | undefined;
  /** The client's own id for this mutation (the Relay convention), echoed in the payload, also when the input is refused. Never sent to SFMC. */
  clientMutationId?: string | null | undefined;
  /** SFMC's numeric contact id of the contact to update. */
  contactId?: string | null | undefined;
  /** The contact key (subscriber key) of the contact to update. */
  contactKey?: string | null | undefined;
  /** Email addresses of the contact. Many rows per contact. SFMC attribute group "Email Addresses". */
  emailAddresses?: Array<EmailAddressesInput> | null | undefined;
  /** Profile attributes of the contact; a tenant's own profile attributes go in extraAttributes. One row per contact. SFMC attribute group "Email Demographics". */
  emailDemographics?: EmailDemographicsInput | null | undefined;
  /** LINE addresses of the contact. Many rows per contact. SFMC attribute group "GroupConnect LINE Addresses". */
  groupConnectLineAddresses?: Array<GroupConnectLineAddressesInput> | null | undefined;
  /** LINE profile of each LINE address. Many rows per contact. SFMC attribute group "GroupConnect LINE Demographics". */
  groupConnectLineDemographics?: Array<GroupConnectLineDemographicsInput> | null | undefined;
  /** LINE channel subscriptions of the contact. Many rows per contact. SFMC attribute group "GroupConnect LINE Subscriptions". */
  groupConnectLineSubscriptions?: Array<GroupConnectLineSubscriptionsInput> | null | undefined;
  /** SMS (MobileConnect) numbers of the contact. Many rows per contact. SFMC attribute group "MobileConnect Demographics". */
  mobileConnectDemographics?: Array<MobileConnectDemographicsInput> | null | undefined;
  /** Push (MobilePush) devices of the contact. Many rows per contact. SFMC attribute group "MobilePush Demographics". */
  mobilePushDemographics?: Array<MobilePushDemographicsInput> | null | undefined;
};

/** What is wrong with one field of the input. Closed: a frontend can map each code to its own words. */
export type UserErrorCode =
  /** An empty string, or one of only whitespace or invisible characters (U+3164, U+2800, a lone combining mark). */
  | 'BLANK'
  /** A new contact without a channel: createContact needs at least one of Email Addresses, MobileConnect Demographics, MobilePush Demographics, or LINE Addresses with LINE Subscriptions. */
  | 'CHANNEL_REQUIRED'
  /** The same attribute, attribute set or row given twice in one list: rows by their key, or whole for a group without one (SFMC compares without case). */
  | 'DUPLICATE'
  /** Nothing to write: no attribute group at all, or a group, row or list without values. */
  | 'EMPTY'
  /** Control, bidi or zero-width characters, which would look like something else in SFMC's UI and logs; in a key or name also invisible characters (U+3164, U+00AD, tags, variation selectors) and stacked combining marks. */
  | 'INVALID_CHARACTERS'
  /** Not a real date or time (February 30, 25:99, an offset beyond 14 hours), or in no accepted format (YYYY-MM-DD, ISO 8601 date-time, MM/DD/YYYY). */
  | 'INVALID_DATE'
  /** Not what the field holds: an email address, a phone number, a numeric contact id. */
  | 'INVALID_FORMAT'
  /** An SFMC attribute or group name that cannot be one: it must start with a letter or digit and is not a reserved word. */
  | 'INVALID_NAME'
  /** Not this caller's to write: someone else's contact, contactId from a self-service caller, or an attribute off the self-service allow-list. */
  | 'NOT_ALLOWED'
  /** A whole number outside its range (a Byte above 255, a LongNumber beyond 64 bits, a contact id outside 1 to 2^63 - 1), or a number beyond 2^53 that JSON cannot carry exactly: send it as a string. */
  | 'OUT_OF_RANGE'
  /** A value the update needs is missing: no contactKey or contactId, or null for an attribute SFMC requires. */
  | 'REQUIRED'
  /** Missing what SFMC's create needs with something given: a group another needs (Email Addresses with Email Demographics), or an attribute its group needs (HTML Enabled, Locale, Application). */
  | 'REQUIRED_WITH'
  /** Self-service callers may not delete their own contact here (AUTH_SELF_SERVICE_DELETION is off): the request goes through an administrator. */
  | 'SELF_SERVICE_DELETION_OFF'
  /** A string longer than its attribute (or this service, for untyped values and names) allows. */
  | 'TOO_LONG'
  /** A list with more entries than one update takes. */
  | 'TOO_MANY'
  /** More contact keys than one deletion or restriction request takes (100): send several requests. */
  | 'TOO_MANY_KEYS'
  /** More updates in one updateContacts request than it takes (50): nothing was sent; send them in several requests. */
  | 'TOO_MANY_UPDATES'
  /** An attribute named in extraAttributes or attributeSets that its group in the tenant's data model does not have (compared without case). */
  | 'UNKNOWN_ATTRIBUTE'
  /** An attribute set named in attributeSets that the tenant's data model has no group of (compared without case). */
  | 'UNKNOWN_ATTRIBUTE_SET'
  /** No contact has this key in SFMC (setTrackingOptOut): nothing was written, and no contact was created. */
  | 'UNKNOWN_CONTACT'
  /** An attribute or attribute set given by SFMC name that has a typed field: send it in that field. */
  | 'USE_TYPED_FIELD'
  /** Journey data given for another event than the input's `event` (JourneyEventData takes exactly the chosen event's field). */
  | 'WRONG_EVENT'
  /** A value not of the attribute's data type: a word for a number, a number for a boolean. */
  | 'WRONG_TYPE';

export type ContactConsentQueryVariables = Exact<{
  contactKey: string;
}>;


export type ContactConsentQuery = { contact: { contactKey: string, trackingOptOut: boolean | null, smsSubscriptions: Array<{ shortCode: string, keyword: string, mobileNumber: string, optedInAt: string | null }> } | null };

export type SetTrackingOptOutMutationVariables = Exact<{
  input: SetTrackingOptOutInput;
}>;


export type SetTrackingOptOutMutation = { setTrackingOptOut: { operationStatus: OperationStatus, verification: OutcomeVerification | null, retryable: boolean, contactKey: string | null, trackingOptOut: boolean | null, requestId: string, userErrors: Array<{ field: Array<string>, code: UserErrorCode, message: string }>, messages: Array<{ resultCode: string | null, message: string | null }>, contact: { contactKey: string, trackingOptOut: boolean | null } | null } };

export type RequestSmsOptInMutationVariables = Exact<{
  input: RequestSmsOptInInput;
}>;


export type RequestSmsOptInMutation = { requestSmsOptIn: { operationStatus: OperationStatus, verification: OutcomeVerification | null, retryable: boolean, requestId: string, userErrors: Array<{ field: Array<string>, code: UserErrorCode, message: string }>, messages: Array<{ resultCode: string | null, message: string | null }>, results: Array<{ mobileNumber: string, status: SmsOptInStatus, reason: string | null, identifier: string | null }> } };

export type ContactQueryVariables = Exact<{
  contactKey: string;
}>;


export type ContactQuery = { contact: { contactKey: string, contactId: string | null, emailAddresses: Array<{ emailAddress: string | null, htmlEnabled: boolean | null }>, emailDemographics: { firstName: string | null, lastName: string | null } | null } | null };

export type ContactOperationFieldsFragment = { id: string, kind: ContactOperationKind, status: ContactOperationStatus | null, restorableDays: number | null, requestedAt: string };

export type ContactOperationPayloadFieldsFragment = { operationStatus: OperationStatus, retryable: boolean, requestId: string, requestServiceMessageId: string | null, operation: { id: string, kind: ContactOperationKind, status: ContactOperationStatus | null, restorableDays: number | null, requestedAt: string } | null, userErrors: Array<{ field: Array<string>, code: UserErrorCode, message: string }>, messages: Array<{ resultType: string | null, message: string | null }> };

export type RequestContactDeletionMutationVariables = Exact<{
  input: ContactOperationInput;
}>;


export type RequestContactDeletionMutation = { requestContactDeletion: { operationStatus: OperationStatus, retryable: boolean, requestId: string, requestServiceMessageId: string | null, operation: { id: string, kind: ContactOperationKind, status: ContactOperationStatus | null, restorableDays: number | null, requestedAt: string } | null, userErrors: Array<{ field: Array<string>, code: UserErrorCode, message: string }>, messages: Array<{ resultType: string | null, message: string | null }> } };

export type RestrictContactProcessingMutationVariables = Exact<{
  input: ContactOperationInput;
}>;


export type RestrictContactProcessingMutation = { restrictContactProcessing: { operationStatus: OperationStatus, retryable: boolean, requestId: string, requestServiceMessageId: string | null, operation: { id: string, kind: ContactOperationKind, status: ContactOperationStatus | null, restorableDays: number | null, requestedAt: string } | null, userErrors: Array<{ field: Array<string>, code: UserErrorCode, message: string }>, messages: Array<{ resultType: string | null, message: string | null }> } };

export type ContactOperationQueryVariables = Exact<{
  id: string;
}>;


export type ContactOperationQuery = { contactOperation: { id: string, kind: ContactOperationKind, status: ContactOperationStatus | null, restorableDays: number | null, requestedAt: string } | null };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, contactKey: string, emailDemographics: { firstName: string | null } | null } | null };

export type NodeQueryVariables = Exact<{
  id: string;
}>;


export type NodeQuery = { node:
    | { contactKey: string, id: string, emailDemographics: { firstName: string | null } | null }
    | { id: string }
   | null };

export type PreviewUpdateContactQueryVariables = Exact<{
  input: UpdateContactInput;
}>;


export type PreviewUpdateContactQuery = { updateContactPreview: { method: string, path: string, json: string | null, userErrors: Array<{ field: Array<string>, code: UserErrorCode, message: string }>, body: { contactKey: string | null, contactId: string | null, attributeSets: Array<{ name: string, items: Array<{ values: Array<{ name: string, value: string | number | boolean | null }> }> }> } | null } };

export type UpdateContactMutationVariables = Exact<{
  input: UpdateContactInput;
}>;


export type UpdateContactMutation = { updateContact: { operationStatus: OperationStatus, retryable: boolean, rowsAffected: number | null, contactKey: string | null, contactId: string | null, contactTypeId: number | null, isNewContactKey: boolean | null, hasErrors: boolean, requestServiceMessageId: string | null, serviceMessageId: string | null, responseDateTime: string | null, requestId: string, messages: Array<{ resultType: string | null, resultClass: string | null, resultCode: string | null, message: string | null }>, userErrors: Array<{ field: Array<string>, code: UserErrorCode, message: string }> } };

export type UpdateContactIdentityMutationVariables = Exact<{
  input: UpdateContactInput;
}>;


export type UpdateContactIdentityMutation = { updateContact: { clientMutationId: string | null, operationStatus: OperationStatus, userErrors: Array<{ code: UserErrorCode }>, contact: { id: string, contactKey: string, emailDemographics: { firstName: string | null } | null } | null } };

export const ContactOperationFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ContactOperationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContactOperation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"restorableDays"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}}]}}]} as unknown as DocumentNode<ContactOperationFieldsFragment, unknown>;
export const ContactOperationPayloadFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ContactOperationPayloadFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContactOperationPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationStatus"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"requestServiceMessageId"}},{"kind":"Field","name":{"kind":"Name","value":"operation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ContactOperationFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resultType"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ContactOperationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContactOperation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"restorableDays"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}}]}}]} as unknown as DocumentNode<ContactOperationPayloadFieldsFragment, unknown>;
export const ContactConsentDocument = {"__meta__":{"hash":"sha256:69c5dd98b82ddff6ce4ab722c7ae7122b9c0c21af6394311edd94bec9bbec77b"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ContactConsent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"contactKey"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contact"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"contactKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"contactKey"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contactKey"}},{"kind":"Field","name":{"kind":"Name","value":"trackingOptOut"}},{"kind":"Field","name":{"kind":"Name","value":"smsSubscriptions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"shortCode"}},{"kind":"Field","name":{"kind":"Name","value":"keyword"}},{"kind":"Field","name":{"kind":"Name","value":"mobileNumber"}},{"kind":"Field","name":{"kind":"Name","value":"optedInAt"}}]}}]}}]}}]} as unknown as DocumentNode<ContactConsentQuery, ContactConsentQueryVariables>;
export const SetTrackingOptOutDocument = {"__meta__":{"hash":"sha256:3a24cf9f0fcca8de4335bf234669bd265121e092ba99451dc8235abc26c5db53"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetTrackingOptOut"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetTrackingOptOutInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setTrackingOptOut"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationStatus"}},{"kind":"Field","name":{"kind":"Name","value":"verification"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resultCode"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"contactKey"}},{"kind":"Field","name":{"kind":"Name","value":"trackingOptOut"}},{"kind":"Field","name":{"kind":"Name","value":"contact"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contactKey"}},{"kind":"Field","name":{"kind":"Name","value":"trackingOptOut"}}]}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}}]}}]}}]} as unknown as DocumentNode<SetTrackingOptOutMutation, SetTrackingOptOutMutationVariables>;
export const RequestSmsOptInDocument = {"__meta__":{"hash":"sha256:c1d8b61a642db4260dbed791be7bccd1a63bc5695fbaa6530f5f8a29ddd4ad50"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RequestSmsOptIn"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RequestSmsOptInInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestSmsOptIn"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationStatus"}},{"kind":"Field","name":{"kind":"Name","value":"verification"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resultCode"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"results"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"mobileNumber"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"identifier"}}]}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}}]}}]}}]} as unknown as DocumentNode<RequestSmsOptInMutation, RequestSmsOptInMutationVariables>;
export const ContactDocument = {"__meta__":{"hash":"sha256:be851d277e5915adefff18a14fc6116b6d446a5561ade82f7e1a26d8d26ba547"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Contact"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"contactKey"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contact"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"contactKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"contactKey"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contactKey"}},{"kind":"Field","name":{"kind":"Name","value":"contactId"}},{"kind":"Field","name":{"kind":"Name","value":"emailAddresses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"emailAddress"}},{"kind":"Field","name":{"kind":"Name","value":"htmlEnabled"}}]}},{"kind":"Field","name":{"kind":"Name","value":"emailDemographics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"firstName"}},{"kind":"Field","name":{"kind":"Name","value":"lastName"}}]}}]}}]}}]} as unknown as DocumentNode<ContactQuery, ContactQueryVariables>;
export const RequestContactDeletionDocument = {"__meta__":{"hash":"sha256:6173dc3d3a82878bd66473410a761d22b598195399cb25d9bae5e5179974c4d4"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RequestContactDeletion"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ContactOperationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestContactDeletion"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ContactOperationPayloadFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ContactOperationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContactOperation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"restorableDays"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ContactOperationPayloadFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContactOperationPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationStatus"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"requestServiceMessageId"}},{"kind":"Field","name":{"kind":"Name","value":"operation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ContactOperationFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resultType"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<RequestContactDeletionMutation, RequestContactDeletionMutationVariables>;
export const RestrictContactProcessingDocument = {"__meta__":{"hash":"sha256:0290b714764536571d684c76d9a30f9078cb858b8ee0bbdbd62594a74792d2e1"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RestrictContactProcessing"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ContactOperationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"restrictContactProcessing"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ContactOperationPayloadFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ContactOperationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContactOperation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"restorableDays"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ContactOperationPayloadFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContactOperationPayload"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationStatus"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"requestServiceMessageId"}},{"kind":"Field","name":{"kind":"Name","value":"operation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ContactOperationFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resultType"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<RestrictContactProcessingMutation, RestrictContactProcessingMutationVariables>;
export const ContactOperationDocument = {"__meta__":{"hash":"sha256:6d92812735ecc4101c25261518a511614ad1dd62829d3ba85711dfe6897da503"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ContactOperation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contactOperation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ContactOperationFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ContactOperationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ContactOperation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"restorableDays"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}}]}}]} as unknown as DocumentNode<ContactOperationQuery, ContactOperationQueryVariables>;
export const MeDocument = {"__meta__":{"hash":"sha256:11b59ab87a897ba073287ab7a3c85cd5d1486ba9f0fd5080b1c63136386c46f0"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"contactKey"}},{"kind":"Field","name":{"kind":"Name","value":"emailDemographics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"firstName"}}]}}]}}]}}]} as unknown as DocumentNode<MeQuery, MeQueryVariables>;
export const NodeDocument = {"__meta__":{"hash":"sha256:d463c133b0e562e0e80505c3e706c403dde1d5cc30d6945d0f525b75f35f7b52"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Node"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Contact"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contactKey"}},{"kind":"Field","name":{"kind":"Name","value":"emailDemographics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"firstName"}}]}}]}}]}}]}}]} as unknown as DocumentNode<NodeQuery, NodeQueryVariables>;
export const PreviewUpdateContactDocument = {"__meta__":{"hash":"sha256:095044d8018d71fa4eb5bc9ddf5eebe32e32cf2837b337cb159b01dccfa826ba"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PreviewUpdateContact"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateContactInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateContactPreview"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"method"}},{"kind":"Field","name":{"kind":"Name","value":"path"}},{"kind":"Field","name":{"kind":"Name","value":"json"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"body"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contactKey"}},{"kind":"Field","name":{"kind":"Name","value":"contactId"}},{"kind":"Field","name":{"kind":"Name","value":"attributeSets"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"items"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"values"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<PreviewUpdateContactQuery, PreviewUpdateContactQueryVariables>;
export const UpdateContactDocument = {"__meta__":{"hash":"sha256:1bf7c504fca5bf63730725f457c0e2017027723990484c1e5523c7d4c3fc0a3e"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateContact"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateContactInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateContact"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationStatus"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"rowsAffected"}},{"kind":"Field","name":{"kind":"Name","value":"contactKey"}},{"kind":"Field","name":{"kind":"Name","value":"contactId"}},{"kind":"Field","name":{"kind":"Name","value":"contactTypeId"}},{"kind":"Field","name":{"kind":"Name","value":"isNewContactKey"}},{"kind":"Field","name":{"kind":"Name","value":"hasErrors"}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resultType"}},{"kind":"Field","name":{"kind":"Name","value":"resultClass"}},{"kind":"Field","name":{"kind":"Name","value":"resultCode"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"requestServiceMessageId"}},{"kind":"Field","name":{"kind":"Name","value":"serviceMessageId"}},{"kind":"Field","name":{"kind":"Name","value":"responseDateTime"}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<UpdateContactMutation, UpdateContactMutationVariables>;
export const UpdateContactIdentityDocument = {"__meta__":{"hash":"sha256:cafa6fdfceb219c49166c8d1b890b6d36bdf40b6ea70a57e8926f62194c3cf96"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateContactIdentity"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateContactInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateContact"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clientMutationId"}},{"kind":"Field","name":{"kind":"Name","value":"operationStatus"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"Field","name":{"kind":"Name","value":"contact"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"contactKey"}},{"kind":"Field","name":{"kind":"Name","value":"emailDemographics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"firstName"}}]}}]}}]}}]}}]} as unknown as DocumentNode<UpdateContactIdentityMutation, UpdateContactIdentityMutationVariables>;