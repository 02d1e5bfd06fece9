package org.msrp4j.screen;

import java.util.Locale;
import java.util.Optional;
import org.msrp4j.sdp.MsrpMedia;

/**
 * Which end of RFB (RFC 6143) a screen sharing stream is, and how it says so in SDP: AG Projects'
 * sipsimple writes {@code a=rfbsetup} the way {@code a=setup} names TCP roles, so the viewer (the
 * RFB client, which "connects") writes {@code active} and the server (the shared screen) writes
 * {@code passive}. A description without the attribute counts as {@code active}, sipsimple's
 * default: its answerer then shares its screen.
 */
public enum RfbRole {

    /** The shared screen: bridges a local VNC server's TCP connection; {@code a=rfbsetup:passive}. */
    SERVER("passive"),
    /** The viewer: offers a local TCP port a VNC viewer connects to; {@code a=rfbsetup:active}. */
    VIEWER("active");

    /** The SDP attribute carrying the role. */
    public static final String ATTRIBUTE = "rfbsetup";

    private final String rfbsetup;

    RfbRole(String rfbsetup) {
        this.rfbsetup = rfbsetup;
    }

    /**
     * The value of {@code a=rfbsetup} this role writes.
     *
     * @return {@code active} or {@code passive}
     */
    public String rfbsetup() {
        return rfbsetup;
    }

    /**
     * The role the peer of this one plays.
     *
     * @return the other role
     */
    public RfbRole peer() {
        return this == SERVER ? VIEWER : SERVER;
    }

    /**
     * The role {@code media} declares, if it has {@code a=rfbsetup}.
     *
     * @param media a media description
     * @return the role, or empty when {@code a=rfbsetup} is absent
     * @throws ScreenException if the value is neither {@code active} nor {@code passive}
     */
    public static Optional<RfbRole> declared(MsrpMedia media) throws ScreenException {
        Optional<String> value = media.attribute(ATTRIBUTE);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String v = value.get().trim().toLowerCase(Locale.ROOT);
        for (RfbRole r : values()) {
            if (r.rfbsetup.equals(v)) {
                return Optional.of(r);
            }
        }
        throw new ScreenException("a=rfbsetup must be active or passive, not \"" + value.get() + "\"");
    }

    /**
     * The role the answerer to {@code offer} must take, as sipsimple decides it: the peer of the
     * offer's role, the offer's being {@code active} (a viewer) when it says none.
     *
     * @param offer the peer's offer
     * @return the answerer's role
     * @throws ScreenException if the offer's {@code a=rfbsetup} is neither {@code active} nor {@code passive}
     */
    public static RfbRole answering(MsrpMedia offer) throws ScreenException {
        return declared(offer).orElse(VIEWER).peer();
    }
}
