/**
 * The documents a chat stream exchanges beside its messages, as pure values (no I/O): message
 * composition indications ({@link org.msrp4j.chat.payload.IsComposing}, RFC 3994), and instant
 * message disposition notifications ({@link org.msrp4j.chat.payload.Imdn}, RFC 5438) with the CPIM
 * headers that request them ({@link org.msrp4j.chat.payload.ImdnRequest}).
 *
 * <p>XML is read with the JDK's parser with DOCTYPE declarations refused, so no external entity,
 * DTD or entity expansion is ever processed; a document that does not parse or does not match its
 * schema gives a {@link org.msrp4j.chat.payload.PayloadException}. Documents are written in their
 * schema's element order, which some peers (sipsimple) check.
 */
package org.msrp4j.chat.payload;
