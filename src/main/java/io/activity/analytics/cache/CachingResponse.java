package io.activity.analytics.cache;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Passes everything straight through until the cache decides (after the handler is known and the
 * lookup missed) that this response is worth storing; from then on the body is held back in
 * memory so it can be hashed, stored and answered with a 304. Only cacheable JSON reads are ever
 * buffered, never a streamed export.
 */
final class CachingResponse extends HttpServletResponseWrapper {

    static final String ATTRIBUTE = CachingResponse.class.getName();

    /**
     * Where a captured body goes: the company, the generation the lookup saw, the request key, and
     * how long it may be reused (the configured TTL, or a handler's shorter {@code ResponseCacheMaxAge}).
     */
    record Target(UUID company, String generation, String request, long ttlMillis) {}

    private Target target;
    private ByteArrayOutputStream buffer;
    private ServletOutputStream stream;
    private PrintWriter writer;

    CachingResponse(HttpServletResponse response) {
        super(response);
    }

    void capture(Target target) {
        this.target = target;
        this.buffer = new ByteArrayOutputStream(4096);
    }

    Target target() {
        return target;
    }

    boolean capturing() {
        return buffer != null;
    }

    byte[] body() {
        if (writer != null) {
            writer.flush();
        }
        return buffer.toByteArray();
    }

    HttpServletResponse raw() {
        return (HttpServletResponse) getResponse();
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (buffer == null) {
            return super.getOutputStream();
        }
        if (stream == null) {
            stream = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    buffer.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    buffer.write(b, off, len);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException("Cached responses are written synchronously");
                }
            };
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (buffer == null) {
            return super.getWriter();
        }
        if (writer == null) {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            writer = new PrintWriter(new OutputStreamWriter(buffer, charset));
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        if (buffer == null) {
            super.flushBuffer(); // a held-back body must not commit the response early
        }
    }

    @Override
    public void setContentLength(int length) {
        if (buffer == null) {
            super.setContentLength(length);
        }
    }

    @Override
    public void setContentLengthLong(long length) {
        if (buffer == null) {
            super.setContentLengthLong(length);
        }
    }

    @Override
    public void resetBuffer() {
        if (buffer != null) {
            buffer.reset();
        }
        super.resetBuffer();
    }

    @Override
    public void reset() {
        if (buffer != null) {
            buffer.reset();
        }
        super.reset();
    }
}
