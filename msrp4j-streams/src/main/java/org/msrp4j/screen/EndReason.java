package org.msrp4j.screen;

/** Why a screen sharing stream ended, as {@link ScreenListener#didEnd} tells. */
public enum EndReason {
    /** The application called {@link ScreenSharingStream#end()}. */
    LOCAL,
    /** The peer ended the MSRP session (closed the connection cleanly). */
    PEER,
    /** The local TCP side closed its connection: the VNC server, or the viewer. */
    TCP_CLOSED,
    /** Something failed; {@link ScreenListener#didFail} told what. */
    FAILED
}
