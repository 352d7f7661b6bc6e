/** SNS's publish limits, shared by the local SNS endpoint (which enforces them) and the publisher (which packs within them). */

/**
 * The most bytes of one message (message plus attributes) and of all the messages of a PublishBatch together:
 * https://docs.aws.amazon.com/sns/latest/api/API_Publish.html, https://docs.aws.amazon.com/sns/latest/api/API_PublishBatch.html
 */
export const SNS_MAX_PAYLOAD_BYTES = 262_144;

/** The most entries in one PublishBatch request: https://docs.aws.amazon.com/sns/latest/api/API_PublishBatch.html */
export const SNS_MAX_BATCH_ENTRIES = 10;

/**
 * At most 10 message attributes per message: SQS's limit, which SNS applies to messages delivered to SQS
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-message-attributes.html).
 */
export const SNS_MAX_MESSAGE_ATTRIBUTES = 10;
