/**
 * What every MSRP stream (chat, file transfer, screen sharing) shares for its connection's life
 * cycle: the life cycle itself, which each stream composes and adds its own part to ({@link
 * org.msrp4j.stream.StreamCore}), the connection settings ({@link
 * org.msrp4j.stream.ConnectionSettings}), preparing the connector and the local media description
 * and then negotiating with the peer's and completing the connection ({@link
 * org.msrp4j.stream.StreamConnection}), the life-cycle states and their transitions ({@link
 * org.msrp4j.stream.StreamLifecycle}), and the thread listener calls run on ({@link
 * org.msrp4j.stream.EventDispatcher}).
 */
package org.msrp4j.stream;
