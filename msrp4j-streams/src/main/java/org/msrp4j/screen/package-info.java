/**
 * Screen sharing over MSRP (the seed's sipsimple {@code MSRPDesktopSharing}): a {@link
 * org.msrp4j.screen.ScreenSharingStream} carries the RFB protocol (RFC 6143) as {@code
 * application/x-rfb} in an {@code m=application} MSRP media, bridging a local VNC server's TCP
 * connection on the sharing side and offering a local TCP port to a VNC viewer on the other, with
 * the {@code a=rfbsetup} roles AG Projects' sipsimple uses ({@link org.msrp4j.screen.RfbRole}).
 */
package org.msrp4j.screen;
