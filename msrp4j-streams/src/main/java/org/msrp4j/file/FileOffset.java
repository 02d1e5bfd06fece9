package org.msrp4j.file;

import java.io.IOException;
import org.msrp4j.MsrpTransactionException;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.header.MsrpHeader;
import org.msrp4j.session.MsrpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sipsimple's resume: the sender asks with a {@code FILE_OFFSET} request, and the receiver's 200
 * carries the bytes it holds in an {@code Offset} header; an error answer (e.g. 501) or none means
 * "start at 0".
 */
final class FileOffset {

    static final String METHOD = "FILE_OFFSET";
    static final String HEADER = "Offset";

    private static final Logger LOG = LoggerFactory.getLogger(FileOffset.class);

    private FileOffset() {
    }

    /** Asks the receiver on {@code session} where to start a file of {@code size} bytes. */
    static long ask(MsrpSession session, long size) throws IOException {
        MsrpChunk request = session.transport().newChunk().method(METHOD).build();
        MsrpChunk response;
        try {
            response = session.deliverChunk(request);
        } catch (MsrpTransactionException e) {
            LOG.debug("file transfer: FILE_OFFSET answered {}, starting at 0", e.code());
            return 0;
        }
        MsrpHeader<?> offset = response == null ? null : response.header(HEADER);
        if (offset == null) {
            return 0;
        }
        try {
            long value = Long.parseLong(offset.encode().strip());
            return value < 0 || value > size ? 0 : value;
        } catch (NumberFormatException e) {
            LOG.debug("file transfer: a malformed Offset \"{}\", starting at 0", offset.encode());
            return 0;
        }
    }
}
