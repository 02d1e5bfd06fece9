/**
 * The chat stream (the seed's sipsimple {@code MSRPChat}): an MSRP session carrying instant messages,
 * CPIM-wrapped where negotiated, with message composition indications (RFC 3994), delivery and
 * display notifications (RFC 5438) and nicknames (RFC 7701).
 */
package org.msrp4j.chat;
