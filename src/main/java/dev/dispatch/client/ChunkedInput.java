package dev.dispatch.client;

import java.io.IOException;
import java.io.InputStream;

/** Decodes an HTTP/1.1 chunked body; end of stream after the last (zero-size) chunk. */
final class ChunkedInput extends InputStream {
    private final InputStream in;
    private long remaining;
    private boolean done;

    ChunkedInput(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (done) return -1;
        if (remaining == 0) {
            String size = UnixHttp.line(in);
            if (size == null) throw new IOException("connection closed inside a chunked body");
            if (size.isEmpty()) size = UnixHttp.line(in); // the CRLF that ends the previous chunk
            if (size == null) throw new IOException("connection closed inside a chunked body");
            int semi = size.indexOf(';');
            remaining = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
            if (remaining == 0) {
                for (String t = UnixHttp.line(in); t != null && !t.isEmpty(); t = UnixHttp.line(in)) {
                    // trailers: none expected, skipped
                }
                done = true;
                return -1;
            }
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) throw new IOException("connection closed inside a chunk");
        remaining -= n;
        return n;
    }

    @Override
    public int available() throws IOException {
        return done ? 0 : (int) Math.min(in.available(), remaining);
    }
}
