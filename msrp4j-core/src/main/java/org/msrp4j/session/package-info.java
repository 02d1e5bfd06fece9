/**
 * MSRP sessions (RFC 4975) over a bound transport: {@link org.msrp4j.session.MsrpSession} sends
 * chunks and files ({@link org.msrp4j.session.OutgoingFile}), answers what arrives and hands it to
 * an {@link org.msrp4j.session.IncomingHandler} or a queue, as {@link
 * org.msrp4j.session.SessionSettings} say.
 *
 * <p>Incoming messages are made whole by a {@link org.msrp4j.session.MessageAssembler}: it takes the
 * SEND chunks (or segments) of any number of messages, in any order, and writes each message to a
 * {@link org.msrp4j.session.MessageSink}, in memory (bounded) or to a file (constant memory), while
 * its {@link org.msrp4j.session.IncomingMessage} tells which byte ranges are still missing.
 *
 * <p>{@link org.msrp4j.session.MsrpSession#sendMessage} gives the sender one {@link
 * org.msrp4j.session.MessageOutcome} per message (delivered, or failed with its MSRP code), made
 * from responses, REPORTs or a timeout.
 *
 * <p>Errors are {@link java.io.IOException}s from the {@link org.msrp4j.MsrpException} family, each
 * naming the MSRP status a receiver answers with where there is one: {@link
 * org.msrp4j.session.InvalidChunkException} (400), {@link
 * org.msrp4j.session.MessageRefusedException} and its subclasses (413), {@link
 * org.msrp4j.session.MsrpSessionException} for a session that is shut down or failed.
 */
package org.msrp4j.session;
