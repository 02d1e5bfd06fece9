/**
 * Runnable examples of the chat stream, written like the seed's MSRPChat usage and run against each
 * other by {@code ChatExamplesTest}.
 */
package org.msrp4j.chat.examples;
