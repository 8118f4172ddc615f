package io.cachectl.warm;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * gzip decompression that refuses what {@code gzip -t} refuses. {@link java.util.zip.GZIPInputStream}
 * reads concatenated members, but ends quietly at a next member whose header is cut short or at junk
 * after the last member, so a truncated file was loaded as if it were whole. Here every member's
 * header, CRC-32 and length are checked, and anything after the last member other than zero padding
 * is an error.
 */
final class StrictGzip extends InputStream {
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final PushbackInputStream in;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] buf = new byte[1 << 16];
    private long memberBytes;
    private boolean eof;

    StrictGzip(InputStream in) throws IOException {
        this.in = new PushbackInputStream(in, buf.length);
        readHeader(true);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!eof) {
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new ZipException("corrupt gzip data (" + e.getMessage() + ")");
            }
            if (n > 0) {
                crc.update(b, off, n);
                memberBytes += n;
                return n;
            }
            if (inflater.finished()) {
                int rest = inflater.getRemaining();
                if (rest > 0) {
                    in.unread(buf, lastLen - rest, rest);
                }
                readTrailer();
                nextMember();
                continue;
            }
            if (inflater.needsDictionary()) {
                throw new ZipException("corrupt gzip data (needs a dictionary)");
            }
            if (inflater.needsInput()) {
                lastLen = in.read(buf, 0, buf.length);
                if (lastLen < 0) {
                    throw new EOFException("truncated gzip data (the stream ends inside a member)");
                }
                inflater.setInput(buf, 0, lastLen);
            }
        }
        return -1;
    }

    private int lastLen;

    private void readTrailer() throws IOException {
        long expectedCrc = u32();
        long expectedSize = u32();
        if (expectedCrc != crc.getValue()) {
            throw new ZipException("corrupt gzip data (CRC-32 mismatch)");
        }
        if (expectedSize != (memberBytes & 0xffffffffL)) {
            throw new ZipException("corrupt gzip data (length mismatch)");
        }
    }

    /** After a member: end of input, zero padding, or the next member's complete header. */
    private void nextMember() throws IOException {
        int b = in.read();
        if (b < 0) {
            eof = true;
            return;
        }
        if (b == 0) {
            int c;
            while ((c = in.read()) == 0) {
                // zero padding (tape blocks) is allowed, as gzip allows it
            }
            if (c < 0) {
                eof = true;
                return;
            }
            throw new ZipException("junk after the end of the gzip data");
        }
        in.unread(b);
        readHeader(false);
        inflater.reset();
        crc.reset();
        memberBytes = 0;
    }

    private void readHeader(boolean first) throws IOException {
        int m1 = in.read();
        int m2 = in.read();
        if (m1 != 0x1f || m2 != 0x8b) {
            throw new ZipException(first ? "not gzip data" : "junk after the end of the gzip data");
        }
        if (u8() != 8) {
            throw new ZipException("unsupported gzip compression method");
        }
        int flags = u8();
        skip(6); // mtime, xfl, os
        if ((flags & FEXTRA) != 0) {
            skip(u16());
        }
        if ((flags & FNAME) != 0) {
            while (u8() != 0) {
                // file name
            }
        }
        if ((flags & FCOMMENT) != 0) {
            while (u8() != 0) {
                // comment
            }
        }
        if ((flags & FHCRC) != 0) {
            skip(2);
        }
    }

    private int u8() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("truncated gzip data (a member header is cut short)");
        }
        return b;
    }

    private int u16() throws IOException {
        return u8() | u8() << 8;
    }

    private long u32() throws IOException {
        return (u16() & 0xffffL) | ((long) u16()) << 16;
    }

    private void skip(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            u8();
        }
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }
}
