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

export type SaveContactMutationVariables = Exact<{
  input: UpdateContactInput;
}>;


export type SaveContactMutation = { updateContact: { operationStatus: OperationStatus, verification: OutcomeVerification | null, retryable: boolean, requestId: string, messages: Array<{ resultCode: string | null, message: string | null }>, userErrors: Array<{ field: Array<string>, code: UserErrorCode, message: string }>, contact: { contactKey: string, emailDemographics: { firstName: string | null, lastName: string | null } | null } | null } };

export type MyProfileQueryVariables = Exact<{ [key: string]: never; }>;


export type MyProfileQuery = { me: { id: string, contactKey: string, emailDemographics: { firstName: string | null, lastName: string | null } | null } | null };

export type SaveMyProfileMutationVariables = Exact<{
  input: UpdateContactInput;
}>;


export type SaveMyProfileMutation = { updateContact: { clientMutationId: string | null, operationStatus: OperationStatus, retryable: boolean, userErrors: Array<{ field: Array<string>, code: UserErrorCode, message: string }>, contact: { id: string, contactKey: string, emailDemographics: { firstName: string | null, lastName: string | null } | null } | null } };


export const SaveContactDocument = {"__meta__":{"hash":"sha256:90b8554613847efaf2fcdf276b62581ec3dab56f6ae3a79426a6b94a175c3dfe"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SaveContact"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateContactInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateContact"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"operationStatus"}},{"kind":"Field","name":{"kind":"Name","value":"verification"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resultCode"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"requestId"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"contact"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contactKey"}},{"kind":"Field","name":{"kind":"Name","value":"emailDemographics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"firstName"}},{"kind":"Field","name":{"kind":"Name","value":"lastName"}}]}}]}}]}}]}}]} as unknown as DocumentNode<SaveContactMutation, SaveContactMutationVariables>;
export const MyProfileDocument = {"__meta__":{"hash":"sha256:c7481ebe95499786bfbba2a20067c47705278cf514fdbbc5a62473175cf2a899"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MyProfile"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"me"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"contactKey"}},{"kind":"Field","name":{"kind":"Name","value":"emailDemographics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"firstName"}},{"kind":"Field","name":{"kind":"Name","value":"lastName"}}]}}]}}]}}]} as unknown as DocumentNode<MyProfileQuery, MyProfileQueryVariables>;
export const SaveMyProfileDocument = {"__meta__":{"hash":"sha256:0f6ec1995bd74cb5b339712e2b0761f7bf25c0d3b53852b6a2109fcba52d8cc8"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SaveMyProfile"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateContactInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateContact"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"clientMutationId"}},{"kind":"Field","name":{"kind":"Name","value":"operationStatus"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"contact"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"contactKey"}},{"kind":"Field","name":{"kind":"Name","value":"emailDemographics"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"firstName"}},{"kind":"Field","name":{"kind":"Name","value":"lastName"}}]}}]}}]}}]}}]} as unknown as DocumentNode<SaveMyProfileMutation, SaveMyProfileMutationVariables>;