/**
 * The RFC 5547 file transfer stream (the seed's sipsimple {@code MSRPFileTransfer}): push (the
 * offerer sends) and pull (the offerer asks), SHA-1 in the file selector and SHA-256 beside it
 * between msrp4j peers, checked on arrival; resume with {@code a=file-range} or sipsimple's {@code
 * x-file-offset}; partial files moved into place only once verified, never over an existing file.
 */
package org.msrp4j.file;
