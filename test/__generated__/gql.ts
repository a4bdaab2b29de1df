/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query ContactConsent($contactKey: String!) {\n  contact(contactKey: $contactKey) {\n    contactKey\n    trackingOptOut\n    smsSubscriptions {\n      shortCode\n      keyword\n      mobileNumber\n      optedInAt\n    }\n  }\n}\n\nmutation SetTrackingOptOut($input: SetTrackingOptOutInput!) {\n  setTrackingOptOut(input: $input) {\n    operationStatus\n    verification\n    retryable\n    userErrors {\n      field\n      code\n      message\n    }\n    messages {\n      resultCode\n      message\n    }\n    contactKey\n    trackingOptOut\n    contact {\n      contactKey\n      trackingOptOut\n    }\n    requestId\n  }\n}\n\nmutation RequestSmsOptIn($input: RequestSmsOptInInput!) {\n  requestSmsOptIn(input: $input) {\n    operationStatus\n    verification\n    retryable\n    userErrors {\n      field\n      code\n      message\n    }\n    messages {\n      resultCode\n      message\n    }\n    results {\n      mobileNumber\n      status\n      reason\n      identifier\n    }\n    requestId\n  }\n}": typeof types.ContactConsentDocument,
    "query Contact($contactKey: String!) {\n  contact(contactKey: $contactKey) {\n    contactKey\n    contactId\n    emailAddresses {\n      emailAddress\n      htmlEnabled\n    }\n    emailDemographics {\n      firstName\n      lastName\n    }\n  }\n}": typeof types.ContactDocument,
    "query Me {\n  me {\n    id\n    contactKey\n    emailDemographics {\n      firstName\n    }\n  }\n}": typeof types.MeDocument,
    "query Node($id: ID!) {\n  node(id: $id) {\n    id\n    ... on Contact {\n      contactKey\n      emailDemographics {\n        firstName\n      }\n    }\n  }\n}": typeof types.NodeDocument,
    "query PreviewUpdateContact($input: UpdateContactInput!) {\n  updateContactPreview(input: $input) {\n    method\n    path\n    json\n    userErrors {\n      field\n      code\n      message\n    }\n    body {\n      contactKey\n      contactId\n      attributeSets {\n        name\n        items {\n          values {\n            name\n            value\n          }\n        }\n      }\n    }\n  }\n}": typeof types.PreviewUpdateContactDocument,
    "mutation UpdateContact($input: UpdateContactInput!) {\n  updateContact(input: $input) {\n    operationStatus\n    retryable\n    rowsAffected\n    contactKey\n    contactId\n    contactTypeId\n    isNewContactKey\n    hasErrors\n    messages {\n      resultType\n      resultClass\n      resultCode\n      message\n    }\n    requestServiceMessageId\n    serviceMessageId\n    responseDateTime\n    requestId\n    userErrors {\n      field\n      code\n      message\n    }\n  }\n}": typeof types.UpdateContactDocument,
    "mutation UpdateContactIdentity($input: UpdateContactInput!) {\n  updateContact(input: $input) {\n    clientMutationId\n    operationStatus\n    userErrors {\n      code\n    }\n    contact {\n      id\n      contactKey\n      emailDemographics {\n        firstName\n      }\n    }\n  }\n}": typeof types.UpdateContactIdentityDocument,
};
const documents: Documents = {
    "query ContactConsent($contactKey: String!) {\n  contact(contactKey: $contactKey) {\n    contactKey\n    trackingOptOut\n    smsSubscriptions {\n      shortCode\n      keyword\n      mobileNumber\n      optedInAt\n    }\n  }\n}\n\nmutation SetTrackingOptOut($input: SetTrackingOptOutInput!) {\n  setTrackingOptOut(input: $input) {\n    operationStatus\n    verification\n    retryable\n    userErrors {\n      field\n      code\n      message\n    }\n    messages {\n      resultCode\n      message\n    }\n    contactKey\n    trackingOptOut\n    contact {\n      contactKey\n      trackingOptOut\n    }\n    requestId\n  }\n}\n\nmutation RequestSmsOptIn($input: RequestSmsOptInInput!) {\n  requestSmsOptIn(input: $input) {\n    operationStatus\n    verification\n    retryable\n    userErrors {\n      field\n      code\n      message\n    }\n    messages {\n      resultCode\n      message\n    }\n    results {\n      mobileNumber\n      status\n      reason\n      identifier\n    }\n    requestId\n  }\n}": types.ContactConsentDocument,
    "query Contact($contactKey: String!) {\n  contact(contactKey: $contactKey) {\n    contactKey\n    contactId\n    emailAddresses {\n      emailAddress\n      htmlEnabled\n    }\n    emailDemographics {\n      firstName\n      lastName\n    }\n  }\n}": types.ContactDocument,
    "query Me {\n  me {\n    id\n    contactKey\n    emailDemographics {\n      firstName\n    }\n  }\n}": types.MeDocument,
    "query Node($id: ID!) {\n  node(id: $id) {\n    id\n    ... on Contact {\n      contactKey\n      emailDemographics {\n        firstName\n      }\n    }\n  }\n}": types.NodeDocument,
    "query PreviewUpdateContact($input: UpdateContactInput!) {\n  updateContactPreview(input: $input) {\n    method\n    path\n    json\n    userErrors {\n      field\n      code\n      message\n    }\n    body {\n      contactKey\n      contactId\n      attributeSets {\n        name\n        items {\n          values {\n            name\n            value\n          }\n        }\n      }\n    }\n  }\n}": types.PreviewUpdateContactDocument,
    "mutation UpdateContact($input: UpdateContactInput!) {\n  updateContact(input: $input) {\n    operationStatus\n    retryable\n    rowsAffected\n    contactKey\n    contactId\n    contactTypeId\n    isNewContactKey\n    hasErrors\n    messages {\n      resultType\n      resultClass\n      resultCode\n      message\n    }\n    requestServiceMessageId\n    serviceMessageId\n    responseDateTime\n    requestId\n    userErrors {\n      field\n      code\n      message\n    }\n  }\n}": types.UpdateContactDocument,
    "mutation UpdateContactIdentity($input: UpdateContactInput!) {\n  updateContact(input: $input) {\n    clientMutationId\n    operationStatus\n    userErrors {\n      code\n    }\n    contact {\n      id\n      contactKey\n      emailDemographics {\n        firstName\n      }\n    }\n  }\n}": types.UpdateContactIdentityDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ContactConsent($contactKey: String!) {\n  contact(contactKey: $contactKey) {\n    contactKey\n    trackingOptOut\n    smsSubscriptions {\n      shortCode\n      keyword\n      mobileNumber\n      optedInAt\n    }\n  }\n}\n\nmutation SetTrackingOptOut($input: SetTrackingOptOutInput!) {\n  setTrackingOptOut(input: $input) {\n    operationStatus\n    verification\n    retryable\n    userErrors {\n      field\n      code\n      message\n    }\n    messages {\n      resultCode\n      message\n    }\n    contactKey\n    trackingOptOut\n    contact {\n      contactKey\n      trackingOptOut\n    }\n    requestId\n  }\n}\n\nmutation RequestSmsOptIn($input: RequestSmsOptInInput!) {\n  requestSmsOptIn(input: $input) {\n    operationStatus\n    verification\n    retryable\n    userErrors {\n      field\n      code\n      message\n    }\n    messages {\n      resultCode\n      message\n    }\n    results {\n      mobileNumber\n      status\n      reason\n      identifier\n    }\n    requestId\n  }\n}"): (typeof documents)["query ContactConsent($contactKey: String!) {\n  contact(contactKey: $contactKey) {\n    contactKey\n    trackingOptOut\n    smsSubscriptions {\n      shortCode\n      keyword\n      mobileNumber\n      optedInAt\n    }\n  }\n}\n\nmutation SetTrackingOptOut($input: SetTrackingOptOutInput!) {\n  setTrackingOptOut(input: $input) {\n    operationStatus\n    verification\n    retryable\n    userErrors {\n      field\n      code\n      message\n    }\n    messages {\n      resultCode\n      message\n    }\n    contactKey\n    trackingOptOut\n    contact {\n      contactKey\n      trackingOptOut\n    }\n    requestId\n  }\n}\n\nmutation RequestSmsOptIn($input: RequestSmsOptInInput!) {\n  requestSmsOptIn(input: $input) {\n    operationStatus\n    verification\n    retryable\n    userErrors {\n      field\n      code\n      message\n    }\n    messages {\n      resultCode\n      message\n    }\n    results {\n      mobileNumber\n      status\n      reason\n      identifier\n    }\n    requestId\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Contact($contactKey: String!) {\n  contact(contactKey: $contactKey) {\n    contactKey\n    contactId\n    emailAddresses {\n      emailAddress\n      htmlEnabled\n    }\n    emailDemographics {\n      firstName\n      lastName\n    }\n  }\n}"): (typeof documents)["query Contact($contactKey: String!) {\n  contact(contactKey: $contactKey) {\n    contactKey\n    contactId\n    emailAddresses {\n      emailAddress\n      htmlEnabled\n    }\n    emailDemographics {\n      firstName\n      lastName\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Me {\n  me {\n    id\n    contactKey\n    emailDemographics {\n      firstName\n    }\n  }\n}"): (typeof documents)["query Me {\n  me {\n    id\n    contactKey\n    emailDemographics {\n      firstName\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Node($id: ID!) {\n  node(id: $id) {\n    id\n    ... on Contact {\n      contactKey\n      emailDemographics {\n        firstName\n      }\n    }\n  }\n}"): (typeof documents)["query Node($id: ID!) {\n  node(id: $id) {\n    id\n    ... on Contact {\n      contactKey\n      emailDemographics {\n        firstName\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PreviewUpdateContact($input: UpdateContactInput!) {\n  updateContactPreview(input: $input) {\n    method\n    path\n    json\n    userErrors {\n      field\n      code\n      message\n    }\n    body {\n      contactKey\n      contactId\n      attributeSets {\n        name\n        items {\n          values {\n            name\n            value\n          }\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query PreviewUpdateContact($input: UpdateContactInput!) {\n  updateContactPreview(input: $input) {\n    method\n    path\n    json\n    userErrors {\n      field\n      code\n      message\n    }\n    body {\n      contactKey\n      contactId\n      attributeSets {\n        name\n        items {\n          values {\n            name\n            value\n          }\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateContact($input: UpdateContactInput!) {\n  updateContact(input: $input) {\n    operationStatus\n    retryable\n    rowsAffected\n    contactKey\n    contactId\n    contactTypeId\n    isNewContactKey\n    hasErrors\n    messages {\n      resultType\n      resultClass\n      resultCode\n      message\n    }\n    requestServiceMessageId\n    serviceMessageId\n    responseDateTime\n    requestId\n    userErrors {\n      field\n      code\n      message\n    }\n  }\n}"): (typeof documents)["mutation UpdateContact($input: UpdateContactInput!) {\n  updateContact(input: $input) {\n    operationStatus\n    retryable\n    rowsAffected\n    contactKey\n    contactId\n    contactTypeId\n    isNewContactKey\n    hasErrors\n    messages {\n      resultType\n      resultClass\n      resultCode\n      message\n    }\n    requestServiceMessageId\n    serviceMessageId\n    responseDateTime\n    requestId\n    userErrors {\n      field\n      code\n      message\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateContactIdentity($input: UpdateContactInput!) {\n  updateContact(input: $input) {\n    clientMutationId\n    operationStatus\n    userErrors {\n      code\n    }\n    contact {\n      id\n      contactKey\n      emailDemographics {\n        firstName\n      }\n    }\n  }\n}"): (typeof documents)["mutation UpdateContactIdentity($input: UpdateContactInput!) {\n  updateContact(input: $input) {\n    clientMutationId\n    operationStatus\n    userErrors {\n      code\n    }\n    contact {\n      id\n      contactKey\n      emailDemographics {\n        firstName\n      }\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;